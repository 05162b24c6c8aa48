"""eventx extract: input reading, resume, retries with backoff against a real loopback HTTP server."""
from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from eventx import cli


# -- input ---------------------------------------------------------------------------------------
def test_folder_reads_txt_sorted_with_gold_date_then_default(tmp_path):
    (tmp_path / "b.txt").write_text("Texte B.", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes("\ufeffTexte A, avec BOM.".encode("utf-8"))
    (tmp_path / "a.gold.json").write_text(json.dumps({"document_date": "2023-04-12", "events": []}), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"caf\xe9")  # latin-1: kept as an error, not dropped
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "a.gold.json.txt.bak").write_text("ignored", encoding="utf-8")
    docs = list(cli.read_input(tmp_path, "2025-01-01"))
    assert [d.id for d in docs] == ["a", "b", "c"]
    assert docs[0].text == "Texte A, avec BOM." and docs[0].document_date == "2023-04-12"
    assert docs[1].document_date == "2025-01-01" and docs[1].error is None
    assert docs[2].text is None and "UTF-8" in docs[2].error["detail"]
    assert cli.count_inputs(tmp_path) == 3
    assert cli.count_inputs(tmp_path, {"a"}) == 2


def test_folder_without_gold_or_default_has_no_date(tmp_path):
    (tmp_path / "x.txt").write_text("Texte.", encoding="utf-8")
    (tmp_path / "x.gold.json").write_text("{not json", encoding="utf-8")
    [doc] = cli.read_input(tmp_path, None)
    assert doc.document_date is None and doc.error is None


def test_jsonl_ids_dates_and_bad_lines_kept(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "d1", "text": "Un.", "document_date": "2024-02-29"}),
        json.dumps({"text": "Sans id."}),
        "",
        "{oops",
        json.dumps({"id": 7, "text": "Id numérique."}),
        json.dumps({"id": "d2"}),
        json.dumps(["not", "an", "object"]),
    ]) + "\n", encoding="utf-8")
    docs = list(cli.read_input(path, "2020-01-01"))
    assert [d.id for d in docs] == ["d1", "line-2", "line-4", "7", "d2", "line-7"]
    assert docs[0].document_date == "2024-02-29" and docs[1].document_date == "2020-01-01"
    assert [d.error is not None for d in docs] == [False, False, True, False, True, True]
    assert docs[2].error["title"] == "Malformed JSON line" and "Line 4" in docs[2].error["detail"]
    assert cli.count_inputs(path) == 6
    assert cli.count_inputs(path, {"d1", "line-4"}) == 4


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "o.jsonl"), "--url", "http://x"]) == 2
    assert "not found" in capsys.readouterr().err


# -- resume --------------------------------------------------------------------------------------------
def test_done_ids_and_a_cut_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "a", "response": {}}) + "\n"
                   + json.dumps({"id": "b", "error": {"status": 503}}) + "\n"
                   + json.dumps({"id": "c", "error": {}}) + "\n" + json.dumps({"id": "c", "response": {}}) + "\n"
                   + json.dumps({"id": "e", "error": {"type": cli.DUPLICATE}}) + "\n"
                   + '{"id": "d", "respo', encoding="utf-8")
    assert cli.done_ids(out) == {"a", "b", "c"}  # not "e": a duplicate-id line is about a copy
    assert out.read_text(encoding="utf-8").endswith('"duplicate-id"}}\n')  # the cut line is gone
    assert cli.done_ids(out, retry_errors=True) == {"a", "c"}
    assert cli.done_ids(tmp_path / "absent.jsonl") == set()


class _Backend(cli.HttpBackend):
    """An HttpBackend that answers without a network (for run() alone)."""

    def __init__(self):
        self.seen = []
        self.stop = threading.Event()

    def run(self, doc):
        self.seen.append(doc.id)
        return cli.Outcome(doc.id, response={"id": doc.id, "events": []})


def test_run_skips_done_ids_and_marks_duplicates(tmp_path):
    import io

    docs = [cli.Document(i, "texte") for i in ("a", "b", "c", "b")]
    backend = _Backend()
    out = io.StringIO()
    summary = cli.run(iter(docs), out, backend, concurrency=2, skip={"a"}, progress=False)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert sorted(backend.seen) == ["b", "c"]
    assert summary.skipped == 1 and summary.ok == 2 and summary.errors == 1
    dup = [x for x in lines if "error" in x]
    assert dup[0]["id"] == "b" and dup[0]["error"]["type"] == cli.DUPLICATE
    # a resume: the duplicate's error line alone does not make an id done; a done original hides its copy
    saved = tmp_path / "out.jsonl"
    saved.write_text("\n".join(json.dumps(x) for x in lines if x["id"] != "b" or "error" in x) + "\n", encoding="utf-8")
    assert cli.done_ids(saved) == {"c"}
    again = io.StringIO()
    summary = cli.run(iter(docs), again, _Backend(), skip={"a", "b"}, progress=False)
    assert summary.skipped == 3 and summary.ok == 1 and summary.errors == 0


# -- a real HTTP server on loopback ----------------------------------------------------------------------
class _Service:
    """POST /v1/extract: each id gets `fail_first` 503s (Retry-After: 0) then 200; text "BAD" gets 422."""

    def __init__(self, fail_first: int = 1):
        self.fail_first = fail_first
        self.calls: dict[str, int] = {}
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, ctype="application/json", headers=()):
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                assert self.path == "/v1/extract"
                with service.lock:
                    n = service.calls[body["id"]] = service.calls.get(body["id"], 0) + 1
                if body["text"] == "BAD":
                    return self._send(422, {"type": "https://eventx.example/problems/validation-error",
                                            "title": "Unprocessable Content", "status": 422,
                                            "detail": "The request does not match the schema; fields: text."},
                                      "application/problem+json")
                if n <= service.fail_first:
                    return self._send(503, {"title": "Service Unavailable", "status": 503,
                                            "detail": "The models are loading in this worker."},
                                      "application/problem+json", [("Retry-After", "0")])
                return self._send(200, {"id": body["id"], "document_date": body.get("document_date"),
                                        "events": [], "warnings": [], "timings": {"total": 1.0}})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_backoff_doubles_and_honours_retry_after():
    policy = cli.RetryPolicy(retries=5, backoff=0.5, max_backoff=3.0, jitter=0.0)
    assert [policy.delay(a) for a in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert policy.delay(1, "2") == 2.0 and policy.delay(1, "60") == 3.0 and policy.delay(2, "soon") == 1.0


def test_retries_503_then_200_with_exponential_backoff():
    sleeps = []
    with _Service(fail_first=3) as svc:
        backend = cli.HttpBackend(svc.url, policy=cli.RetryPolicy(retries=5, backoff=0.01, jitter=0.0,
                                                                  sleep=sleeps.append))
        out = backend.run(cli.Document("doc-1", "Une panne.", "2025-05-26"))
    assert out.error is None and out.response["id"] == "doc-1" and out.attempts == 4
    assert svc.calls == {"doc-1": 4}
    assert sleeps == [0.01, 0.02, 0.04]


def test_gives_up_after_the_retries_and_keeps_the_problem():
    sleeps = []
    with _Service(fail_first=10) as svc:
        backend = cli.HttpBackend(svc.url, policy=cli.RetryPolicy(retries=2, backoff=0.01, jitter=0.0,
                                                                  sleep=sleeps.append))
        out = backend.run(cli.Document("doc-1", "Une panne."))
    assert out.response is None and out.attempts == 3 and len(sleeps) == 2
    assert out.error["status"] == 503 and "gave up after 3 attempts" in out.error["detail"]
    assert out.record()["attempts"] == 3


def test_client_errors_are_not_retried():
    sleeps = []
    with _Service(fail_first=0) as svc:
        backend = cli.HttpBackend(svc.url, policy=cli.RetryPolicy(sleep=sleeps.append))
        out = backend.run(cli.Document("bad", "BAD"))
    assert out.error["status"] == 422 and "fields: text" in out.error["detail"] and sleeps == [] and svc.calls == {"bad": 1}


def test_connection_errors_are_retried():
    with socket.socket() as s:  # a loopback port with nobody listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps = []
    backend = cli.HttpBackend(f"http://127.0.0.1:{port}", timeout=5,
                              policy=cli.RetryPolicy(retries=2, backoff=0.01, jitter=0.0, sleep=sleeps.append))
    out = backend.run(cli.Document("x", "Une panne."))
    assert out.error["type"] == "connection-error" and out.attempts == 3 and sleeps == [0.01, 0.02]


def test_main_over_http_writes_every_document_and_resumes(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in [("one", "Une panne."), ("two", "Un rachat."), ("three", "BAD"), ("four", "Un tir.")]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / "two.gold.json").write_text(json.dumps({"document_date": "2023-04-12"}), encoding="utf-8")
    out = tmp_path / "out" / "results.jsonl"
    with _Service(fail_first=1) as svc:
        argv = ["extract", str(folder), "-o", str(out), "--url", svc.url + "/", "--concurrency", "3",
                "--backoff", "0.01", "--document-date", "2025-05-26"]
        assert cli.main(argv) == 1  # one document has an error line
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert sorted(x["id"] for x in lines) == ["four", "one", "three", "two"]
        by_id = {x["id"]: x for x in lines}
        assert by_id["three"]["error"]["status"] == 422
        assert by_id["two"]["response"]["document_date"] == "2023-04-12"     # sibling gold.json
        assert by_id["one"]["response"]["document_date"] == "2025-05-26"     # --document-date
        assert svc.calls == {"one": 2, "two": 2, "three": 1, "four": 2}       # 503 then 200
        err = capsys.readouterr().err
        assert "documents/s" in err and "3 ok, 1 errors" in err

        # resume: nothing is sent again; a new file is picked up
        (folder / "five.txt").write_text("Une explosion.", encoding="utf-8")
        assert cli.main(argv) == 0
        lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [x["id"] for x in lines].count("one") == 1 and lines[-1]["id"] == "five"
        assert svc.calls["one"] == 2 and svc.calls["five"] == 2
        assert "4 skipped" in capsys.readouterr().err

        # --retry-errors runs the failed id again (it fails the same way; the line is kept)
        assert cli.main(argv + ["--retry-errors"]) == 1
        assert svc.calls["three"] == 2
        assert cli.main(argv) == 0 and "nothing to do" in capsys.readouterr().err
