"""OpenAPI 3 document generated from the marshmallow schemas (apispec + MarshmallowPlugin),
served at /openapi.json, and a documentation page at /docs that renders it with a small
self-contained script (service/static/docs.html; no CDN)."""
from __future__ import annotations

from importlib import resources

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Response, current_app, json

import schemas
from schemas.vocabulary import EVENT_TYPES, MODALITIES

bp = Blueprint("openapi", __name__)

PROBLEM = "application/problem+json"


def _problem(description: str, headers: dict | None = None) -> dict:
    out = {"description": description, "content": {PROBLEM: {"schema": "Problem"}}}
    if headers:
        out["headers"] = headers
    return out


RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}}
REQUEST_ID = {"X-Request-ID": {"description": "The request id (the client's, or a new one).",
                               "schema": {"type": "string"}}}


def build_spec(settings) -> dict:
    from service import __version__

    spec = APISpec(
        title="eventx: French news event extraction",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": (
            "Send raw French article text, get events (type, trigger, modality, arguments with offsets "
            "and normalised values) and linked entities. Offsets are Python string indices into the "
            "request text, end exclusive. Event types: " + ", ".join(EVENT_TYPES) + ". Modalities: "
            + ", ".join(MODALITIES) + ". Every error is application/problem+json (RFC 9457). "
            f"Limits: text {settings.max_text_chars} characters, batch {settings.max_batch_documents} documents "
            f"and {settings.max_batch_chars} characters, body {settings.max_body_bytes} bytes, "
            f"time budget {settings.request_timeout_s:g} s.")},
    )
    for name, schema in [("Problem", schemas.ProblemSchema), ("Options", schemas.OptionsSchema),
                         ("Document", schemas.DocumentSchema), ("ExtractRequest", schemas.ExtractRequestSchema),
                         ("BatchRequest", schemas.BatchRequestSchema),
                         ("ExtractResponse", schemas.ExtractResponseSchema),
                         ("BatchResult", schemas.BatchResultSchema), ("BatchItem", schemas.BatchItemSchema),
                         ("BatchResponse", schemas.BatchResponseSchema), ("Health", schemas.HealthSchema)]:
        spec.components.schema(name, schema=schema)
    common = {"400": _problem("Malformed JSON or invalid UTF-8."),
              "413": _problem("Body larger than EVENTX_MAX_BODY_BYTES."),
              "415": _problem("Content-Type is not application/json."),
              "422": _problem("Schema violation; `errors` names the fields."),
              "500": _problem("Internal error (no stack trace)."),
              "503": _problem("Models not loaded yet in this worker.", RETRY_AFTER),
              "504": _problem("Processing exceeded EVENTX_REQUEST_TIMEOUT_S.")}
    spec.path(path="/v1/extract", operations={"post": {
        "summary": "Extract events from one article",
        "operationId": "extract",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": "ExtractRequest",
            "example": {"text": "Le réseau social X a été touché samedi par une panne mondiale.",
                        "document_date": "2025-05-26", "id": "article-1",
                        "options": {"include": ["entities", "sentences"]}}}}},
        "responses": {"200": {"description": "Events found (possibly none).", "headers": REQUEST_ID,
                              "content": {"application/json": {"schema": "ExtractResponse"}}}, **common},
    }})
    spec.path(path="/v1/extract/batch", operations={"post": {
        "summary": "Extract events from several articles",
        "description": "Each document is validated on its own: a bad document gives an error entry "
                       "(a Problem) at its index, not a failed batch.",
        "operationId": "extractBatch",
        "requestBody": {"required": True, "content": {"application/json": {"schema": "BatchRequest"}}},
        "responses": {"200": {"description": "One entry per document, in order.", "headers": REQUEST_ID,
                              "content": {"application/json": {"schema": "BatchResponse"}}}, **common},
    }})
    spec.path(path="/healthz/live", operations={"get": {
        "summary": "Liveness (cheap, no NLP)", "operationId": "live",
        "responses": {"200": {"description": "The process answers.",
                              "content": {"application/json": {"schema": "Health"}}}}}})
    spec.path(path="/healthz/ready", operations={"get": {
        "summary": "Readiness: 200 once this worker's models are loaded", "operationId": "ready",
        "responses": {"200": {"description": "Ready.", "content": {"application/json": {"schema": "Health"}}},
                      "503": common["503"]}}})
    spec.path(path="/metrics", operations={"get": {
        "summary": "Prometheus metrics (all workers added up)", "operationId": "metrics",
        "responses": {"200": {"description": "Prometheus text format.",
                              "content": {"text/plain": {"schema": {"type": "string"}}}}}}})
    out = spec.to_dict()
    # BatchRequest.documents items are validated one by one at run time (Raw); document them as Document.
    props = out["components"]["schemas"]["BatchRequest"]["properties"]
    props["documents"]["items"] = {"$ref": "#/components/schemas/Document"}
    props["documents"]["maxItems"] = settings.max_batch_documents
    props["documents"]["minItems"] = 1
    out["components"]["schemas"]["Document"]["properties"]["text"]["maxLength"] = settings.max_text_chars
    out["components"]["schemas"]["ExtractRequest"]["properties"]["text"]["maxLength"] = settings.max_text_chars
    return out


@bp.get("/openapi.json")
def openapi_json():
    ext = current_app.extensions["eventx"]
    if "openapi" not in ext:
        ext["openapi"] = json.dumps(build_spec(current_app.config["EVENTX_SETTINGS"]))
    return Response(ext["openapi"], mimetype="application/json")


@bp.get("/docs")
def docs():
    page = resources.files("service").joinpath("static/docs.html").read_text(encoding="utf-8")
    return Response(page, mimetype="text/html")
