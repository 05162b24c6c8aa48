"""The marshmallow contract on its own (no Flask)."""
from datetime import date

import pytest
from marshmallow import ValidationError

from schemas import (EVENT_TYPES, MODALITIES, BatchRequestSchema, ExtractRequestSchema, ExtractResponseSchema,
                     dump_validated, offset_errors)
from schemas.fields import flatten_errors
from schemas.response import validate_value

from tests.conftest import SHARED_DIR

ONTOLOGY = SHARED_DIR / "ontology.md"


def test_vocabulary_has_the_23_types_and_5_modalities():
    assert len(EVENT_TYPES) == 23 == len(set(EVENT_TYPES))
    assert MODALITIES == ("asserted", "negated", "future", "hypothetical", "attempted")


@pytest.mark.skipif(not ONTOLOGY.is_file(), reason="../shared/ontology.md not beside the repository")
def test_vocabulary_matches_the_ontology():
    import re

    text = ONTOLOGY.read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z]+\.[a-z_]+)` \|", text, flags=re.M)
    assert sorted(listed) == sorted(EVENT_TYPES)
    for m in MODALITIES:
        assert f"| `{m}` |" in text


def test_request_defaults():
    out = ExtractRequestSchema().load({"text": "Une panne."})
    assert out == {"text": "Une panne.", "document_date": None, "id": None,
                   "options": {"types": None, "include": ["entities"]}}


def test_request_full():
    out = ExtractRequestSchema().load({"text": "x", "document_date": "2025-05-26", "id": "a1",
                                       "options": {"types": ["tech.outage"], "include": ["sentences"]}})
    assert out["document_date"] == date(2025, 5, 26)
    assert out["options"] == {"types": ["tech.outage"], "include": ["sentences"]}


def test_text_limit_is_configurable_and_named():
    schema = ExtractRequestSchema(max_text_chars=10)
    schema.load({"text": "a" * 10})
    with pytest.raises(ValidationError) as exc:
        schema.load({"text": "a" * 11})
    assert "10" in exc.value.messages["text"][0]


@pytest.mark.parametrize("body,field", [
    ({"text": "x", "foo": 1}, "foo"),
    ({"text": "x", "options": {"bar": 1}}, "options.bar"),
    ({"text": "x", "options": {"types": ["nope"]}}, "options.types.0"),
    ({"text": "   "}, "text"),
    ({}, "text"),
    ([], "_schema"),
])
def test_request_errors_name_the_field(body, field):
    with pytest.raises(ValidationError) as exc:
        ExtractRequestSchema().load(body)
    assert field in flatten_errors(exc.value.messages)


def test_batch_count_limit():
    BatchRequestSchema(max_documents=2).load({"documents": [{"text": "a"}, {"text": "b"}]})
    with pytest.raises(ValidationError) as exc:
        BatchRequestSchema(max_documents=2).load({"documents": [{"text": "a"}] * 3})
    assert "2" in exc.value.messages["documents"][0]


@pytest.mark.parametrize("value", [None, "2025-05-24", "PT2H", {"amount": 44e9, "currency": "USD"}, {"value": 1500}])
def test_argument_values_accepted(value):
    validate_value(value)


@pytest.mark.parametrize("value", ["", 3, {"amount": 1}, {"amount": "1", "currency": "EUR"},
                                   {"amount": 1, "currency": "euro"}, {"value": True}, {"value": 1, "x": 2}])
def test_argument_values_refused(value):
    with pytest.raises(ValidationError):
        validate_value(value)


def _response(**overrides):
    base = {"id": None, "document_date": date(2025, 5, 26), "document_date_defaulted": False,
            "events": [{"id": "ev1", "type": "tech.outage", "modality": "asserted", "confidence": 0.9, "sentence": 0,
                        "trigger": {"text": "panne", "start": 4, "end": 9, "lemma": "panne"},
                        "arguments": []}],
            "warnings": [], "model": {"name": "m", "version": "1", "source": "committed"}, "timings": {"nlp": 1.0}}
    base.update(overrides)
    return base


def test_response_dump_validates():
    data = dump_validated(ExtractResponseSchema(), _response())
    assert data["document_date"] == "2025-05-26"
    assert offset_errors("Une panne.", data) == []


def test_response_dump_catches_contract_breaks():
    bad = _response()
    bad["events"][0]["type"] = "weather.storm"
    with pytest.raises(ValidationError):
        dump_validated(ExtractResponseSchema(), bad)
    bad = _response()
    bad["events"][0]["modality"] = "maybe"
    with pytest.raises(ValidationError):
        dump_validated(ExtractResponseSchema(), bad)


def test_offset_errors_report_mismatches():
    data = dump_validated(ExtractResponseSchema(), _response())
    assert offset_errors("Une panne.", data) == []
    assert offset_errors("Un panne..", data)
    assert offset_errors("Une", data)  # out of range
