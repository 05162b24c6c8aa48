"""End to end: the real gunicorn server, the committed models, the real extractor, over HTTP."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from schemas import EVENT_TYPES, MODALITIES
from tests.conftest import GOLD_DEV, bad_request_cases, build_bad_request, check_problem, openapi_errors
from tests.e2e.conftest import start_server, stop_server, wait_all_workers_loaded, wait_live

pytestmark = pytest.mark.skipif(not GOLD_DEV.is_dir(), reason="../shared/gold/dev not beside the repository")


def gold_docs() -> list[tuple[str, str, str]]:
    """(name, text, document_date) for every text in ../shared/gold/dev."""
    out = []
    for txt in sorted(GOLD_DEV.glob("*.txt")):
        gold = json.loads(txt.with_name(txt.stem + ".gold.json").read_text(encoding="utf-8"))
        out.append((txt.stem, txt.read_text(encoding="utf-8"), gold["document_date"]))
    return out


def check_offsets(text: str, body: dict) -> int:
    """text[start:end] equals the reported text for every trigger, argument, entity mention and
    sentence; returns how many spans were checked."""
    n = 0
    for ev in body["events"]:
        assert ev["type"] in EVENT_TYPES and ev["modality"] in MODALITIES
        t = ev["trigger"]
        assert text[t["start"]:t["end"]] == t["text"], (ev["id"], t)
        n += 1
        for a in ev["arguments"]:
            assert 0 <= a["start"] < a["end"] <= len(text)
            assert text[a["start"]:a["end"]] == a["text"], (ev["id"], a)
            n += 1
    for ent in body.get("entities", []):
        for m in ent["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"], (ent["id"], m)
            n += 1
    for s in body.get("sentences", []):
        assert 0 <= s["start"] <= s["end"] <= len(text)
        if s.get("text") is not None:
            assert text[s["start"]:s["end"]] == s["text"]
        n += 1
    return n


_SPEC: dict = {}


def openapi_spec(server) -> dict:
    if not _SPEC:
        _SPEC.update(server.get("/openapi.json").json())
    return _SPEC


def metric(server, name: str, **labels) -> float:
    total = 0.0
    for line in server.get("/metrics").text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
    return total


def test_seed_article(server):
    name, text, doc_date = next(d for d in gold_docs() if d[0] == "seed-000")
    r = server.post("/v1/extract", json={"text": text, "document_date": doc_date, "id": "seed-000",
                                          "options": {"include": ["entities", "sentences"]}},
                    headers={"X-Request-ID": "e2e-seed-000"})
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    assert r.headers["X-Request-ID"] == "e2e-seed-000"
    body = r.json()
    assert body["id"] == "seed-000" and body["document_date"] == doc_date and body["document_date_defaulted"] is False
    assert body["model"]["source"] == "committed"
    assert body["events"], "no event found in the seed article"
    assert body["entities"] and body["sentences"]
    assert {"nlp", "triggers", "arguments", "modality", "values", "entities", "total"} <= set(body["timings"])
    assert check_offsets(text, body) > len(body["events"])
    gold = json.loads((GOLD_DEV / "seed-000.gold.json").read_text(encoding="utf-8"))
    gold_triggers = {g["trigger"] for g in gold["events"]}
    assert any(ev["trigger"]["text"] in gold_triggers for ev in body["events"])


@pytest.mark.parametrize("name,text,doc_date", gold_docs(), ids=[d[0] for d in gold_docs()])
def test_offsets_on_every_dev_text(server, name, text, doc_date):
    r = server.post("/v1/extract", json={"text": text, "document_date": doc_date,
                                          "options": {"include": ["entities", "sentences"]}})
    assert r.status_code == 200, r.text
    check_offsets(text, r.json())
    assert openapi_errors(openapi_spec(server), "ExtractResponse", r.json()) == []


def test_batch_of_all_dev_texts_with_one_bad_document(server):
    docs = gold_docs()
    documents = [{"text": t, "document_date": d, "id": n} for n, t, d in docs]
    documents.insert(1, {"text": "   ", "id": "blank"})
    r = server.post("/v1/extract/batch", json={"documents": documents, "options": {"include": ["entities"]}})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == len(documents)
    assert results[1]["status"] == 422 and results[1]["id"] == "blank"
    assert results[1]["error"]["type"].endswith("/validation-error") and "documents.1.text" in results[1]["error"]["errors"]
    ok = [x for x in results if x["status"] == 200]
    assert len(ok) == len(docs)
    for item in ok:
        text = documents[item["index"]]["text"]
        assert item["id"] == documents[item["index"]]["id"]
        check_offsets(text, item["result"])
    # the batch gives the same events as one document at a time
    single = server.post("/v1/extract", json={"text": docs[0][1], "document_date": docs[0][2]}).json()
    assert [e["trigger"] for e in results[0]["result"]["events"]] == [e["trigger"] for e in single["events"]]


@pytest.mark.parametrize("name,case", bad_request_cases(), ids=[n for n, _ in bad_request_cases()])
def test_bad_requests_are_problems(server, name, case):
    method, path, headers, data = build_bad_request(case)
    r = requests.request(method, server.url + path, headers=headers, data=data, timeout=60)
    check_problem(case, r.status_code, r.headers.get("Content-Type", ""), r.json(), r.headers)
    assert openapi_errors(openapi_spec(server), "Problem", r.json()) == []


@pytest.mark.parametrize("kind,status", [("long_request_line", 414), ("huge_header", 431)])
def test_requests_gunicorn_refuses_itself_are_problems(server, kind, status):
    """Refused by gunicorn before the app sees them: problem+json too, never gunicorn's HTML page."""
    if kind == "long_request_line":
        r = requests.get(server.url + "/v1/" + "x" * 5000, timeout=30)
    else:
        r = requests.get(server.url + "/healthz/live", headers={"X-Big": "a" * 9000}, timeout=30)
    assert r.status_code == status
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["status"] == status and r.headers["X-Request-ID"]
    assert openapi_errors(openapi_spec(server), "Problem", r.json()) == []


def test_metrics_add_up_across_workers(server):
    name, text, doc_date = gold_docs()[0]
    n = 12
    before = metric(server, "eventx_http_requests_total", route="/v1/extract", status="200")
    docs_before = metric(server, "eventx_documents_processed_total", endpoint="extract")
    chars_before = metric(server, "eventx_characters_processed_total")
    ids = [f"e2e-metrics-{i}" for i in range(n)]

    def call(rid):
        r = server.post("/v1/extract", json={"text": text, "document_date": doc_date}, headers={"X-Request-ID": rid})
        assert r.status_code == 200
        return r.json()

    with ThreadPoolExecutor(max_workers=4) as pool:
        bodies = list(pool.map(call, ids))
    assert metric(server, "eventx_http_requests_total", route="/v1/extract", status="200") == before + n
    assert metric(server, "eventx_documents_processed_total", endpoint="extract") == docs_before + n
    assert metric(server, "eventx_characters_processed_total") == chars_before + n * len(text)
    # both workers served some of them: their counts were added up
    pids = {r["pid"] for r in server.log_records() if r.get("request_id") in ids}
    assert len(pids) == 2, pids
    assert metric(server, "eventx_workers_ready") == 2
    assert metric(server, "eventx_model_load_duration_seconds_count") == 2
    assert metric(server, "eventx_http_requests_in_flight") == 1  # the /metrics request itself
    n_events = sum(len(b["events"]) for b in bodies)
    assert n_events > 0
    text_metrics = server.get("/metrics").text
    assert 'eventx_stage_duration_seconds_count{component="stanza",stage="nlp"}' in text_metrics
    assert 'component="extraction",stage="arguments"' in text_metrics


def test_logs_are_json_lines_without_article_text(server):
    records = server.log_records()
    requests_logged = [r for r in records if r.get("event") == "request" and r.get("route") == "/v1/extract"]
    assert requests_logged
    for r in requests_logged:
        assert {"method", "route", "status", "duration_ms", "request_id", "characters", "events"} <= set(r)
        assert "text" not in r
    seed_text = (GOLD_DEV / "seed-000.txt").read_text(encoding="utf-8")
    assert seed_text[100:160] not in server.log_path.read_text(encoding="utf-8")


def test_readiness_went_from_503_to_200(server):
    assert server.ready_seen, "readiness was never seen before the models were loaded"
    for status, content_type, retry_after in server.ready_seen:
        assert status == 503 and content_type.startswith("application/problem+json") and retry_after
    r = server.get("/healthz/ready")
    assert r.status_code == 200 and r.json()["status"] == "ready"
    assert not (server.metrics_dir / "stale.db").exists(), "on_starting did not empty PROMETHEUS_MULTIPROC_DIR"


def test_openapi_and_docs(server):
    spec = server.get("/openapi.json").json()
    assert "/v1/extract" in spec["paths"]
    r = server.get("/docs")
    assert r.status_code == 200 and "openapi.json" in r.text


def test_not_ready_without_models(tmp_path):
    """A worker whose models are missing stays unready: live 200, ready and extract 503 (Retry-After)."""
    srv = start_server(tmp_path, workers=1, env_extra={"EVENTX_MODELS_DIR": str(tmp_path / "no-models")})
    try:
        wait_live(srv)
        assert srv.get("/healthz/live").status_code == 200
        r = srv.get("/healthz/ready")
        assert r.status_code == 503 and r.headers["Content-Type"].startswith("application/problem+json")
        assert int(r.headers["Retry-After"]) > 0
        r = srv.post("/v1/extract", json={"text": "Une panne a touché le réseau."})
        assert r.status_code == 503 and r.headers["Retry-After"] and r.json()["status"] == 503
    finally:
        stop_server(srv)


def test_sigterm_lets_the_request_in_flight_finish(tmp_path):
    """Graceful shutdown: SIGTERM to the master while a batch is being processed; the batch
    still gets its 200 and the server exits cleanly (graceful_timeout)."""
    import signal
    import threading
    import time

    srv = start_server(tmp_path, workers=2)
    try:
        wait_live(srv)
        wait_all_workers_loaded(srv, 2)
        documents = [{"text": t, "document_date": d} for _, t, d in gold_docs()] * 2
        result = {}

        def call():
            result["response"] = srv.post("/v1/extract/batch", json={"documents": documents[:32]})

        thread = threading.Thread(target=call)
        thread.start()
        deadline = time.monotonic() + 30
        while metric(srv, "eventx_http_requests_in_flight") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # the batch and this scrape
        assert metric(srv, "eventx_http_requests_in_flight") >= 2, "the batch never started"
        srv.proc.send_signal(signal.SIGTERM)
        thread.join(timeout=120)
        r = result["response"]
        assert r.status_code == 200 and len(r.json()["results"]) == min(32, len(documents))
        assert srv.proc.wait(timeout=60) == 0
    finally:
        stop_server(srv)

