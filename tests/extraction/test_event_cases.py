"""Data-driven extraction cases (tests/cases/events/*.yaml) on the real pipeline and committed models.

Each expected event must be found (type, trigger), with its modality and arguments
(same role, overlapping span, the very span where `exact: true`, and the value where one
is given) and none of the roles
listed in its `absent`; types listed in `reject` must not be produced, nor any event on the words of `reject_triggers`. Cases the extractor does not meet yet are listed,
with the reason, in tests/extraction/known_gaps.yaml: they run as strict xfails, so a
gap that gets fixed is noticed and must be taken off the list.
"""
from datetime import date
from pathlib import Path

import pytest
import yaml

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "events"
GAPS_FILE = Path(__file__).resolve().parent / "known_gaps.yaml"


def _load_cases():
    gaps = yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8")) if GAPS_FILE.exists() else {}
    gaps = gaps or {}
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            marks = [pytest.mark.xfail(reason=gaps[case["id"]], strict=True)] if case["id"] in gaps else []
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def _find(text, needle, occurrence=1):
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise AssertionError(f"case error: {needle!r} is not in the text")
    return start, start + len(needle)


def _fillers(spec):
    items = spec if isinstance(spec, list) else [spec]
    return [item if isinstance(item, dict) else {"text": item} for item in items]


def check_case(case, result):
    text = case["text"]
    problems = []
    for exp in case.get("expect", []):
        t0, t1 = _find(text, exp["trigger"], exp.get("trigger_occurrence", 1))
        found = [e for e in result["events"] if e["type"] == exp["type"]
                 and e["trigger"]["start"] < t1 and t0 < e["trigger"]["end"]]
        if not found:
            problems.append(f"missed {exp['type']} on {exp['trigger']!r}")
            continue
        event = found[0]
        if exp.get("modality") and event["modality"] != exp["modality"]:
            problems.append(f"{exp['type']} {exp['trigger']!r}: modality {event['modality']}, expected {exp['modality']}")
        for role, spec in (exp.get("arguments") or {}).items():
            for filler in _fillers(spec):
                a0, a1 = _find(text, filler["text"])
                args = [a for a in event["arguments"] if a["role"] == role and a["start"] < a1 and a0 < a["end"]]
                if not args:
                    problems.append(f"{exp['type']} {exp['trigger']!r}: no {role}={filler['text']!r}")
                elif filler.get("exact") and not any((a["start"], a["end"]) == (a0, a1) for a in args):
                    problems.append(f"{exp['type']} {role}: span {[a['text'] for a in args]}, expected exactly {filler['text']!r}")
                elif "value" in filler and filler["value"] is not None and args[0]["value"] != filler["value"]:
                    got = args[0]["value"]
                    if not (isinstance(got, dict) and isinstance(filler["value"], dict)
                            and all(abs(float(got.get(k, 0)) - float(v)) < 1e-6 * max(1, abs(float(v))) if isinstance(v, (int, float)) else got.get(k) == v
                                    for k, v in filler["value"].items())):
                        problems.append(f"{exp['type']} {role}={filler['text']!r}: value {got!r}, expected {filler['value']!r}")
        for role in exp.get("absent", []) or []:  # roles the event must not have ("no source here")
            extra = [a["text"] for a in event["arguments"] if a["role"] == role]
            if extra:
                problems.append(f"{exp['type']} {exp['trigger']!r}: unexpected {role}={extra[0]!r}")
    for rejected in case.get("reject", []) or []:
        if any(e["type"] == rejected for e in result["events"]):
            problems.append(f"produced rejected type {rejected}")
    for word in case.get("reject_triggers", []) or []:
        w0, w1 = _find(text, word)
        hits = [e["type"] for e in result["events"] if e["trigger"]["start"] < w1 and w0 < e["trigger"]["end"]]
        if hits:
            problems.append(f"produced an event on {word!r} ({', '.join(hits)})")
    return problems


@pytest.mark.parametrize("case", _load_cases())
def test_event_case(case, extractor):
    result = extractor.extract(case["text"], date.fromisoformat(str(case.get("document_date", "2025-01-15"))))
    problems = check_case(case, result)
    assert not problems, "\n".join(problems)
