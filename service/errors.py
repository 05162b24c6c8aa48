"""RFC 9457 problem details for every 4xx and 5xx, never an HTML page."""
from __future__ import annotations

import logging

from flask import Flask, Response, g, json, request
from werkzeug.exceptions import HTTPException

from schemas.response import ProblemSchema

log = logging.getLogger("eventx.service")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://eventx.example/problems/"  # documentation anchors; not fetched by clients

_problem_schema = ProblemSchema()


class ApiProblem(Exception):
    """Raise from a view to answer with a problem."""

    def __init__(self, status: int, kind: str, title: str, detail: str | None = None, *,
                 errors: dict | None = None, limit: int | None = None, headers: dict | None = None):
        super().__init__(detail or title)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.errors, self.limit, self.headers = errors, limit, headers or {}

    def body(self) -> dict:
        return problem_body(self.status, self.kind, self.title, self.detail, errors=self.errors, limit=self.limit)


def problem_body(status: int, kind: str, title: str, detail: str | None = None, *,
                 errors: dict | None = None, limit: int | None = None) -> dict:
    body = {"type": TYPE_BASE + kind, "title": title, "status": status, "detail": detail}
    try:
        body["instance"] = request.path
        body["request_id"] = getattr(g, "request_id", None)
    except RuntimeError:  # outside a request
        pass
    if errors:
        body["errors"] = errors
    if limit is not None:
        body["limit"] = limit
    return {k: v for k, v in _problem_schema.dump(body).items() if v is not None}


def problem_response(status: int, kind: str, title: str, detail: str | None = None, *,
                     errors: dict | None = None, limit: int | None = None, headers: dict | None = None) -> Response:
    return _respond(problem_body(status, kind, title, detail, errors=errors, limit=limit), status, kind, headers)


def _respond(body: dict, status: int, kind: str, headers: dict | None) -> Response:
    g.error_kind = kind
    resp = Response(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


DRAIN_CAP_BYTES = 64 * 1024 * 1024


def _drain_body() -> None:
    """Read and drop the unread body (up to DRAIN_CAP_BYTES) before answering 413: closing a
    socket with unread data resets the connection, and the client may never see the answer."""
    stream = request.environ.get("wsgi.input")
    remaining = min(request.content_length or 0, DRAIN_CAP_BYTES)
    try:
        while stream is not None and remaining > 0:
            chunk = stream.read(min(1 << 16, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
    except Exception:  # noqa: BLE001 - best effort
        pass


_HTTP_KINDS = {400: "bad-request", 404: "not-found", 405: "method-not-allowed", 406: "not-acceptable",
               413: "body-too-large", 415: "unsupported-media-type", 429: "too-many-requests",
               503: "unavailable"}


def register(app: Flask) -> None:
    @app.errorhandler(ApiProblem)
    def _api_problem(exc: ApiProblem):
        return _respond(exc.body(), exc.status, exc.kind, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        kind = _HTTP_KINDS.get(status, f"http-{status}")
        detail = exc.description
        headers = {}
        limit = None
        if status == 405:
            allowed = getattr(exc, "valid_methods", None) or []
            headers["Allow"] = ", ".join(allowed)
            detail = f"{request.method} is not allowed on {request.path}; allowed: {', '.join(allowed)}."
        elif status == 404:
            detail = f"No route for {request.path}. See /openapi.json or /docs."
        elif status == 413:
            _drain_body()
            limit = app.config.get("MAX_CONTENT_LENGTH")
            detail = (f"The request body is larger than {limit} bytes (EVENTX_MAX_BODY_BYTES).")
        return problem_response(status, kind, exc.name, detail, limit=limit, headers=headers)

    @app.errorhandler(Exception)
    def _unhandled(exc: Exception):
        log.error("unhandled_exception", exc_info=exc,
                  extra={"event": "unhandled_exception", "request_id": getattr(g, "request_id", None)})
        return problem_response(500, "internal-error", "Internal Server Error",
                                "The server failed to process the request; the request id names it in the logs.")
