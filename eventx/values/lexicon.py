"""Load the French value lexicons (eventx/lexicons/values/*.yaml) and the value rules
(eventx/lexicons/values/rules/<kind>.yaml).

One YAML file per concept (weekdays, months, currencies...). Every file has a header
(`concept`, `kind`, `example_date`) and a list of `entries`; each entry has `forms` (the
words), the concept's own fields (checked against SCHEMAS below) and optionally an
`example` phrase with the value it must `expect`. Anything malformed raises LexiconError
naming the file and the entry.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons" / "values"
KINDS = ("time", "duration", "money", "count")

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # the C loader where built


class LexiconError(ValueError):
    """A value lexicon or rule file is malformed."""


def _one_of(*choices):
    def check(value):
        return value in choices
    check.__name__ = "one of " + ", ".join(map(str, choices))
    return check


def _list_of_str(value):
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _str(value):
    return isinstance(value, str) and bool(value.strip())


def _zone(value):
    """"local", "UTC", a fixed offset "-05:00", or an IANA zone name this machine knows."""
    if value in ("local", "UTC") or (isinstance(value, str) and re.fullmatch(r"[+-](?:0[0-9]|1[0-4]):[0-5][0-9]", value)):
        return True
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


_zone.__name__ = "a zone: local, UTC, +HH:MM or an IANA name"


def _bool(value):
    return isinstance(value, bool)


def _kinds(value):
    return isinstance(value, list) and bool(value) and all(v in KINDS for v in value)


# concept -> {field: (check, required)}
SCHEMAS: dict[str, dict[str, tuple]] = {
    "weekdays": {"value": (_int, True)},
    "months": {"value": (_int, True)},
    "parts_of_day": {"value": (_one_of("MO", "AF", "EV", "NI"), True)},
    "deictic_days": {"value": (_int, True)},
    "relative_words": {"value": (_one_of(-1, 0, 1), True), "position": (_one_of("before", "after"), True)},
    "calendar_units": {"value": (_one_of("day", "week", "weekend", "month", "quarter", "half", "year"), True)},
    "period_positions": {"value": (_one_of("start", "end", "mid", "during"), True)},
    "ordinals": {"value": (_int, True)},
    "timezones": {"value": (_zone, True)},
    "vague_times": {},
    "anaphoric_words": {},
    "story_anchors": {"value": (_int, True)},
    "seasons": {"value": (_one_of("SP", "SU", "FA", "WI"), True)},
    "clock_words": {"value": (_int, True)},
    "number_words": {"value": (_int, True), "role": (_one_of("add", "hundred", "thousand"), True),
                     "standalone": (_bool, False)},
    "scale_words": {"value": (_int, True), "abbreviation": (_bool, False)},
    "approximate_numbers": {"value": (_int, True)},
    "vague_quantities": {},
    "approximators": {"applies_to": (_kinds, True)},
    "currencies": {"value": (_str, True), "symbols": (_list_of_str, True), "weak_names": (_list_of_str, False)},
    "duration_units": {"value": (_one_of("Y", "M", "W", "D", "H", "S"), True), "time": (_bool, False),
                       "factor": (_int, False)},
    "non_count_units": {},
}
COMMON_FIELDS = {"forms", "example", "expect", "example_kind", "case_sensitive"}


@dataclass(frozen=True)
class Entry:
    concept: str
    forms: tuple[str, ...]
    fields: dict = field(hash=False, compare=False)
    example: str | None = None
    expect: Any = None
    example_kind: str = "time"
    case_sensitive: bool = False
    source: str = ""

    def get(self, name, default=None):
        return self.fields.get(name, default)

    @property
    def value(self):
        return self.fields.get("value")


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    name: str
    pattern: str
    resolve: str
    examples: tuple = ()
    source: str = ""


@dataclass
class Lexicon:
    concepts: dict[str, list[Entry]]
    example_dates: dict[str, datetime.date]
    rules: dict[str, list[RuleSpec]]
    patterns: dict[str, dict[str, str]]          # kind -> named sub-patterns of its rule file
    _index: dict = field(default_factory=dict, repr=False)

    def entries(self, concept: str) -> list[Entry]:
        return self.concepts[concept]

    def lookup(self, concept: str, text: str | None) -> Entry | None:
        """The entry of `concept` one of whose forms is `text` (case, apostrophes, hyphens ignored)."""
        if text is None:
            return None
        index = self._index.get(concept)
        if index is None:
            index = {key(f): e for e in self.concepts[concept] for f in _all_forms(e)}
            self._index[concept] = index
        return index.get(key(text))

    def value(self, concept: str, text: str | None, default=None):
        entry = self.lookup(concept, text)
        return default if entry is None else entry.value


def _all_forms(entry: Entry):
    yield from entry.forms
    yield from entry.get("symbols", ())
    yield from entry.get("weak_names", ())


def key(text: str) -> str:
    """Normalise a word for lookup: case, apostrophes, hyphens and spaces folded."""
    text = text.casefold().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"[-‐‑–\s]+", " ", text)
    return re.sub(r"(?<=') ", "", text).strip()


# -- loading ---------------------------------------------------------------------------------

def _fail(source: str, message: str):
    raise LexiconError(f"{source}: {message}")


def _as_value(value):
    """YAML reads 2025-05-24 as a date: examples compare with strings."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_value(v) for k, v in value.items()}
    return value


def _read_yaml(path: Path):
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: not valid YAML: {exc}") from exc


def _check_header(data, source: str, concept_expected: str | None = None):
    if not isinstance(data, dict):
        _fail(source, "the file must be a mapping with 'concept', 'kind', 'example_date' and 'entries'")
    kind = data.get("kind")
    if kind not in KINDS:
        _fail(source, f"'kind' must be one of {KINDS}, got {kind!r}")
    date = data.get("example_date")
    if not isinstance(date, datetime.date):
        _fail(source, f"'example_date' must be a date (YYYY-MM-DD), got {date!r}")
    return kind, date


def load_entries(path: Path) -> tuple[str, list[Entry], datetime.date]:
    source = path.name
    data = _read_yaml(path)
    kind, date = _check_header(data, source)
    concept = data.get("concept")
    if concept not in SCHEMAS:
        _fail(source, f"unknown concept {concept!r} (known: {', '.join(sorted(SCHEMAS))})")
    if concept != path.stem:
        _fail(source, f"concept {concept!r} must match the file name")
    raw = data.get("entries")
    if not isinstance(raw, list) or not raw:
        _fail(source, "'entries' must be a non-empty list")
    entries = [_load_entry(concept, kind, item, f"{source} entry {i + 1}") for i, item in enumerate(raw)]
    return concept, entries, date


def _load_entry(concept: str, kind: str, item, source: str) -> Entry:
    if not isinstance(item, dict):
        _fail(source, "an entry must be a mapping")
    schema = SCHEMAS[concept]
    unknown = set(item) - set(schema) - COMMON_FIELDS
    if unknown:
        _fail(source, f"unknown field(s) {sorted(unknown)}")
    forms = item.get("forms")
    if not _list_of_str(forms) or not forms:
        _fail(source, f"'forms' must be a non-empty list of words, got {forms!r}")
    fields = {}
    for name, (check, required) in schema.items():
        if name not in item:
            if required:
                _fail(source, f"missing field {name!r} ({forms[0]!r})")
            continue
        if not check(item[name]):
            _fail(source, f"field {name!r} of {forms[0]!r} must be {check.__name__.lstrip('_')}, got {item[name]!r}")
        fields[name] = item[name]
    example = item.get("example")
    if example is not None and not _str(example):
        _fail(source, f"'example' must be a phrase, got {example!r}")
    if "expect" in item and example is None:
        _fail(source, "'expect' without an 'example'")
    example_kind = item.get("example_kind", kind)
    if example_kind not in KINDS:
        _fail(source, f"'example_kind' must be one of {KINDS}")
    case_sensitive = item.get("case_sensitive", False)
    if not _bool(case_sensitive):
        _fail(source, "'case_sensitive' must be true or false")
    return Entry(concept, tuple(forms), fields, example, _as_value(item.get("expect")), example_kind,
                 case_sensitive, source)


def load_rules(path: Path) -> tuple[str, list[RuleSpec], dict[str, str], datetime.date]:
    source = f"rules/{path.name}"
    data = _read_yaml(path)
    if not isinstance(data, dict):
        _fail(source, "a rule file must be a mapping with 'kind', 'example_date', 'patterns' and 'rules'")
    kind, date = _check_header(data, source)
    if path.stem != kind:
        _fail(source, f"kind {kind!r} must match the file name")
    patterns = data.get("patterns") or {}
    if not isinstance(patterns, dict) or not all(_str(k) and _str(v) for k, v in patterns.items()):
        _fail(source, "'patterns' must map names to regular expressions")
    for name, pattern in patterns.items():
        _check_bounded(pattern, f"{source} pattern {name!r}")
    raw = data.get("rules")
    if not isinstance(raw, list) or not raw:
        _fail(source, "'rules' must be a non-empty list")
    rules = []
    for i, item in enumerate(raw):
        where = f"{source} rule {i + 1}"
        if not isinstance(item, dict):
            _fail(where, "a rule must be a mapping")
        unknown = set(item) - {"name", "pattern", "resolve", "examples"}
        if unknown:
            _fail(where, f"unknown field(s) {sorted(unknown)}")
        for name in ("name", "pattern", "resolve"):
            if not _str(item.get(name)):
                _fail(where, f"missing or empty {name!r}")
        _check_bounded(item["pattern"], f"{where} ({item['name']})")
        examples = item.get("examples") or []
        if not isinstance(examples, list):
            _fail(where, "'examples' must be a list")
        checked = []
        for example in examples:
            if not isinstance(example, dict) or not _str(example.get("text")) or "expect" not in example \
                    or set(example) - {"text", "expect", "date"}:
                _fail(f"{where} ({item['name']})", f"an example needs 'text' and 'expect' (and maybe 'date'): {example!r}")
            ex_date = example.get("date", date)
            if not isinstance(ex_date, datetime.date):
                _fail(f"{where} ({item['name']})", f"example date must be YYYY-MM-DD: {ex_date!r}")
            checked.append((example["text"], _as_value(example["expect"]), ex_date))
        rules.append(RuleSpec(kind, item["name"], item["pattern"], item["resolve"], tuple(checked),
                              f"{where} ({item['name']})"))
    return kind, rules, dict(patterns), date


UNBOUNDED_GROUP = re.compile(r"\)[*+]")


def _check_bounded(pattern: str, where: str):
    """A group repeated without bound ("(?:{approx} )*") makes matching quadratic on repetitive text."""
    if UNBOUNDED_GROUP.search(pattern):
        _fail(where, "a repeated group must be bounded, e.g. (...){0,3}, not (...)* or (...)+")


def read_lexicon(directory: Path | str = LEXICON_DIR) -> Lexicon:
    directory = Path(directory)
    concepts, dates = {}, {}
    for path in sorted(directory.glob("*.yaml")):
        concept, entries, date = load_entries(path)
        concepts[concept] = entries
        dates[concept] = date
    missing = set(SCHEMAS) - set(concepts)
    if missing:
        raise LexiconError(f"{directory}: missing lexicon file(s) {sorted(missing)}")
    rules, patterns = {}, {}
    for path in sorted((directory / "rules").glob("*.yaml")):
        kind, specs, named, date = load_rules(path)
        rules[kind] = specs
        patterns[kind] = named
        dates[f"rules/{kind}"] = date
    missing = set(KINDS) - set(rules)
    if missing:
        raise LexiconError(f"{directory / 'rules'}: missing rule file(s) {sorted(missing)}")
    return Lexicon(concepts, dates, rules, patterns)


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """The value lexicon, read once per process."""
    return read_lexicon(Path(directory) if directory else LEXICON_DIR)


@lru_cache(maxsize=None)
def concept_forms(*concepts: str) -> frozenset[str]:
    """The lower-cased forms of these concepts' entries (a number word only where it stands alone), for the
    extraction stages that need to know a word is a weekday or a number ("douze", "quinzaine")."""
    lexicon = load_lexicon()
    return frozenset(form.lower() for concept in concepts for entry in lexicon.entries(concept)
                     if entry.get("standalone", True) for form in entry.forms)
