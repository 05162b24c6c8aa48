"""For any text, the real pipeline never raises and every reported span is text[start:end]."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FRENCH_BITS = st.sampled_from([
    "Le groupe a racheté la société", " du ", " au ", " des ", "«\u00a0", "\u00a0»", " l’", " qu’il ", ", ",
    ". ", "\n\n", " selon Reuters ", " samedi ", " 44 milliards de dollars ", " Élodie ", "🚀", "\u202f", "\t",
    " a déclaré ", " est tombé en panne ", "e\u0301", "\u0000", " ", "-", "’", "?!", " 13H00 GMT ",
])
TEXTS = st.one_of(
    st.lists(FRENCH_BITS, min_size=1, max_size=30).map("".join),
    st.text(min_size=1, max_size=300),
)


def check_offsets(text, result):
    for ev in result["events"]:
        t = ev["trigger"]
        assert text[t["start"]:t["end"]] == t["text"]
        for arg in ev["arguments"]:
            assert 0 <= arg["start"] < arg["end"] <= len(text)
            assert text[arg["start"]:arg["end"]] == arg["text"]
    for ent in result.get("entities", []):
        for m in ent["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_gives_exact_offsets(extractor, text):
    check_offsets(text, extractor.extract(text, date(2025, 5, 26)))
