"""The extraction routes: POST /v1/extract and POST /v1/extract/batch.

HTTP only: parse and validate the body (schemas/), call the Extractor, dump the
result through the response schema (validated, offsets checked), count it.
"""
from __future__ import annotations

import json
import logging
import signal
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime, timezone

from flask import Blueprint, Response, current_app, g, request
from marshmallow import ValidationError

from schemas import (BatchRequestSchema, BatchResultSchema, BatchResponseSchema, DocumentSchema, ExtractRequestSchema,
                     ExtractResponseSchema, dump_validated, offset_errors)
from schemas.fields import flatten_errors
from service import metrics
from service.checks import language_warnings
from service.errors import ApiProblem, problem_body
from service.loader import NotReady

log = logging.getLogger("eventx.service")
bp = Blueprint("api", __name__)

JSON_TYPES = ("application/json",)
_response_schema = ExtractResponseSchema()
_batch_response_schema = BatchResponseSchema()
_batch_result_schema = BatchResultSchema()


# -- request body --------------------------------------------------------------------------
def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def read_json():
    """The request body as JSON: 415 for another content type, 400 for bad UTF-8 or bad JSON,
    413 (raised by werkzeug) past MAX_CONTENT_LENGTH."""
    mimetype = request.mimetype or ""
    if not (mimetype in JSON_TYPES or (mimetype.startswith("application/") and mimetype.endswith("+json"))):
        raise ApiProblem(415, "unsupported-media-type", "Unsupported Media Type",
                         f"Send the body as application/json (got {mimetype or 'no Content-Type'}).")
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ApiProblem(415, "unsupported-media-type", "Unsupported Media Type",
                         f"The body must be UTF-8 (charset={charset} given).")
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiProblem(400, "invalid-utf8", "Bad Request",
                         f"The body is not valid UTF-8 (byte {exc.start}: {exc.reason}).") from None
    text = text.lstrip("\ufeff")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise ApiProblem(400, "malformed-json", "Bad Request", f"The body is not valid JSON: {exc}.") from None


def validation_problem(exc: ValidationError, *, limit: int | None = None) -> ApiProblem:
    errors = flatten_errors(exc.messages)
    names = ", ".join(sorted(errors))
    return ApiProblem(422, "validation-error", "Unprocessable Content",
                      f"The request does not match the schema; fields: {names}.", errors=errors, limit=limit)


def _text_limit_hit(doc, settings) -> int | None:
    if isinstance(doc, dict) and isinstance(doc.get("text"), str) and len(doc["text"]) > settings.max_text_chars:
        return settings.max_text_chars
    return None


# -- helpers ---------------------------------------------------------------------------------
def extractor_or_503():
    """The extractor; on a worker still loading its models, wait for them (EVENTX_LOAD_WAIT_S),
    so that a replaced worker holds the one request it accepted instead of answering 503s."""
    holder = current_app.extensions["eventx"]["holder"]
    settings = current_app.config["EVENTX_SETTINGS"]
    try:
        return holder.get(wait=settings.load_wait_s)
    except NotReady as exc:
        retry = str(settings.retry_after_s)
        raise ApiProblem(503, "not-ready", "Service Unavailable", exc.detail,
                         headers={"Retry-After": retry}) from None


class TimeBudgetExceeded(BaseException):
    """BaseException, so that no broad `except Exception` in the core swallows it."""


@contextmanager
def time_budget(seconds: float):
    """Interrupt processing after `seconds` (SIGALRM; main thread of a sync worker only)."""
    usable = seconds and seconds > 0 and threading.current_thread() is threading.main_thread() \
        and hasattr(signal, "setitimer")
    if not usable:
        yield
        return

    def _expired(signum, frame):
        raise TimeBudgetExceeded()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeBudgetExceeded:
        raise ApiProblem(504, "time-budget-exceeded", "Processing Time Budget Exceeded",
                         f"Processing took longer than {seconds:g} s (EVENTX_REQUEST_TIMEOUT_S); "
                         f"send a shorter text or fewer documents.", limit=int(seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def today_utc() -> date:
    return datetime.now(timezone.utc).date()


def _model(extractor) -> dict:
    info = getattr(extractor, "model_info", None) or {}
    return {"name": str(info.get("name", "unknown")), "version": str(info.get("version", "unknown")),
            "source": str(info.get("source", "unknown"))}


class ContractViolation(Exception):
    """The extractor's output broke the response contract."""


def build_payload(result: dict, text: str, doc: dict, doc_date: date, defaulted: bool, include,
                  model: dict | None) -> dict:
    timings = {stage: round(float(sec) * 1000.0, 3) for stage, sec in (result.get("timings") or {}).items()
               if isinstance(sec, (int, float))}
    timings["total"] = round(sum(timings.values()), 3)
    payload = {
        "id": doc.get("id"),
        "document_date": doc_date,
        "document_date_defaulted": defaulted,
        "events": result.get("events") or [],
        "warnings": list(result.get("warnings") or []) + language_warnings(text),
        "timings": timings,
    }
    if "entities" in include:
        payload["entities"] = result.get("entities") or []
    if "sentences" in include:
        payload["sentences"] = result.get("sentences") or []
    if model is not None:
        payload["model"] = model
    schema = _response_schema if model is not None else _batch_result_schema
    try:
        data = dump_validated(schema, payload)
    except ValidationError as exc:
        raise ContractViolation(f"response schema: {flatten_errors(exc.messages)}") from None
    bad = offset_errors(text, data)
    if bad:
        raise ContractViolation("offsets: " + "; ".join(bad[:10]))
    return data, payload


def _contract_problem(exc: ContractViolation) -> ApiProblem:
    log.error("contract_violation", extra={"event": "contract_violation", "error": str(exc)[:2000],
                                           "request_id": getattr(g, "request_id", None)})
    return ApiProblem(500, "contract-violation", "Internal Server Error",
                      "The extractor's output did not pass the response contract; the request id names "
                      "it in the logs.")


def _document_date(doc: dict) -> tuple[date, bool]:
    if doc.get("document_date") is not None:
        return doc["document_date"], False
    return today_utc(), True


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json")


def _note(text: str, events: int, documents: int = 1) -> None:
    g.characters = getattr(g, "characters", 0) + len(text)
    g.events = getattr(g, "events", 0) + events
    g.documents = getattr(g, "documents", 0) + documents
    if current_app.config["EVENTX_SETTINGS"].log_text:
        g.texts = getattr(g, "texts", []) + [text[:2000]]


# -- routes ----------------------------------------------------------------------------------
@bp.post("/v1/extract")
def extract():
    settings = current_app.config["EVENTX_SETTINGS"]
    body = read_json()
    try:
        req = ExtractRequestSchema(max_text_chars=settings.max_text_chars).load(body)
    except ValidationError as exc:
        raise validation_problem(exc, limit=_text_limit_hit(body, settings)) from None
    extractor = extractor_or_503()
    text = req["text"]
    doc_date, defaulted = _document_date(req)
    options = req["options"]
    include = tuple(options["include"])
    with time_budget(settings.request_timeout_s):
        result = extractor.extract(text, doc_date, types=options["types"], include=include)
    try:
        data, _ = build_payload(result, text, req, doc_date, defaulted, include, _model(extractor))
    except ContractViolation as exc:
        raise _contract_problem(exc) from None
    metrics.observe_result(result, len(text), "extract")
    _note(text, len(data["events"]))
    return _json(data)


@bp.post("/v1/extract/batch")
def extract_batch():
    settings = current_app.config["EVENTX_SETTINGS"]
    t0 = time.perf_counter()
    body = read_json()
    try:
        req = BatchRequestSchema(max_documents=settings.max_batch_documents).load(body)
    except ValidationError as exc:
        limit = None
        if isinstance(body, dict) and isinstance(body.get("documents"), list) \
                and len(body["documents"]) > settings.max_batch_documents:
            limit = settings.max_batch_documents
        raise validation_problem(exc, limit=limit) from None
    doc_schema = DocumentSchema(max_text_chars=settings.max_text_chars)
    options = req["options"]
    include = tuple(options["include"])
    items: list[dict | None] = [None] * len(req["documents"])
    valid: list[tuple[int, dict]] = []
    for i, raw in enumerate(req["documents"]):
        try:
            valid.append((i, doc_schema.load(raw)))
        except ValidationError as exc:
            problem = validation_problem(exc, limit=_text_limit_hit(raw, settings))
            items[i] = {"index": i, "id": _raw_id(raw), "status": 422,
                        "error": _prefixed(problem_body(422, problem.kind, problem.title, problem.detail,
                                                        errors=problem.errors, limit=problem.limit), i)}
            metrics.ERRORS.labels(kind="document-invalid").inc()
    total_chars = sum(len(doc["text"]) for _, doc in valid)
    if total_chars > settings.max_batch_chars:
        raise ApiProblem(422, "validation-error", "Unprocessable Content",
                         f"The batch holds {total_chars} characters of text; the limit is "
                         f"{settings.max_batch_chars} (EVENTX_MAX_BATCH_CHARS). Send fewer documents per batch.",
                         errors={"documents": [f"Total text length {total_chars} exceeds {settings.max_batch_chars}."]},
                         limit=settings.max_batch_chars)
    extractor = extractor_or_503()
    dated = [(i, doc, *_document_date(doc)) for i, doc in valid]
    with time_budget(settings.request_timeout_s):
        outcomes = _run_many(extractor, [(doc["text"], d) for _, doc, d, _ in dated], options["types"], include)
    for (i, doc, doc_date, defaulted), outcome in zip(dated, outcomes):
        if isinstance(outcome, Exception):
            log.error("document_failed", exc_info=outcome,
                      extra={"event": "document_failed", "index": i, "request_id": getattr(g, "request_id", None)})
            metrics.ERRORS.labels(kind="document-failed").inc()
            items[i] = {"index": i, "id": doc.get("id"), "status": 500,
                        "error": problem_body(500, "internal-error", "Internal Server Error",
                                              f"Document {i} could not be processed; the request id names it "
                                              f"in the logs.")}
            continue
        try:
            data, raw_payload = build_payload(outcome, doc["text"], doc, doc_date, defaulted, include, None)
        except ContractViolation as exc:
            _contract_problem(exc)
            metrics.ERRORS.labels(kind="contract-violation").inc()
            items[i] = {"index": i, "id": doc.get("id"), "status": 500,
                        "error": problem_body(500, "contract-violation", "Internal Server Error",
                                              f"The output for document {i} did not pass the response contract.")}
            continue
        metrics.observe_result(outcome, len(doc["text"]), "batch")
        _note(doc["text"], len(data["events"]))
        items[i] = {"index": i, "id": doc.get("id"), "status": 200, "result": raw_payload}
    payload = {"results": items, "model": _model(extractor),
               "timings": {"total": round((time.perf_counter() - t0) * 1000.0, 3)}}
    try:
        return _json(dump_validated(_batch_response_schema, payload))
    except ValidationError as exc:
        raise _contract_problem(ContractViolation(str(flatten_errors(exc.messages)))) from None


def _run_many(extractor, docs, types, include) -> list:
    """extract_many over the batch; if it fails, each document on its own so one bad one
    becomes one error entry."""
    if not docs:
        return []
    try:
        results = extractor.extract_many(docs, types=types, include=include)
        if len(results) == len(docs):
            return results
        log.error("extract_many_mismatch", extra={"event": "extract_many_mismatch",
                                                  "sent": len(docs), "got": len(results)})
    except TimeBudgetExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - fall back to one document at a time
        log.warning("extract_many_failed", exc_info=exc, extra={"event": "extract_many_failed"})
    outcomes: list = []
    for text, doc_date in docs:
        try:
            outcomes.append(extractor.extract(text, doc_date, types=types, include=include))
        except TimeBudgetExceeded:
            raise
        except Exception as exc:  # noqa: BLE001
            outcomes.append(exc)
    return outcomes


def _raw_id(raw):
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return raw["id"][:256]
    return None


def _prefixed(problem: dict, index: int) -> dict:
    if problem.get("errors"):
        problem["errors"] = {f"documents.{index}.{k}": v for k, v in problem["errors"].items()}
    return problem
