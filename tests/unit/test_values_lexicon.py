"""The value lexicons (eventx/lexicons/values): every example replays, malformed files fail loudly."""
import shutil

import pytest

from eventx.values import find_value_spans, normalize_count, normalize_duration, normalize_money, normalize_time
from eventx.values.lexicon import LEXICON_DIR, LexiconError, load_lexicon, read_lexicon
from eventx.values.numbers import number_regex
from eventx.values.patterns import compile_rules
from eventx.values.timex import TIME_RESOLVERS

LEX = load_lexicon()


def normalise(kind, text, date):
    return {"time": lambda: normalize_time(text, date), "duration": lambda: normalize_duration(text),
            "money": lambda: normalize_money(text), "count": lambda: normalize_count(text)}[kind]()


def _entry_examples():
    for concept, entries in LEX.concepts.items():
        for entry in entries:
            if entry.example:
                yield pytest.param(entry, LEX.example_dates[concept], id=f"{entry.source}: {entry.example[:40]}")


def _rule_examples():
    for kind, rules in LEX.rules.items():
        for rule in rules:
            for text, expect, date in rule.examples:
                yield pytest.param(kind, text, expect, date, id=f"{kind}.{rule.name}: {text[:40]}")


@pytest.mark.parametrize("entry, date", list(_entry_examples()))
def test_lexicon_example(entry, date):
    assert normalise(entry.example_kind, entry.example, date) == entry.expect
    spans = find_value_spans(entry.example, date)
    if entry.expect is not None or entry.concept in ("vague_times", "vague_quantities"):
        assert any(s.kind == entry.example_kind and s.value == entry.expect for s in spans), spans


@pytest.mark.parametrize("kind, text, expect, date", list(_rule_examples()))
def test_rule_example(kind, text, expect, date):
    assert normalise(kind, text, date) == expect


def test_every_rule_has_an_example():
    assert [r.source for rules in LEX.rules.values() for r in rules if not r.examples] == []


def test_every_vague_time_form_is_a_time_span_without_value():
    for entry in LEX.entries("vague_times"):
        for form in entry.forms:
            spans = find_value_spans(form, "2025-05-26")
            assert [(s.kind, s.text, s.value) for s in spans] == [("time", form, None)], form


def test_every_weekday_and_month_form_is_recognised():
    for entry in LEX.entries("weekdays"):
        for form in entry.forms:
            assert normalize_time(f"{form} dernier", "2025-05-26") is not None, form
    for entry in LEX.entries("months"):
        for form in entry.forms:
            assert normalize_time(f"le 3 {form} 2024", "2025-05-26") == f"2024-{entry.value:02d}-03", form


def test_every_currency_form_and_symbol_is_recognised():
    for entry in LEX.entries("currencies"):
        for form in entry.forms + tuple(entry.get("weak_names", ())):
            assert normalize_money(f"3 millions de {form}") == {"amount": 3000000, "currency": entry.value}, form
        for symbol in entry.get("symbols"):
            assert normalize_money(f"12 {symbol}") == {"amount": 12, "currency": entry.value}, symbol


# -- the loader fails loudly ---------------------------------------------------------------------

@pytest.fixture
def lexdir(tmp_path):
    target = tmp_path / "values"
    shutil.copytree(LEXICON_DIR, target)
    return target


@pytest.mark.parametrize("file, old, new, message", [
    ("weekdays.yaml", "value: 1\n", "value: lundi\n", "weekdays.yaml entry 1: field 'value'"),
    ("weekdays.yaml", "  - forms: [lundi]\n", "  - forms: []\n", "weekdays.yaml entry 1: 'forms'"),
    ("months.yaml", "    value: 3\n", "    value: 3\n    colour: red\n", "months.yaml entry 3: unknown field"),
    ("parts_of_day.yaml", "value: NI", "value: NIGHT", "parts_of_day.yaml entry 4: field 'value'"),
    ("currencies.yaml", "    symbols: [\"€\", EUR]\n", "", "currencies.yaml entry 1: missing field 'symbols'"),
    ("relative_words.yaml", "position: after", "position: later", "relative_words.yaml entry 2"),
    ("timezones.yaml", "concept: timezones", "concept: zones", "timezones.yaml: unknown concept"),
    ("timezones.yaml", "value: Asia/Tokyo", "value: Mars/Olympus", "timezones.yaml entry 9: field 'value'"),
    ("timezones.yaml", "value: \"-05:00\"", "value: \"-5\"", "timezones.yaml entry"),
    ("ordinals.yaml", "example_date: 2023-04-12", "example_date: soon", "ordinals.yaml: 'example_date'"),
    ("months.yaml", "entries:", "entries: [", "months.yaml: not valid YAML"),
    ("rules/time.yaml", "resolve: vague", "resolve: nothing", "rules/time.yaml"),
    ("rules/count.yaml", "    resolve: count\n", "", "count.yaml rule 1: missing or empty 'resolve'"),
    ("rules/money.yaml", "{text: \"£300m\"", "{txt: \"£300m\"", "money.yaml rule 2 (currency_then_amount)"),
    ("rules/count.yaml", "(?:{~approx} ){0,3}{number}(?!", "(?:{~approx} )*{number}(?!", "must be bounded"),
    ("rules/duration.yaml", "kind: duration", "kind: durations", "rules/duration.yaml: 'kind' must be one of"),
])
def test_malformed_lexicon_fails_loudly(lexdir, file, old, new, message):
    path = lexdir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        lexicon = read_lexicon(lexdir)
        compile_rules(lexicon, "time", TIME_RESOLVERS, number_regex(lexicon))
    assert message in str(info.value)


def test_missing_lexicon_file_fails_loudly(lexdir):
    (lexdir / "currencies.yaml").unlink()
    with pytest.raises(LexiconError, match="currencies"):
        read_lexicon(lexdir)


def test_unknown_list_in_a_rule_fails_loudly(lexdir):
    path = lexdir / "rules" / "time.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"{vague_time}"', '"{vague_tim}"'), encoding="utf-8")
    lexicon = read_lexicon(lexdir)
    with pytest.raises(LexiconError, match=r"unknown list or pattern \{vague_tim\}"):
        compile_rules(lexicon, "time", TIME_RESOLVERS, number_regex(lexicon))


def test_bad_regex_in_a_rule_fails_loudly(lexdir):
    path = lexdir / "rules" / "time.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"{vague_time}"', '"({vague_time}"'), encoding="utf-8")
    lexicon = read_lexicon(lexdir)
    with pytest.raises(LexiconError, match="rule 2 \\(vague\\): bad pattern"):
        compile_rules(lexicon, "time", TIME_RESOLVERS, number_regex(lexicon))
