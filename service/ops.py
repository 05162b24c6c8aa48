"""Operational routes: liveness, readiness, Prometheus metrics."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, json

from service import metrics
from service.errors import problem_response
from service.loader import ExtractorHolder

bp = Blueprint("ops", __name__)


@bp.get("/healthz/live")
def live():
    """Cheap: the process answers. No NLP."""
    return Response(json.dumps({"status": "alive"}), mimetype="application/json")


@bp.get("/healthz/ready")
def ready():
    """200 once this worker's models are loaded, 503 (problem+json, Retry-After) before."""
    holder: ExtractorHolder = current_app.extensions["eventx"]["holder"]
    settings = current_app.config["EVENTX_SETTINGS"]
    if holder.state == ExtractorHolder.NEW:
        holder.start()
    if holder.ready:
        info = getattr(holder.get(), "model_info", {}) or {}
        body = {"status": "ready", "load_seconds": round(holder.load_seconds or 0.0, 3),
                "model": {k: str(info.get(k, "unknown")) for k in ("name", "version", "source")}}
        return Response(json.dumps(body), mimetype="application/json")
    detail = {
        ExtractorHolder.LOADING: "The models are loading in this worker.",
        ExtractorHolder.FAILED: f"The models failed to load: {holder.error}",
        ExtractorHolder.DISABLED: "Model loading is disabled (EVENTX_LOAD_MODELS=false).",
    }.get(holder.state, "The models are not loaded yet.")
    return problem_response(503, "not-ready", "Service Unavailable", detail,
                            headers={"Retry-After": str(settings.retry_after_s)})


@bp.get("/metrics")
def prometheus():
    body, content_type = metrics.render()
    return Response(body, content_type=content_type)
