"""Shared test helpers: where things are, the bad-request cases, an Extractor-shaped fake.

The fake is only for unit tests of the HTTP layer (tests/unit/test_service*.py); the e2e
tests (tests/e2e/) run the real gunicorn with the real models and extractor.
"""
from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (EVENTX_SHARED_DIR overrides, e.g. for a git worktree elsewhere)
SHARED_DIR = Path(os.environ.get("EVENTX_SHARED_DIR") or REPO_ROOT.parent / "shared").resolve()
GOLD_DEV = SHARED_DIR / "gold" / "dev"
BAD_REQUESTS_DIR = REPO_ROOT / "tests" / "cases" / "bad_requests"


# -- bad-request cases (data-driven; used by unit and e2e tests) -----------------------------
def bad_request_cases() -> list[tuple[str, dict]]:
    return [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(BAD_REQUESTS_DIR.glob("*.json"))]


def _fill(target: dict, spec: dict) -> None:
    if "repeat_item" in spec:
        items = []
        for _ in range(spec["count"]):
            item = copy.deepcopy(spec["repeat_item"])
            if "item_fill" in spec:
                _fill(item, spec["item_fill"])
            items.append(item)
        target[spec["field"]] = items
    else:
        target[spec["field"]] = spec["repeat"] * spec["count"]


def build_bad_request(case: dict) -> tuple[str, str, dict, bytes | None]:
    """(method, path, headers, body bytes) for a case file."""
    headers = {}
    if case.get("content_type"):
        headers["Content-Type"] = case["content_type"]
    if "raw_hex" in case:
        data = bytes.fromhex(case["raw_hex"].replace(" ", ""))
    elif "raw" in case:
        data = case["raw"].encode("utf-8")
    elif "body" in case:
        body = copy.deepcopy(case["body"])
        if "fill" in case:
            _fill(body, case["fill"])
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    else:
        data = None
    return case["method"], case["path"], headers, data


def check_problem(case: dict, status: int, content_type: str, body: dict, headers) -> None:
    """The common checks on a problem+json answer to a bad request."""
    assert status == case["status"], (status, body)
    assert content_type.split(";")[0].strip() == "application/problem+json", content_type
    for key in ("type", "title", "status", "detail"):
        assert key in body, (key, body)
    assert body["status"] == status
    if "type" in case:
        assert body["type"].endswith("/" + case["type"]), body["type"]
    for field in case.get("error_fields", []):
        assert field in (body.get("errors") or {}), (field, body.get("errors"))
    if "limit" in case:
        assert body.get("limit") == case["limit"], body
        assert str(case["limit"]) in body["detail"] or any(
            str(case["limit"]) in m for ms in (body.get("errors") or {}).values() for m in ms), body
    if "detail_contains" in case:
        assert case["detail_contains"] in body["detail"]
    assert "Traceback" not in json.dumps(body)
    assert headers.get("X-Request-ID")


# -- OpenAPI ------------------------------------------------------------------------------------
def openapi_errors(spec: dict, component: str, instance) -> list[str]:
    """Where `instance` breaks components.schemas[component] of the service's /openapi.json
    (OpenAPI 3.0 semantics: nullable, ...); [] when it fits."""
    import referencing
    from openapi_schema_validator import OAS30Validator
    from referencing.jsonschema import DRAFT4

    registry = referencing.Registry().with_resource(
        "urn:eventx-openapi", referencing.Resource.from_contents(spec, default_specification=DRAFT4))
    validator = OAS30Validator({"$ref": f"urn:eventx-openapi#/components/schemas/{component}"}, registry=registry)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


# -- an Extractor-shaped fake ----------------------------------------------------------------
class FakeExtractor:
    """Finds "panne" (tech.outage) and "racheter"/"rachat" (business.acquisition) with regexes.

    Same interface and output shape as eventx.engine.Extractor; records its calls.
    """

    model_info = {"name": "fake", "version": "0", "source": "committed", "processors": ["tokenize"]}
    TRIGGERS = {"panne": "tech.outage", "racheter": "business.acquisition", "rachat": "business.acquisition"}

    def __init__(self):
        self.calls: list[tuple] = []
        self.fail_on: str | None = None  # a text containing this raises in extract
        self.bad_offsets = False

    def warm_up(self):
        from datetime import date

        self.extract("Le réseau social X a été touché samedi par une panne.", date(2025, 5, 26),
                     include=("entities", "sentences"))

    def extract(self, text, document_date, *, types=None, include=("entities",)):
        self.calls.append(("extract", text, document_date, types, tuple(include)))
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("boom: " + self.fail_on)
        events = []
        for m in re.finditer(r"\b(" + "|".join(self.TRIGGERS) + r")\b", text):
            etype = self.TRIGGERS[m.group(1)]
            if types and etype not in types:
                continue
            args = []
            t = re.search(r"\bsamedi\b", text)
            if t:
                args.append({"role": "time", "text": t.group(0), "start": t.start(), "end": t.end(),
                             "entity": None, "value": "2025-05-24", "confidence": 0.8})
            x = re.search(r"\bX\b", text)
            if x:
                args.append({"role": "service", "text": "X", "start": x.start(), "end": x.end(),
                             "entity": "E1", "value": None, "confidence": 0.9})
            end = m.end() + (1 if self.bad_offsets else 0)
            events.append({"id": f"ev{len(events) + 1}", "type": etype,
                           "trigger": {"text": m.group(0), "start": m.start(), "end": end, "lemma": m.group(0)},
                           "modality": "asserted", "confidence": 0.9, "sentence": 0, "arguments": args})
        result = {"events": events, "warnings": [],
                  "timings": {"nlp": 0.01, "triggers": 0.001, "arguments": 0.001, "modality": 0.0,
                              "values": 0.0, "entities": 0.0}}
        if "entities" in include:
            x = re.search(r"\bX\b", text)
            result["entities"] = ([{"id": "E1", "type": "ORG", "text": "X",
                                    "mentions": [{"text": "X", "start": x.start(), "end": x.end()}]}] if x else [])
        if "sentences" in include:
            result["sentences"] = [{"index": 0, "start": 0, "end": len(text), "text": text}]
        return result

    def extract_many(self, documents, *, types=None, include=("entities",)):
        self.calls.append(("extract_many", len(documents)))
        return [self.extract(t, d, types=types, include=include) for t, d in documents]


@pytest.fixture
def fake_extractor():
    return FakeExtractor()
