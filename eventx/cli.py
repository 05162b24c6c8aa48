"""Command-line client: ``eventx extract`` pushes an archive of articles through the extractor.

    eventx extract ../shared/gold/dev -o dev.jsonl --url http://127.0.0.1:8000 --concurrency 4
    eventx extract articles.jsonl -o out.jsonl            # in-process (loads the models here)

Input: a folder of ``*.txt`` files (id = file name without .txt; the document date comes from a
sibling ``NAME.gold.json`` ``document_date`` if present, else ``--document-date``), or a JSONL file
of ``{"id", "text", "document_date"}`` objects (``document_date`` optional, ``--document-date`` is
the default; a line without ``id`` is named ``line-N``).

Output: JSONL, one line per document, in completion order:
``{"id": ..., "response": {...}}`` (the service's /v1/extract response) or
``{"id": ..., "error": {"status", "title", "detail", ...}}``. Per-document errors are written,
never dropped. Ids already in the output file are skipped (resume); ``--retry-errors`` re-runs
the ids whose last line there is an error.

With ``--url`` documents go to ``POST {url}/v1/extract``, ``--concurrency`` at a time; 429/502/503
answers and connection errors are retried with exponential backoff (``Retry-After`` honoured).
Without ``--url`` the pipeline runs in this process (``eventx.engine.Extractor``).

Exit status: 0 every document succeeded, 1 some documents have an error line, 2 bad usage or
unreadable input.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

RETRY_STATUSES = frozenset({429, 502, 503})
DUPLICATE = "duplicate-id"  # the error type of a second document with an id already seen
DEFAULT_INCLUDE = ("entities",)


# -- input ---------------------------------------------------------------------------------------
@dataclass
class Document:
    id: str
    text: str | None
    document_date: str | None = None
    source: str = ""
    error: dict | None = None  # an input problem: written as this document's error line


class InputError(Exception):
    """The input as a whole cannot be read (missing path, not a folder or a .jsonl file)."""


def _input_problem(title: str, detail: str, kind: str = "input-error") -> dict:
    return {"status": None, "type": kind, "title": title, "detail": detail}


def _gold_date(txt: Path) -> str | None:
    gold = txt.with_name(txt.name[:-len(".txt")] + ".gold.json")
    if not gold.is_file():
        return None
    try:
        value = json.loads(gold.read_text(encoding="utf-8")).get("document_date")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value else None


def read_folder(folder: Path, default_date: str | None = None) -> Iterator[Document]:
    """The ``*.txt`` files of `folder` (not recursive), sorted by name."""
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith(".txt")):
        doc_id = path.name[:-len(".txt")]
        doc_date = _gold_date(path) or default_date
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            yield Document(doc_id, None, doc_date, str(path),
                           _input_problem("Unreadable file", f"{path.name} is not UTF-8 (byte {exc.start}: {exc.reason})."))
            continue
        except OSError as exc:
            yield Document(doc_id, None, doc_date, str(path), _input_problem("Unreadable file", f"{path.name}: {exc}"))
            continue
        yield Document(doc_id, text, doc_date, str(path))


def read_jsonl(path: Path, default_date: str | None = None) -> Iterator[Document]:
    """One document per non-blank line; a bad line becomes a document carrying its error."""
    with open(path, encoding="utf-8-sig", errors="strict") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            fallback_id = f"line-{n}"
            source = f"{path.name}:{n}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield Document(fallback_id, None, default_date, source,
                               _input_problem("Malformed JSON line", f"Line {n} is not valid JSON: {exc}."))
                continue
            if not isinstance(obj, dict):
                yield Document(fallback_id, None, default_date, source,
                               _input_problem("Malformed JSON line", f"Line {n} is not a JSON object."))
                continue
            raw_id = obj.get("id")
            doc_id = str(raw_id) if raw_id not in (None, "") else fallback_id
            doc_date = obj.get("document_date") or default_date
            text = obj.get("text")
            if not isinstance(text, str):
                yield Document(doc_id, None, doc_date, source,
                               _input_problem("Missing text", f"Line {n} has no string \"text\" field."))
                continue
            yield Document(doc_id, text, doc_date if isinstance(doc_date, str) else str(doc_date), source)


def count_inputs(path: Path, skip: set[str] | frozenset = frozenset()) -> int:
    """How many documents `path` holds, less those whose id is in `skip` (for the progress bar)."""
    if path.is_dir():
        return sum(1 for p in path.iterdir() if p.is_file() and p.name.endswith(".txt") and p.name[:-4] not in skip)
    n = 0
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if skip:
                try:
                    obj = json.loads(line)
                    doc_id = obj.get("id") if isinstance(obj, dict) else None
                except ValueError:
                    doc_id = None
                if (str(doc_id) if doc_id not in (None, "") else f"line-{number}") in skip:
                    continue
            n += 1
    return n


def read_input(path: Path, default_date: str | None = None) -> Iterator[Document]:
    if path.is_dir():
        return read_folder(path, default_date)
    if path.is_file():
        return read_jsonl(path, default_date)
    raise InputError(f"{path} is neither a folder of .txt files nor a JSONL file")


# -- output and resume ------------------------------------------------------------------------------
def done_ids(output: Path, *, retry_errors: bool = False) -> set[str]:
    """Ids already in `output` (those whose last line is an error are left out with retry_errors).

    A last line cut short by a crash is removed from the file, so that appending goes on cleanly."""
    if not output.is_file():
        return set()
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        with open(output, "r+b") as fh:
            fh.truncate(cut)
        data = data[:cut]
    last: dict[str, bool] = {}  # id -> its last line is a success
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            if isinstance(obj.get("error"), dict) and obj["error"].get("type") == DUPLICATE:
                continue  # about a second copy in the input, not about the document with this id
            last[obj["id"]] = "response" in obj
    if retry_errors:
        return {i for i, ok in last.items() if ok}
    return set(last)


# -- backends ------------------------------------------------------------------------------------------
@dataclass
class RetryPolicy:
    retries: int = 5             # retries after the first attempt
    backoff: float = 0.5         # first wait, seconds; doubles each time
    max_backoff: float = 30.0
    jitter: float = 0.1          # +- fraction of the wait
    sleep: Callable[[float], None] | None = None  # None: wait on the backend's stop event

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Wait before retry number `attempt` (1-based)."""
        wait_s = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
        if retry_after:
            try:
                wait_s = min(self.max_backoff, max(wait_s, float(retry_after)))
            except ValueError:
                pass
        if self.jitter:
            wait_s *= 1 + random.uniform(-self.jitter, self.jitter)
        return max(0.0, wait_s)


@dataclass
class Outcome:
    id: str
    response: dict | None = None
    error: dict | None = None
    attempts: int = 1
    source: str = ""

    def record(self) -> dict:
        rec: dict = {"id": self.id}
        if self.error is not None:
            rec["error"] = self.error
            if self.attempts > 1:
                rec["attempts"] = self.attempts
        else:
            rec["response"] = self.response
        return rec


class HttpBackend:
    """POST /v1/extract, one document per request, a requests.Session per thread."""

    def __init__(self, url: str, *, policy: RetryPolicy | None = None, timeout: float = 300.0,
                 include=DEFAULT_INCLUDE, types=None):
        import requests

        self._requests = requests
        self.endpoint = url.rstrip("/") + "/v1/extract"
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.include = list(include)
        self.types = list(types) if types else None
        self._local = threading.local()
        self.stop = threading.Event()  # set on Ctrl-C: no more retries, waits end at once

    def _session(self):
        s = getattr(self._local, "session", None)
        if s is None:
            s = self._local.session = self._requests.Session()
            s.headers["User-Agent"] = "eventx-cli"
        return s

    def body(self, doc: Document) -> dict:
        options: dict = {"include": self.include}
        if self.types:
            options["types"] = self.types
        payload: dict = {"id": doc.id, "text": doc.text, "options": options}
        if doc.document_date:
            payload["document_date"] = doc.document_date
        return payload

    def run(self, doc: Document) -> Outcome:
        requests = self._requests
        payload = self.body(doc)
        attempt = 0
        while True:
            attempt += 1
            retry_after = None
            try:
                resp = self._session().post(self.endpoint, json=payload, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                problem = {"status": None, "type": "connection-error", "title": type(exc).__name__,
                           "detail": str(exc)[:500]}
            else:
                if resp.status_code == 200:
                    try:
                        return Outcome(doc.id, response=resp.json(), attempts=attempt, source=doc.source)
                    except ValueError:
                        problem = {"status": 200, "type": "bad-response", "title": "Bad response",
                                   "detail": "The service answered 200 with a body that is not JSON."}
                        return Outcome(doc.id, error=problem, attempts=attempt, source=doc.source)
                problem = _problem_from(resp)
                if resp.status_code not in RETRY_STATUSES:
                    return Outcome(doc.id, error=problem, attempts=attempt, source=doc.source)
                retry_after = resp.headers.get("Retry-After")
            if attempt > self.policy.retries or self.stop.is_set():
                problem["detail"] = (problem.get("detail") or "") + f" (gave up after {attempt} attempts)"
                return Outcome(doc.id, error=problem, attempts=attempt, source=doc.source)
            (self.policy.sleep or self.stop.wait)(self.policy.delay(attempt, retry_after))


def _problem_from(resp) -> dict:
    try:
        body = resp.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and ("detail" in body or "title" in body):
        problem = dict(body)
        problem.setdefault("status", resp.status_code)
        return problem
    return {"status": resp.status_code, "title": resp.reason or "HTTP error",
            "detail": (resp.text or "")[:500]}


class LocalBackend:
    """The pipeline in this process: documents go through Extractor.extract_many in small batches."""

    def __init__(self, extractor, *, include=DEFAULT_INCLUDE, types=None):
        self.extractor = extractor
        self.include = tuple(include)
        self.types = list(types) if types else None

    @classmethod
    def load(cls, models_dir=None, *, torch_threads: int | None = None, **kwargs) -> "LocalBackend":
        if torch_threads:
            import torch

            torch.set_num_threads(torch_threads)
        from eventx.engine import Extractor

        return cls(Extractor.load(models_dir), **kwargs)

    def _date(self, doc: Document) -> tuple[date, bool]:
        if doc.document_date:
            return date.fromisoformat(doc.document_date), False
        return datetime_utc_today(), True

    def run_batch(self, docs: list[Document]) -> list[Outcome]:
        outcomes: list[Outcome | None] = [None] * len(docs)
        ready: list[tuple[int, Document, date, bool]] = []
        for i, doc in enumerate(docs):
            if not doc.text or not doc.text.strip():
                outcomes[i] = Outcome(doc.id, error={"status": 422, "type": "validation-error", "title": "Empty text",
                                                     "detail": "The text is empty."}, source=doc.source)
                continue
            try:
                d, defaulted = self._date(doc)
            except (TypeError, ValueError):
                outcomes[i] = Outcome(doc.id, error={"status": 422, "type": "validation-error", "title": "Bad date",
                                                     "detail": f"document_date {doc.document_date!r} is not an ISO date "
                                                               f"(YYYY-MM-DD)."}, source=doc.source)
                continue
            ready.append((i, doc, d, defaulted))
        results: list = []
        if ready:
            try:
                results = self.extractor.extract_many([(doc.text, d) for _, doc, d, _ in ready],
                                                      types=self.types, include=self.include)
                if len(results) != len(ready):
                    raise RuntimeError("extract_many returned a different number of results")
            except Exception:  # noqa: BLE001 - one at a time, so one bad document is one error line
                results = []
                for _, doc, d, _ in ready:
                    try:
                        results.append(self.extractor.extract(doc.text, d, types=self.types, include=self.include))
                    except Exception as exc:  # noqa: BLE001
                        results.append(exc)
        for (i, doc, d, defaulted), result in zip(ready, results):
            if isinstance(result, Exception):
                outcomes[i] = Outcome(doc.id, error={"status": 500, "type": "internal-error",
                                                     "title": type(result).__name__, "detail": str(result)[:500]},
                                      source=doc.source)
            else:
                outcomes[i] = Outcome(doc.id, response=self.payload(doc, result, d, defaulted), source=doc.source)
        return outcomes  # type: ignore[return-value]

    def payload(self, doc: Document, result: dict, d: date, defaulted: bool) -> dict:
        """The shape of the service's /v1/extract response."""
        timings = {k: round(float(v) * 1000.0, 3) for k, v in (result.get("timings") or {}).items()}
        timings["total"] = round(sum(timings.values()), 3)
        out = {"id": doc.id, "document_date": d.isoformat(), "document_date_defaulted": defaulted,
               "events": result.get("events") or []}
        for key in ("entities", "sentences"):
            if key in self.include:
                out[key] = result.get(key) or []
        out["warnings"] = result.get("warnings") or []
        info = getattr(self.extractor, "model_info", None) or {}
        out["model"] = {k: str(info.get(k, "unknown")) for k in ("name", "version", "source")}
        out["timings"] = timings
        return out


def datetime_utc_today() -> date:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).date()


# -- the run -----------------------------------------------------------------------------------------------
@dataclass
class Summary:
    total: int = 0
    skipped: int = 0
    ok: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_ids: list = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.ok + self.errors

    @property
    def docs_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


def _pending(docs: Iterator[Document], skip: set[str], summary: Summary) -> Iterator[Document]:
    seen: set[str] = set()
    for doc in docs:
        duplicate = doc.id in seen
        seen.add(doc.id)
        if doc.id in skip:
            summary.skipped += 1
            continue
        if duplicate:
            doc = Document(doc.id, None, doc.document_date, doc.source,
                           _input_problem("Duplicate id", f"id {doc.id!r} appears more than once in the input "
                                                          f"({doc.source}); only the first is processed.", DUPLICATE))
        yield doc


def run(docs: Iterator[Document], out, backend, *, concurrency: int = 4, batch_size: int = 4,
        skip: set[str] = frozenset(), total: int | None = None, progress: bool = True) -> Summary:
    """Send `docs` through `backend`, writing one JSON line per document to the text stream `out`."""
    from tqdm import tqdm

    summary = Summary()
    t0 = time.perf_counter()
    bar = tqdm(total=total, unit="doc", file=sys.stderr,
               disable=not progress, dynamic_ncols=True, smoothing=0.1,
               bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_noinv_fmt}]{postfix}")

    def emit(outcome: Outcome) -> None:
        out.write(json.dumps(outcome.record(), ensure_ascii=False) + "\n")
        out.flush()
        if outcome.error is not None:
            summary.errors += 1
            if len(summary.error_ids) < 50:
                summary.error_ids.append(outcome.id)
        else:
            summary.ok += 1
        bar.update(1)
        if summary.errors:
            bar.set_postfix_str(f"errors={summary.errors}", refresh=False)

    def input_error(doc: Document) -> Outcome:
        return Outcome(doc.id, error=doc.error, attempts=0, source=doc.source)

    pending = _pending(docs, set(skip), summary)
    try:
        if isinstance(backend, HttpBackend):
            concurrency = max(1, concurrency)
            pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="eventx-cli")
            try:
                in_flight: set = set()
                for doc in pending:
                    if doc.error is not None:
                        emit(input_error(doc))
                        continue
                    in_flight.add(pool.submit(backend.run, doc))
                    if len(in_flight) >= concurrency * 2:  # bounded: texts are not all read ahead
                        finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                        for f in finished:
                            emit(f.result())
                for f in wait(in_flight).done:
                    emit(f.result())
            except BaseException:
                # Ctrl-C: what is in flight is not written (a resume sends it again); stop retrying
                backend.stop.set()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
        else:
            batch: list[Document] = []
            for doc in pending:
                if doc.error is not None:
                    emit(input_error(doc))
                    continue
                batch.append(doc)
                if len(batch) >= max(1, batch_size):
                    for o in backend.run_batch(batch):
                        emit(o)
                    batch = []
            if batch:
                for o in backend.run_batch(batch):
                    emit(o)
    finally:
        bar.close()
        summary.seconds = time.perf_counter() - t0
        summary.total = summary.processed + summary.skipped
    return summary


# -- command line --------------------------------------------------------------------------------------------
def _iso_date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventx", description="eventx command-line tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract events from a folder of .txt files or a JSONL file",
                       description="Extract events from a folder of .txt files or a JSONL file of "
                                   "{id, text, document_date}, through a running service (--url) or in-process; "
                                   "writes one JSON line per document.")
    p.add_argument("input", type=Path, help="folder of .txt files, or a .jsonl file")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="JSONL file of results; appended to, ids already in it are skipped (resume)")
    p.add_argument("--url", help="base URL of a running eventx service (e.g. http://127.0.0.1:8000); "
                                 "without it the pipeline runs in this process")
    p.add_argument("--concurrency", type=int, default=4, help="requests in flight at once with --url (default 4)")
    p.add_argument("--batch-size", type=int, default=4,
                   help="documents per extract_many call in-process (default 4)")
    p.add_argument("--document-date", type=_iso_date,
                   help="date for documents without their own (JSONL document_date, sibling NAME.gold.json)")
    p.add_argument("--types", help="comma-separated event types to extract (default: all)")
    p.add_argument("--include", default="entities",
                   help="comma-separated extras in each response: entities, sentences (default: entities; '' for none)")
    p.add_argument("--retries", type=int, default=5, help="retries on 429/502/503 and connection errors (default 5)")
    p.add_argument("--backoff", type=float, default=0.5, help="first retry wait in seconds, doubled each time (default 0.5)")
    p.add_argument("--max-backoff", type=float, default=30.0, help="longest wait between retries (default 30)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one response (default 300)")
    p.add_argument("--retry-errors", action="store_true",
                   help="on resume, run again the ids whose last line in the output is an error")
    p.add_argument("--torch-threads", type=int, default=1,
                   help="torch intra-op threads in-process (default 1, as a service worker; 0: torch's default)")
    p.add_argument("--models-dir", help="models folder for in-process mode (default: $EVENTX_MODELS_DIR or <repo>/models)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def _csv(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def cmd_extract(args) -> int:
    if not args.input.exists():
        print(f"eventx: {args.input} not found", file=sys.stderr)
        return 2
    skip = done_ids(args.output, retry_errors=args.retry_errors)
    try:
        docs = read_input(args.input, args.document_date)
        total = count_inputs(args.input)
        todo = count_inputs(args.input, skip) if skip else total
    except (InputError, OSError, UnicodeDecodeError) as exc:
        print(f"eventx: {exc}", file=sys.stderr)
        return 2
    include, types = _csv(args.include), _csv(args.types) or None
    if skip and todo == 0:
        print(f"eventx: all {total} documents of {args.input} are already in {args.output}; nothing to do",
              file=sys.stderr)
        return 0
    if args.url:
        backend = HttpBackend(args.url, policy=RetryPolicy(args.retries, args.backoff, args.max_backoff),
                              timeout=args.timeout, include=include, types=types)
        mode = f"{backend.endpoint}, concurrency {args.concurrency}"
    else:
        print("eventx: loading the models (in-process mode; give --url to use a running service)", file=sys.stderr)
        t = time.perf_counter()
        backend = LocalBackend.load(args.models_dir, torch_threads=args.torch_threads, include=include, types=types)
        mode = f"in-process, batches of {args.batch_size}, models loaded in {time.perf_counter() - t:.1f} s"
    print(f"eventx: {total} documents in {args.input}"
          + (f", {total - todo} already in {args.output}" if skip else "") + f"; {mode}", file=sys.stderr)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "a", encoding="utf-8") as out:
        try:
            summary = run(docs, out, backend, concurrency=args.concurrency, batch_size=args.batch_size, skip=skip,
                          total=todo, progress=not args.no_progress)
        except KeyboardInterrupt:
            print(f"\neventx: interrupted; the documents done are in {args.output}: run the same command again "
                  f"to go on (requests in flight finish first)", file=sys.stderr)
            return 130
    print(f"eventx: {summary.processed} documents in {summary.seconds:.1f} s ({summary.docs_per_s:.2f} documents/s): "
          f"{summary.ok} ok, {summary.errors} errors, {summary.skipped} skipped (already in {args.output})"
          + (f"; errors: {', '.join(summary.error_ids)}" if summary.errors else ""), file=sys.stderr)
    return 1 if summary.errors else 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        return cmd_extract(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
