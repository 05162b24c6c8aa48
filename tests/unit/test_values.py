"""eventx.values: the API, and the data-driven cases of tests/cases/values/*.yaml."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from eventx.values import (ValueSpan, find_value_spans, normalize_count, normalize_duration, normalize_money,
                           normalize_time)

CASES = Path(__file__).resolve().parents[1] / "cases" / "values"
D = dt.date(2025, 5, 26)


def _value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


def _load_cases(section):
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data.get(section) or []):
            date = case.get("date", data.get("document_date"))
            cases.append(pytest.param(case, date, id=f"{path.stem}-{i + 1}-{case['text'][:40]}"))
    return cases


def normalise(case, date):
    kind, text = case["kind"], case["text"]
    if kind == "time":
        return normalize_time(text, date)
    if kind == "duration":
        return normalize_duration(text)
    if kind == "money":
        return normalize_money(text, case.get("default_currency"))
    return normalize_count(text)


@pytest.mark.parametrize("case, date", _load_cases("normalize"))
def test_normalize_case(case, date):
    assert normalise(case, date) == _value(case["value"])


@pytest.mark.parametrize("case, date", _load_cases("find"))
def test_find_case(case, date):
    text = case["text"]
    spans = find_value_spans(text, date)
    found = {(s.kind, s.text): s.value for s in spans}
    for expected in case["spans"]:
        key = (expected["kind"], expected["text"])
        assert key in found, f"{key} not in {sorted(found)}"
        assert found[key] == _value(expected["value"]), key
    texts = {s.text for s in spans}
    for absent in case.get("not_found", []):
        assert absent not in texts
    for span in spans:
        assert text[span.start:span.end] == span.text


def test_value_span_is_a_frozen_dataclass():
    span = find_value_spans("samedi", D)[0]
    assert span == ValueSpan("time", 0, 6, "samedi", "2025-05-24")
    with pytest.raises(AttributeError):
        span.value = None


def test_spans_are_in_text_order_and_do_not_overlap():
    text = "Samedi, 1 500 salariés ont perdu 44 milliards de dollars en deux heures, hier soir à 20 h."
    spans = find_value_spans(text, D)
    assert [s.kind for s in spans] == ["time", "count", "money", "duration", "time"]
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start


def test_offsets_with_non_breaking_spaces_and_apostrophes():
    text = "L’an dernier,\u00a0environ 1\u202f500 employés ; aujourd’hui 750\u00a0000\u00a0€."
    spans = find_value_spans(text, D)
    assert [(s.kind, s.value) for s in spans] == [
        ("time", "2024"), ("count", {"value": 1500}), ("time", "2025-05-26"),
        ("money", {"amount": 750000, "currency": "EUR"})]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_clock_time_takes_its_day_from_the_weekday_after_it():
    text = "À partir de 8 heures (heure de l’Est) dimanche, le nombre de pannes est tombé."
    spans = find_value_spans(text, D)
    assert spans[0].text == "À partir de 8 heures (heure de l’Est)"
    assert spans[0].value == "2025-05-25T08:00-04:00"
    assert spans[1].value == "2025-05-25"


def test_default_timezone_gives_a_bare_clock_time_its_offset():
    assert normalize_time("peu après 20 heures", dt.date(2020, 6, 28)) == "2020-06-28T20:00"
    assert normalize_time("peu après 20 heures", dt.date(2020, 6, 28), default_timezone="Europe/Paris") \
        == "2020-06-28T20:00+02:00"
    spans = find_value_spans("à 20 heures", dt.date(2020, 1, 28), default_timezone="Europe/Paris")
    assert spans[0].value == "2020-01-28T20:00+01:00"


def test_document_date_may_be_a_datetime_or_an_iso_string():
    assert normalize_time("hier", dt.datetime(2025, 5, 26, 12, 0)) == "2025-05-25"
    assert find_value_spans("hier", "2025-05-26")[0].value == "2025-05-25"


def test_bare_article_un_is_no_count_span_but_normalises():
    assert [s.text for s in find_value_spans("Un homme et une femme.", D)] == []
    assert normalize_count("une") == {"value": 1}


def test_money_without_currency():
    assert normalize_money("9,74 milliards") == {"amount": 9740000000, "currency": None}
    assert normalize_money("9,74 milliards", default_currency="USD") == {"amount": 9740000000, "currency": "USD"}
    assert normalize_money("des milliards") is None
    assert normalize_money("rien") is None


def test_empty_text():
    assert find_value_spans("", D) == []
    assert normalize_time("", D) is None
    assert normalize_duration("") is None
    assert normalize_money("") is None
    assert normalize_count("") is None
