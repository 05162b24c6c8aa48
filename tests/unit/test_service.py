"""The HTTP layer with Flask's test client and an Extractor-shaped fake (tests/conftest.py).

The same bad-request cases run against the real server in tests/e2e/.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone

import pytest

from service.app import create_app
from service.config import ConfigError, Settings
from tests.conftest import bad_request_cases, build_bad_request, check_problem

TEXT = "Samedi, le réseau X est tombé en panne. Le groupe veut racheter la société Y. " \
       "Le réseau social X a été touché samedi par une panne mondiale."


@pytest.fixture
def app(fake_extractor):
    return create_app(Settings(), extractor=fake_extractor)


@pytest.fixture
def client(app):
    return app.test_client()


def _metric(client, name: str, **labels) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


# -- extraction ------------------------------------------------------------------------------
def test_extract_returns_validated_events(client):
    r = client.post("/v1/extract", json={"text": TEXT, "document_date": "2025-05-26", "id": "doc-1"})
    assert r.status_code == 200, r.get_json()
    assert r.mimetype == "application/json"
    body = r.get_json()
    assert body["id"] == "doc-1"
    assert body["document_date"] == "2025-05-26" and body["document_date_defaulted"] is False
    assert body["model"] == {"name": "fake", "version": "0", "source": "committed"}
    assert {e["type"] for e in body["events"]} == {"tech.outage", "business.acquisition"}
    for ev in body["events"]:
        assert TEXT[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
        for a in ev["arguments"]:
            assert TEXT[a["start"]:a["end"]] == a["text"]
    assert "entities" in body and "sentences" not in body
    assert set(body["timings"]) >= {"nlp", "triggers", "total"}
    assert body["timings"]["nlp"] == pytest.approx(10.0)  # seconds -> milliseconds


def test_document_date_defaults_to_today_utc(client):
    body = client.post("/v1/extract", json={"text": TEXT}).get_json()
    assert body["document_date_defaulted"] is True
    assert body["document_date"] == datetime.now(timezone.utc).date().isoformat()
    assert body["id"] is None


def test_options_are_passed_through(client, fake_extractor):
    body = client.post("/v1/extract", json={"text": TEXT, "options": {"types": ["tech.outage"],
                                                                       "include": ["sentences"]}}).get_json()
    assert {e["type"] for e in body["events"]} == {"tech.outage"}
    assert "sentences" in body and "entities" not in body
    assert fake_extractor.calls[-1][3] == ["tech.outage"]


def test_non_french_text_gets_a_warning(client):
    text = ("The quick brown fox jumps over the lazy dog while the network suffered an outage "
            "that lasted for two hours on Saturday according to the company")
    body = client.post("/v1/extract", json={"text": text}).get_json()
    assert [w["code"] for w in body["warnings"]] == ["not_french"]
    body = client.post("/v1/extract", json={"text": TEXT * 2}).get_json()
    assert body["warnings"] == []


def test_extractor_output_breaking_offsets_is_a_500_not_a_bad_answer(client, fake_extractor):
    fake_extractor.bad_offsets = True
    r = client.post("/v1/extract", json={"text": TEXT})
    assert r.status_code == 500
    assert r.mimetype == "application/problem+json"
    assert r.get_json()["type"].endswith("/contract-violation")


def test_unexpected_exception_is_a_generic_500(client, fake_extractor):
    fake_extractor.fail_on = "panne"
    r = client.post("/v1/extract", json={"text": TEXT})
    assert r.status_code == 500
    assert r.mimetype == "application/problem+json"
    body = r.get_json()
    assert "boom" not in json.dumps(body) and "Traceback" not in json.dumps(body)


# -- batch -------------------------------------------------------------------------------------
def test_batch_bad_document_is_an_error_entry(client, fake_extractor):
    docs = [{"text": TEXT, "id": "a", "document_date": "2025-05-26"}, {"text": "  ", "id": "b"},
            {"text": "Une panne chez X.", "extra": 1}, "not an object", {"text": "Le rachat de Y.", "id": "e"}]
    r = client.post("/v1/extract/batch", json={"documents": docs, "options": {"include": ["entities"]}})
    assert r.status_code == 200, r.get_json()
    results = r.get_json()["results"]
    assert [x["status"] for x in results] == [200, 422, 422, 422, 200]
    assert [x["index"] for x in results] == [0, 1, 2, 3, 4]
    assert results[0]["id"] == "a" and results[1]["id"] == "b" and results[4]["id"] == "e"
    assert "documents.1.text" in results[1]["error"]["errors"]
    assert "documents.2.extra" in results[2]["error"]["errors"]
    assert results[4]["result"]["events"][0]["type"] == "business.acquisition"
    assert ("extract_many", 2) in fake_extractor.calls
    assert r.get_json()["model"]["name"] == "fake"


def test_batch_falls_back_to_one_document_at_a_time(client, fake_extractor):
    fake_extractor.fail_on = "BOOM"
    docs = [{"text": TEXT}, {"text": "BOOM panne"}, {"text": "Une panne."}]
    results = client.post("/v1/extract/batch", json={"documents": docs}).get_json()["results"]
    assert [x["status"] for x in results] == [200, 500, 200]
    assert results[1]["error"]["type"].endswith("/internal-error")
    assert "boom" not in json.dumps(results[1]).lower().replace("boom panne", "")


def test_batch_limit_is_configurable(fake_extractor):
    client = create_app(Settings(max_batch_documents=2), extractor=fake_extractor).test_client()
    r = client.post("/v1/extract/batch", json={"documents": [{"text": "a"}] * 3})
    assert r.status_code == 422 and r.get_json()["limit"] == 2


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,case", bad_request_cases(), ids=[n for n, _ in bad_request_cases()])
def test_bad_requests_are_problems(client, name, case):
    method, path, headers, data = build_bad_request(case)
    r = client.open(path, method=method, headers=headers, data=data)
    check_problem(case, r.status_code, r.headers.get("Content-Type", ""), r.get_json(force=True), r.headers)


def test_text_limit_is_configurable(fake_extractor):
    client = create_app(Settings(max_text_chars=20), extractor=fake_extractor).test_client()
    assert client.post("/v1/extract", json={"text": "a" * 20}).status_code == 200
    r = client.post("/v1/extract", json={"text": "a" * 21})
    assert r.status_code == 422 and r.get_json()["limit"] == 20 and "20" in r.get_json()["errors"]["text"][0]


def test_body_limit_is_configurable(fake_extractor):
    client = create_app(Settings(max_body_bytes=2048), extractor=fake_extractor).test_client()
    r = client.post("/v1/extract", json={"text": "a" * 3000})
    assert r.status_code == 413 and r.mimetype == "application/problem+json" and r.get_json()["limit"] == 2048


def test_not_ready_is_503_with_retry_after():
    gate = {"go": False}

    def slow_factory():
        while not gate["go"]:
            time.sleep(0.01)
        from tests.conftest import FakeExtractor
        return FakeExtractor()

    app = create_app(Settings(retry_after_s=7, load_wait_s=0), extractor_factory=slow_factory)
    client = app.test_client()
    assert client.get("/healthz/live").status_code == 200
    r = client.get("/healthz/ready")
    assert r.status_code == 503 and r.headers["Retry-After"] == "7" and r.mimetype == "application/problem+json"
    r = client.post("/v1/extract", json={"text": TEXT})
    assert r.status_code == 503 and r.headers["Retry-After"] == "7"
    gate["go"] = True
    assert app.extensions["eventx"]["holder"].wait(5)
    r = client.get("/healthz/ready")
    assert r.status_code == 200 and r.get_json()["model"]["name"] == "fake"
    assert client.post("/v1/extract", json={"text": TEXT}).status_code == 200


def _gated_app(load_wait_s: float):
    import threading

    gate = threading.Event()

    def slow_factory():
        gate.wait(30)
        from tests.conftest import FakeExtractor
        return FakeExtractor()

    return create_app(Settings(load_wait_s=load_wait_s), extractor_factory=slow_factory), gate


def test_an_extraction_request_on_a_loading_worker_waits_for_the_models():
    """A replaced gunicorn worker holds the request it accepted until its models are loaded
    (EVENTX_LOAD_WAIT_S) instead of answering 503 to everything it accepts meanwhile."""
    import threading

    app, gate = _gated_app(load_wait_s=20)
    client = app.test_client()
    assert client.get("/healthz/ready").status_code == 503  # readiness never waits
    threading.Timer(0.3, gate.set).start()
    t0 = time.perf_counter()
    r = client.post("/v1/extract", json={"text": TEXT})
    assert r.status_code == 200 and 0.25 < time.perf_counter() - t0 < 10
    assert client.post("/v1/extract/batch", json={"documents": [{"text": TEXT}]}).status_code == 200


def test_the_wait_for_the_models_is_bounded():
    app, gate = _gated_app(load_wait_s=0.3)
    client = app.test_client()
    try:
        t0 = time.perf_counter()
        r = client.post("/v1/extract", json={"text": TEXT})
        assert r.status_code == 503 and r.headers["Retry-After"] and 0.25 < time.perf_counter() - t0 < 5
        assert "loading" in r.get_json()["detail"]
    finally:
        gate.set()
    assert Settings(request_timeout_s=120, load_wait_s=30).worker_timeout_s > 150  # gunicorn waits for both


def test_failed_load_keeps_the_worker_unready():
    def broken():
        raise FileNotFoundError("missing model file: /nowhere/tokenize.pt")

    app = create_app(Settings(), extractor_factory=broken)
    client = app.test_client()
    client.get("/healthz/ready")
    app.extensions["eventx"]["holder"].wait(5)
    r = client.get("/healthz/ready")
    assert r.status_code == 503 and "tokenize.pt" in r.get_json()["detail"]
    assert client.post("/v1/extract", json={"text": TEXT}).status_code == 503


def test_time_budget(fake_extractor, monkeypatch):
    def slow(*a, **k):
        time.sleep(2)
    monkeypatch.setattr(fake_extractor, "extract", slow)
    client = create_app(Settings(request_timeout_s=0.2), extractor=fake_extractor).test_client()
    t0 = time.perf_counter()
    r = client.post("/v1/extract", json={"text": TEXT})
    assert time.perf_counter() - t0 < 1.5
    assert r.status_code == 504 and r.mimetype == "application/problem+json"


# -- request id, logs --------------------------------------------------------------------------
def test_request_id_is_honoured_or_made(client):
    assert client.get("/healthz/live", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    made = client.get("/nope").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz/live", headers={"X-Request-ID": "bad id!"}).headers["X-Request-ID"] != "bad id!"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _request_records(client, request_id, **kwargs):
    logger = logging.getLogger("eventx.request")
    handler = _Records()
    logger.addHandler(handler)
    try:
        client.post("/v1/extract", headers={"X-Request-ID": request_id}, **kwargs)
    finally:
        logger.removeHandler(handler)
    return [r for r in handler.records if getattr(r, "request_id", None) == request_id]


def test_one_json_log_line_per_request_without_text(client):
    records = _request_records(client, "log-1", json={"text": TEXT})
    assert len(records) == 1
    rec = records[0]
    assert (rec.method, rec.route, rec.status, rec.characters) == ("POST", "/v1/extract", 200, len(TEXT))
    assert rec.events == 3 and rec.duration_ms >= 0
    from service.logs import JsonFormatter
    line = JsonFormatter().format(rec)
    assert json.loads(line)["request_id"] == "log-1"
    assert "panne" not in line


def test_log_text_opt_in(fake_extractor):
    client = create_app(Settings(log_text=True), extractor=fake_extractor).test_client()
    [rec] = _request_records(client, "log-2", json={"text": TEXT})
    assert rec.text == [TEXT]


# -- metrics, openapi, docs ----------------------------------------------------------------------
def test_metrics_count_requests_documents_events(client):
    before = _metric(client, "eventx_http_requests_total", route="/v1/extract", status="200")
    docs_before = _metric(client, "eventx_documents_processed_total")
    ev_before = _metric(client, "eventx_events_extracted_total", type="tech.outage")
    for _ in range(3):
        client.post("/v1/extract", json={"text": TEXT})
    client.post("/v1/extract", json={"text": ""})
    assert _metric(client, "eventx_http_requests_total", route="/v1/extract", status="200") == before + 3
    assert _metric(client, "eventx_documents_processed_total") == docs_before + 3
    assert _metric(client, "eventx_events_extracted_total", type="tech.outage") == ev_before + 6
    text = client.get("/metrics").get_data(as_text=True)
    for name in ("eventx_http_request_duration_seconds_bucket", "eventx_http_requests_in_flight",
                 "eventx_characters_processed_total", 'eventx_stage_duration_seconds_count{component="stanza"',
                 'eventx_errors_total{kind="validation-error"}', "eventx_model_load_duration_seconds"):
        assert name in text, name


def test_openapi_is_generated_from_the_schemas(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/v1/extract", "/v1/extract/batch", "/healthz/live", "/healthz/ready", "/metrics"} <= set(spec["paths"])
    comps = spec["components"]["schemas"]
    assert {"ExtractRequest", "ExtractResponse", "Problem", "Event", "BatchRequest", "BatchResponse"} <= set(comps)
    from schemas import EVENT_TYPES
    assert comps["Event"]["properties"]["type"]["enum"] == list(EVENT_TYPES)
    assert comps["ExtractRequest"]["additionalProperties"] is False  # unknown fields are refused
    assert comps["ExtractRequest"]["required"] == ["text"]
    assert comps["Options"]["properties"]["types"]["items"]["enum"] == list(EVENT_TYPES)


def test_docs_page_needs_no_cdn(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "/openapi.json" in html
    assert "http://" not in html and "https://" not in html


def test_config_from_env():
    s = Settings.from_env({"EVENTX_MAX_TEXT_CHARS": "500", "EVENTX_LOG_TEXT": "true", "LOG_LEVEL": "debug",
                           "EVENTX_REQUEST_TIMEOUT_S": "2.5", "EVENTX_MODELS_DIR": "/m"})
    assert (s.max_text_chars, s.log_text, s.log_level, s.request_timeout_s, s.models_dir) == \
        (500, True, "DEBUG", 2.5, "/m")
    assert Settings.from_env({}) == Settings()
    with pytest.raises(ConfigError, match="EVENTX_MAX_TEXT_CHARS"):
        Settings.from_env({"EVENTX_MAX_TEXT_CHARS": "lots"})
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        Settings.from_env({"LOG_LEVEL": "chatty"})
