"""Whatever a client sends, the answer is JSON: a 200 or a problem+json 4xx, never a 500 or HTML."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.app import create_app
from service.config import Settings
from tests.conftest import FakeExtractor

_app = create_app(Settings(max_text_chars=2000), extractor=FakeExtractor())
_client = _app.test_client()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(["text", "document_date", "id", "options", "documents", "types", "include", "extra"])
bodies = st.dictionaries(keys, json_values, max_size=5) | json_values
texts = st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300)


def _check(r):
    assert r.status_code in (200, 400, 413, 415, 422), (r.status_code, r.get_data(as_text=True)[:500])
    body = json.loads(r.get_data(as_text=True))
    if r.status_code == 200:
        assert r.mimetype == "application/json"
    else:
        assert r.mimetype == "application/problem+json" and body["status"] == r.status_code
    return body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, path=st.sampled_from(["/v1/extract", "/v1/extract/batch"]))
def test_any_json_body(body, path):
    _check(_client.post(path, data=json.dumps(body), content_type="application/json"))


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes(raw):
    _check(_client.post("/v1/extract", data=raw, content_type="application/json"))


@settings(max_examples=150, deadline=None)
@given(text=texts, date=st.dates().map(lambda d: d.isoformat()))
def test_any_text_offsets_hold(text, date):
    r = _client.post("/v1/extract", json={"text": text, "document_date": date,
                                          "options": {"include": ["entities", "sentences"]}})
    body = _check(r)
    if r.status_code == 200:
        assert body["document_date"] == date
        for ev in body["events"]:
            assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
    else:
        assert not text.strip() or r.status_code == 422
