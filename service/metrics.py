"""Prometheus metrics.

Under gunicorn PROMETHEUS_MULTIPROC_DIR is set (gunicorn.conf.py empties it at master
start and marks dead workers): every worker writes its own files and /metrics adds
them up through a MultiProcessCollector. Without it (Flask test client, a single
process) the default registry is used.

The variable must be set before prometheus_client is first imported in a process, which
gunicorn.conf.py guarantees (the master never imports the app: no preload_app).
"""
from __future__ import annotations

import os

from prometheus_client import (CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram,
                               generate_latest)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
STANZA_STAGES = frozenset({"nlp"})

REQUESTS = Counter("eventx_http_requests", "HTTP requests by route template, method and status",
                   ["method", "route", "status"])
LATENCY = Histogram("eventx_http_request_duration_seconds", "HTTP request latency by route template",
                    ["method", "route"], buckets=LATENCY_BUCKETS)
IN_FLIGHT = Gauge("eventx_http_requests_in_flight", "Requests being served right now (all workers)",
                  multiprocess_mode="livesum")
DOCUMENTS = Counter("eventx_documents_processed", "Documents run through the extractor", ["endpoint"])
CHARACTERS = Counter("eventx_characters_processed", "Characters of text run through the extractor")
EVENTS = Counter("eventx_events_extracted", "Events returned, by event type", ["type"])
STAGE_SECONDS = Histogram("eventx_stage_duration_seconds",
                          "Time per extraction stage per document (component: stanza or extraction)",
                          ["stage", "component"], buckets=STAGE_BUCKETS)
MODEL_LOAD_SECONDS = Histogram("eventx_model_load_duration_seconds", "Time a worker took to load the models",
                               buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300))
MODELS_LOADED = Gauge("eventx_workers_ready", "Workers whose models are loaded", multiprocess_mode="livesum")
ERRORS = Counter("eventx_errors", "Error responses and per-document errors by kind", ["kind"])


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def render() -> tuple[bytes, str]:
    """The exposition text: all workers added up under gunicorn, this process otherwise."""
    if multiprocess_dir():
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def observe_result(result: dict, text_chars: int, endpoint: str) -> None:
    DOCUMENTS.labels(endpoint=endpoint).inc()
    CHARACTERS.inc(text_chars)
    for ev in result.get("events") or ():
        EVENTS.labels(type=ev.get("type", "unknown")).inc()
    for stage, seconds in (result.get("timings") or {}).items():
        if isinstance(seconds, (int, float)):
            component = "stanza" if stage in STANZA_STAGES else "extraction"
            STAGE_SECONDS.labels(stage=stage, component=component).observe(max(float(seconds), 0.0))


def model_loaded(seconds: float) -> None:
    MODEL_LOAD_SECONDS.observe(seconds)
    MODELS_LOADED.inc()
