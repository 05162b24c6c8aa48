"""Find value spans in a text: every rule of every kind proposes matches, the longest win.

Overlaps are settled by length, then by kind (time, money, duration, count), then by the
order of the rules in their file; offsets are Python string offsets into the text given.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .durations import DURATION_RESOLVERS
from .lexicon import Lexicon, load_lexicon
from .money import MONEY_RESOLVERS
from .numbers import COUNT_RESOLVERS, NumberReader, number_regex
from .patterns import Reject, Rule, compile_rules
from .timex import TIME_RESOLVERS, StoryAnchored

KINDS = ("time", "money", "duration", "count")          # priority order on ties
CALENDAR_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # a year, month or day: what a story time can start from
RESOLVERS = {"time": TIME_RESOLVERS, "money": MONEY_RESOLVERS,
             "duration": DURATION_RESOLVERS, "count": COUNT_RESOLVERS}


@dataclass(frozen=True)
class ValueSpan:
    kind: str            # 'time' | 'duration' | 'money' | 'count'
    start: int
    end: int
    text: str
    value: Any           # ISO string, {"amount", "currency"}, {"value"}, or None when vague


@dataclass(frozen=True)
class Context:
    document_date: dt.date
    lexicon: Lexicon
    numbers: NumberReader
    default_currency: str | None = None
    default_timezone: str | None = None


@dataclass(frozen=True)
class Candidate:
    span: ValueSpan
    rank: tuple


class ValueEngine:
    """The compiled rules of all kinds; one per process (see engine())."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.numbers = NumberReader(lexicon)
        number = number_regex(lexicon)
        self.rules: dict[str, list[Rule]] = {
            kind: compile_rules(lexicon, kind, RESOLVERS[kind], number) for kind in KINDS
        }

    def context(self, document_date, default_currency=None, default_timezone=None) -> Context:
        return Context(_as_date(document_date), self.lexicon, self.numbers, default_currency, default_timezone)

    def candidates(self, kind: str, text: str, ctx: Context, *, strict: bool = True):
        """Every match of every rule of `kind` that resolves (a resolver may reject it)."""
        kind_rank = KINDS.index(kind)
        for rule in self.rules[kind]:
            for m in rule.regex.finditer(text):
                if strict and kind == "count" and not self.numbers.is_standalone(m.group()):
                    continue
                try:
                    value = rule.resolve(m.groupdict(), ctx, m.group())
                except (Reject, ValueError, OverflowError):  # not a value, or off the calendar (year 0)
                    continue
                span = ValueSpan(kind, m.start(), m.end(), m.group(), value)
                yield Candidate(span, (-(m.end() - m.start()), kind_rank, rule.index, m.start()))

    def best(self, kind: str, text: str, ctx: Context) -> ValueSpan | None:
        found = min(self.candidates(kind, text, ctx, strict=False), key=lambda c: c.rank, default=None)
        if found is None:
            return None
        return anchor_story_times([found.span])[0]  # an expression alone has no story before it

    def find(self, text: str, ctx: Context) -> list[ValueSpan]:
        candidates = [c for kind in KINDS for c in self.candidates(kind, text, ctx)]
        return anchor_story_times(select(candidates))


def anchor_story_times(spans: list[ValueSpan]) -> list[ValueSpan]:
    """ "à l'époque", "le lendemain": the last dated time before it in the text, shifted by whole days
    (a shift needs a day to start from: "en mars ... le lendemain" has no value)."""
    out: list[ValueSpan] = []
    anchor: str | None = None
    for span in spans:
        if span.kind == "time" and isinstance(span.value, StoryAnchored):
            span = replace(span, value=_shifted(anchor, span.value.days))
        elif span.kind == "time" and isinstance(span.value, str) and CALENDAR_DATE.match(span.value):
            anchor = span.value
        out.append(span)
    return out


def _shifted(anchor: str | None, days: int) -> str | None:
    if anchor is None:
        return None
    if days == 0:
        return CALENDAR_DATE.match(anchor).group()
    if len(CALENDAR_DATE.match(anchor).group()) != 10:
        return None
    return (dt.date.fromisoformat(anchor[:10]) + dt.timedelta(days=days)).isoformat()


def select(candidates: list[Candidate]) -> list[ValueSpan]:
    """Greedy: the best-ranked candidates first, skipping any that overlaps one already taken."""
    starts: list[int] = []
    ends: list[int] = []
    taken: list[ValueSpan] = []
    for cand in sorted(candidates, key=lambda c: c.rank):
        span = cand.span
        i = bisect.bisect_left(starts, span.start)
        if i > 0 and ends[i - 1] > span.start:
            continue
        if i < len(starts) and starts[i] < span.end:
            continue
        starts.insert(i, span.start)
        ends.insert(i, span.end)
        taken.insert(i, span)
    return taken


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"document_date must be a date, got {value!r}")


@lru_cache(maxsize=1)
def engine() -> ValueEngine:
    return ValueEngine(load_lexicon())


def find_value_spans(text: str, document_date, *, default_currency: str | None = None,
                     default_timezone: str | None = None) -> list[ValueSpan]:
    """Time expressions, durations, money amounts and counts in `text`, in text order, not
    overlapping, with `text[span.start:span.end] == span.text`."""
    eng = engine()
    return eng.find(text, eng.context(document_date, default_currency, default_timezone))
