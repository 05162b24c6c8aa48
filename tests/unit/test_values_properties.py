"""eventx.values never raises, keeps exact offsets, and stays fast on long texts."""
import datetime as dt
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from eventx.values import find_value_spans, normalize_count, normalize_duration, normalize_money, normalize_time

D = dt.date(2025, 5, 26)
FRENCH = st.sampled_from([
    "samedi", "dernier", "prochaine", "8 h 48", "(heure de l’Est)", "13H00 GMT", "1 500", "2.600", "9,74",
    "milliards", "de dollars", "d’euros", "€", "£300m", "une trentaine", "des milliers", "quarante-quatre",
    "et", "un", "mi-juin", "le 1er mai", "l’an dernier", "environ", "deux heures", "%", "12/04/2023",
    "début", "semaine", "week-end", "au premier trimestre", "2025", "il y a", "jours", ",", ".", "\n",
    "\u00a0", "\u202f", "à", "midi", "du soir", "l’été", "années 1990", "31", "février", "25:99", "T5 2024",
])
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(FRENCH, max_size=30).map(" ".join),
    st.lists(st.one_of(FRENCH, st.text(max_size=5)), max_size=30).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(TEXTS, st.dates())
def test_find_value_spans_never_raises_and_keeps_offsets(text, date):
    spans = find_value_spans(text, date)
    previous_end = 0
    for span in spans:
        assert text[span.start:span.end] == span.text
        assert span.start >= previous_end and span.end > span.start
        assert span.kind in ("time", "duration", "money", "count")
        previous_end = span.end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalisers_never_raise(text):
    normalize_time(text, D)
    normalize_duration(text)
    normalize_money(text)
    normalize_count(text)


def test_calendar_edges_do_not_raise():
    for date in (dt.date.min, dt.date.max):
        find_value_spans("hier, samedi dernier, demain, la semaine prochaine, l'an prochain, le 31 décembre", date)


def test_long_text_is_fast():
    paragraph = ("La panne sur X a atteint son point culminant à environ 8 h 48 (heure de l’Est) samedi, "
                 "avec au moins 25.699 incidents ; 44 milliards de dollars, une trentaine de blessés, "
                 "la semaine prochaine, début mai, pendant deux heures. ")
    text = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    started = time.perf_counter()
    spans = find_value_spans(text, D)
    assert time.perf_counter() - started < 10
    assert len(spans) > 1000


def test_pathological_inputs_are_fast():
    """Repetitive inputs that would make a backtracking pattern quadratic or worse."""
    for unit in ("1 ", "deux-", "a", "8 h ", "de ", "1.000", " ", "des milliers de ", "le 1er ", "9,",
                 "quatre-vingt ", "à ", " "):
        text = unit * (10_000 // len(unit))
        started = time.perf_counter()
        find_value_spans(text, D)
        assert time.perf_counter() - started < 2, unit


def test_runs_of_whitespace_are_fast():
    """Scraped pages carry long runs of spaces and blank lines; no rule may try its word lists there."""
    text = (" " * 5000 + "\n" * 500 + "\u00a0" * 500 + "\t" * 500) * 15
    started = time.perf_counter()
    assert find_value_spans(text, D) == []
    assert time.perf_counter() - started < 2
