"""Application factory: ``create_app()`` builds the Flask app from configuration.

Nothing heavy happens here: the models are loaded later, once per worker and after
fork (gunicorn.conf.py's post_worker_init calls ``start_loading(app)``), or by the first
request that needs them when the app runs outside gunicorn.
"""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request

from service import api, errors, metrics, ops, openapi
from service.config import Settings
from service.loader import ExtractorHolder, default_factory
from service.logs import configure as configure_logs
from service import ui

request_log = logging.getLogger("eventx.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def create_app(settings: Settings | None = None, *, extractor=None, extractor_factory=None) -> Flask:
    """Build the app.

    settings: defaults to Settings.from_env().
    extractor: an already-built Extractor (tests); the app is ready at once.
    extractor_factory: a callable returning an Extractor, called in a background thread.
    """
    settings = settings or Settings.from_env()
    configure_logs(settings.log_level)
    app = Flask(__name__)
    app.config["EVENTX_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    if extractor is not None:
        holder = ExtractorHolder.ready_with(extractor)
    else:
        holder = ExtractorHolder(extractor_factory or default_factory(settings.models_dir, settings.torch_threads),
                                 enabled=settings.load_models, on_loaded=metrics.model_loaded)
    app.extensions["eventx"] = {"holder": holder}

    errors.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(ui.bp)  # reading view at /ui, index at /
    app.before_request(_before)
    app.after_request(_after)
    app.teardown_request(_teardown)
    return app


def start_loading(app: Flask) -> None:
    """Start loading the models in this process (call after fork)."""
    app.extensions["eventx"]["holder"].start()


def _before():
    rid = request.headers.get("X-Request-ID", "")
    g.request_id = rid if _REQUEST_ID.match(rid) else uuid.uuid4().hex
    g.start = time.perf_counter()
    metrics.IN_FLIGHT.inc()
    g.in_flight = True


def _after(response):
    response.headers["X-Request-ID"] = getattr(g, "request_id", None) or uuid.uuid4().hex
    duration = time.perf_counter() - getattr(g, "start", time.perf_counter())
    route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    status = response.status_code
    metrics.REQUESTS.labels(method=request.method, route=route, status=str(status)).inc()
    metrics.LATENCY.labels(method=request.method, route=route).observe(duration)
    if status >= 400:
        metrics.ERRORS.labels(kind=getattr(g, "error_kind", None) or f"http-{status}").inc()
    quiet = route in ("/metrics", "/healthz/live", "/healthz/ready") and status < 400
    fields = {"event": "request", "method": request.method, "route": route, "path": request.path,
              "status": status, "duration_ms": round(duration * 1000.0, 3),
              "request_id": response.headers["X-Request-ID"],
              "characters": getattr(g, "characters", 0), "events": getattr(g, "events", 0)}
    if getattr(g, "documents", 0) > 1:
        fields["documents"] = g.documents
    if getattr(g, "texts", None):
        fields["text"] = g.texts
    # probes and scrapes are logged at DEBUG so that they do not drown the request lines
    request_log.log(logging.DEBUG if quiet else logging.INFO, "request", extra=fields)
    return response


def _teardown(exc=None):
    if getattr(g, "in_flight", False):
        metrics.IN_FLIGHT.dec()
        g.in_flight = False
