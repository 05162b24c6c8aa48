"""Turn word lists and rule patterns (lexicons/values) into compiled regular expressions.

A rule pattern is a Python regex in which a space means "one or more spaces" (non-breaking
and narrow ones included), an apostrophe means ' or ’, and `{name}` is a word list or a named
sub-pattern captured as group `name` (`{name:2}` captures it as `name_2`, `{~name}` does not
capture it). Word lists come from the lexicon files; see FRAGMENTS for the names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .lexicon import Lexicon, LexiconError, RuleSpec
from .prefilter import first_class

SPACE = r"[^\S\n]+"
APOSTROPHE = r"['’ʼ]"
HYPHEN = r"(?:[-‐‑]|[^\S\n]+)"
PLACEHOLDER = re.compile(r"\{(~?)([a-z_]+)(?::([0-9]))?\}")
# a value never starts inside a word or a number ("A321", "Covid-19", "58,83", "n°1") nor ends inside one
START = r"(?<![\w°№#])(?<!\w[.,\-‐‑])"
END = r"(?!\w)(?!['’ʼ]\w)"            # nor before an elided word: "2006 s'est" is no duration


def form_regex(form: str, case_sensitive: bool = False) -> str:
    """The regex of one word or phrase of a lexicon."""
    parts = []
    for char in form:
        if char.isspace():
            parts.append(SPACE)
        elif char in "'’":
            parts.append(APOSTROPHE)
        elif char in "-‐‑":
            parts.append(HYPHEN)
        else:
            parts.append(re.escape(char))
    regex = "".join(parts)
    if form[-1].isalnum():
        regex += END
    return f"(?-i:{regex})" if case_sensitive else regex


def alternation(forms, case_sensitive: bool = False) -> str:
    """Longest form first, so that "quatre-vingts" wins over "quatre"."""
    unique = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(form_regex(f, case_sensitive) for f in unique) + ")"


def entries_regex(entries, forms_of=lambda e: e.forms) -> str:
    plain = [f for e in entries if not e.case_sensitive for f in forms_of(e)]
    strict = [f for e in entries if e.case_sensitive for f in forms_of(e)]
    parts = ([alternation(plain)] if plain else []) + ([alternation(strict, True)] if strict else [])
    if not parts:
        return "(?!)"
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def literal_regex(text: str) -> str:
    """The literal part of a rule pattern: regex as written, spaces and apostrophes widened."""
    return re.sub(r" |['’]", lambda m: f"(?:{SPACE})" if m.group() == " " else APOSTROPHE, text)


def lexicon_fragments(lexicon: Lexicon, kind: str, number_regex: str) -> dict[str, str]:
    """Word-list regexes a rule of `kind` may name."""
    e = lexicon.entries

    def where(concept, test):
        return entries_regex([x for x in e(concept) if test(x)])

    return {
        "weekday": entries_regex(e("weekdays")),
        "month": entries_regex(e("months")),
        "part": entries_regex(e("parts_of_day")),
        "clock_part": entries_regex(e("parts_of_day")),
        "clock_word": entries_regex(e("clock_words")),
        "season": entries_regex(e("seasons")),
        "deictic": entries_regex(e("deictic_days")),
        "det": where("relative_words", lambda x: x.get("position") == "before"),
        "after": where("relative_words", lambda x: x.get("position") == "after"),
        "calendar_unit": entries_regex(e("calendar_units")),
        "position": entries_regex(e("period_positions")),
        "ordinal": entries_regex(e("ordinals")),
        "zone": entries_regex(e("timezones")),
        "vague_time": entries_regex(e("vague_times")),
        "anaphoric": entries_regex(e("anaphoric_words")),
        "story_anchor": entries_regex(e("story_anchors")),
        "approx": where("approximators", lambda x: kind in x.get("applies_to")),
        "number": number_regex,
        "scale": where("scale_words", lambda x: not x.get("abbreviation")),
        "scale_abbr": where("scale_words", lambda x: x.get("abbreviation")),
        "approx_noun": entries_regex(e("approximate_numbers")),
        "vague_qty": entries_regex(e("vague_quantities")),
        "currency_name": entries_regex(e("currencies")),
        "currency_symbol": entries_regex(e("currencies"), lambda x: x.get("symbols")),
        "weak_currency": entries_regex(e("currencies"), lambda x: x.get("weak_names", ())),
        "duration_unit": entries_regex(e("duration_units")),
        "non_count": entries_regex(e("non_count_units")),
    }


class PatternBuilder:
    """Expands rule patterns: placeholders to word lists or to the file's named sub-patterns."""

    def __init__(self, fragments: dict[str, str], named: dict[str, str], source: str):
        self.fragments = dict(fragments)
        self.named = named
        self.source = source
        self._expanding: set[str] = set()

    def fragment(self, name: str, where: str) -> str:
        if name in self.fragments:
            return self.fragments[name]
        if name not in self.named:
            raise LexiconError(f"{where}: unknown list or pattern {{{name}}}")
        if name in self._expanding:
            raise LexiconError(f"{where}: pattern {{{name}}} refers to itself")
        self._expanding.add(name)
        try:
            regex = self.expand(self.named[name], f"{self.source} pattern {name!r}")
        finally:
            self._expanding.discard(name)
        self.fragments[name] = regex
        return regex

    def expand(self, pattern: str, where: str) -> str:
        out, pos = [], 0
        for m in PLACEHOLDER.finditer(pattern):
            out.append(literal_regex(pattern[pos:m.start()]))
            silent, name, suffix = m.groups()
            regex = self.fragment(name, where)
            if silent:
                out.append(f"(?:{regex})")
            else:
                group = f"{name}_{suffix}" if suffix else name
                out.append(f"(?P<{group}>{regex})")
            pos = m.end()
        out.append(literal_regex(pattern[pos:]))
        return "".join(out)


class Reject(Exception):
    """Raised by a resolver when a match is not a value after all (31 février, "premier jour")."""


Resolver = Callable[[dict, object, str], object]


@dataclass(frozen=True)
class Rule:
    kind: str
    name: str
    index: int
    regex: re.Pattern
    resolve: Resolver
    spec: RuleSpec


def compile_rules(lexicon: Lexicon, kind: str, resolvers: dict[str, Resolver], number_regex: str) -> list[Rule]:
    builder = PatternBuilder(lexicon_fragments(lexicon, kind, number_regex), lexicon.patterns.get(kind, {}),
                             f"rules/{kind}.yaml")
    rules = []
    for index, spec in enumerate(lexicon.rules[kind]):
        if spec.resolve not in resolvers:
            raise LexiconError(f"{spec.source}: unknown resolver {spec.resolve!r} "
                               f"(known: {', '.join(sorted(resolvers))})")
        body = builder.expand(spec.pattern, spec.source)
        try:
            first = first_class(body, re.IGNORECASE)         # a fast test where nothing can start
            regex = re.compile(f"{f'(?={first})' if first else ''}{START}(?:{body}){END}", re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(f"{spec.source}: bad pattern: {exc}") from exc
        rules.append(Rule(kind, spec.name, index, regex, resolvers[spec.resolve], spec))
    return rules
