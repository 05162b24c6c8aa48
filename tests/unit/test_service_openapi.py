"""/openapi.json is a valid OpenAPI 3 document, and what the service really answers fits it."""
from __future__ import annotations

import pytest

from service.app import create_app
from service.config import Settings
from tests.conftest import bad_request_cases, build_bad_request, openapi_errors

openapi_spec_validator = pytest.importorskip("openapi_spec_validator")
openapi_schema_validator = pytest.importorskip("openapi_schema_validator")
pytest.importorskip("referencing")

TEXT = "Le réseau social X a été touché samedi par une panne. Le groupe veut racheter la société Y."


@pytest.fixture
def client(fake_extractor):
    return create_app(Settings(), extractor=fake_extractor).test_client()


@pytest.fixture
def spec(client):
    return client.get("/openapi.json").get_json()


def test_spec_is_valid_openapi(spec):
    openapi_spec_validator.validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_documented(client, spec):
    app = client.application
    html_or_self = {"/docs", "/openapi.json", "/", "/ui", "/static/<path:filename>"}
    for rule in app.url_map.iter_rules():
        if rule.rule in html_or_self or rule.rule.startswith(("/ui/", "/static")) or rule.endpoint == "static":
            continue
        assert rule.rule in spec["paths"], f"{rule.rule} is not in /openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][rule.rule]


def test_vocabulary_is_in_the_spec(spec):
    from schemas import EVENT_TYPES, MODALITIES

    event = spec["components"]["schemas"]["Event"]["properties"]
    assert event["type"]["enum"] == list(EVENT_TYPES)
    assert event["modality"]["enum"] == list(MODALITIES)
    options = spec["components"]["schemas"]["Options"]["properties"]
    assert options["types"]["items"]["enum"] == list(EVENT_TYPES)


def test_extract_response_fits_the_spec(client, spec):
    r = client.post("/v1/extract", json={"text": TEXT, "document_date": "2025-05-26", "id": "a",
                                         "options": {"include": ["entities", "sentences"]}})
    body = r.get_json()
    assert r.status_code == 200 and body["events"] and body["entities"] and body["sentences"]
    assert openapi_errors(spec, "ExtractResponse", body) == []


def test_batch_response_fits_the_spec(client, spec):
    r = client.post("/v1/extract/batch", json={"documents": [{"text": TEXT, "id": "ok"}, {"text": " ", "id": "bad"}]})
    body = r.get_json()
    assert r.status_code == 200
    assert openapi_errors(spec, "BatchResponse", body) == []
    ok, bad = body["results"]
    assert openapi_errors(spec, "BatchResult", ok["result"]) == []
    assert openapi_errors(spec, "Problem", bad["error"]) == []


@pytest.mark.parametrize("value,fits", [
    (None, True), ("2025-05-24", True), ("PT2H", True), ({"amount": 44e9, "currency": "USD"}, True),
    ({"value": 1500}, True), ({"amount": 1}, False), ({"value": 1, "currency": "EUR"}, False),
    ({"amount": 1, "currency": "dollars"}, False), (12, False), ("", False),
])
def test_argument_values_in_the_spec(spec, value, fits):
    arg = {"role": "price", "text": "x", "start": 0, "end": 1, "entity": None, "value": value, "confidence": 0.5}
    assert (openapi_errors(spec, "Argument", arg) == []) is fits


@pytest.mark.parametrize("name,case", bad_request_cases(), ids=[n for n, _ in bad_request_cases()])
def test_problems_fit_the_spec(client, spec, name, case):
    method, path, headers, data = build_bad_request(case)
    r = client.open(path, method=method, headers=headers, data=data)
    assert openapi_errors(spec, "Problem", r.get_json()) == []


def test_health_fits_the_spec(client, spec):
    for path in ("/healthz/live", "/healthz/ready"):
        assert openapi_errors(spec, "Health", client.get(path).get_json()) == []
