"""Time expressions -> TIMEX3-like ISO values, resolved against the document date.

The rules (lexicons/values/rules/time.yaml) name one of the resolvers below; each reads the
groups its rule captured (weekday, day, month, year, part, clock, zone, calendar_unit...).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import dates
from .numbers import resolve_vague
from .patterns import Reject


# -- a day, maybe with a part of the day or a clock time -----------------------------------------

def resolve_day(groups: dict, ctx, text: str) -> str:
    day = anchor_day(groups, ctx)
    clock = groups.get("clock") or groups.get("clock_hm")
    if clock:
        return with_clock(day, clock, groups.get("zone"), ctx, groups.get("clock_part"), groups.get("zone_offset"))
    part = ctx.lexicon.value("parts_of_day", groups.get("part"))
    return day.isoformat() + (f"T{part}" if part else "")


def anchor_day(groups: dict, ctx) -> dt.date:
    """The day a match names: a written date, a weekday, "hier"..., else the document date."""
    ref, lexicon = ctx.document_date, ctx.lexicon
    try:
        if groups.get("numdate"):
            day, month, year = (int(x) for x in re.split(r"[/.]", groups["numdate"]))
            return dt.date(year, month, day)
        if groups.get("numdm"):
            day, month = (int(x) for x in groups["numdm"].split("/"))
            return dates.nearest_date(ref, month, day, _direction(groups, ctx), lexicon.value("weekdays", groups.get("weekday")))
        if groups.get("isodate"):
            return dt.date.fromisoformat(groups["isodate"])
        weekday = lexicon.value("weekdays", groups.get("weekday"))
        direction = _direction(groups, ctx)
        if groups.get("day") and groups.get("month"):
            day, month = day_number(groups["day"]), lexicon.value("months", groups["month"])
            if groups.get("year"):
                return dt.date(int(groups["year"]), month, day)
            return dates.nearest_date(ref, month, day, direction, weekday)
    except ValueError as exc:
        raise Reject(str(exc)) from exc
    if weekday is not None:
        if direction == -1:
            return dates.weekday_before(ref, weekday)
        if direction == 1:
            return dates.weekday_after(ref, weekday)
        return dates.weekday_on_or_before(ref, weekday)
    if groups.get("deictic"):
        return ref + dt.timedelta(days=lexicon.value("deictic_days", groups["deictic"]))
    if direction:                                       # "la nuit dernière"
        return ref + dt.timedelta(days=direction)
    return ref


def day_number(text: str) -> int:
    digits = re.match(r"[0-9]+", text)
    return int(digits.group()) if digits else 1          # "premier", "1er"


def _direction(groups: dict, ctx) -> int | None:
    """-1 for "dernier", +1 for "prochain", None when nothing says."""
    value = ctx.lexicon.value("relative_words", groups.get("after"))
    return value or None


def with_clock(day: dt.date, clock: str, zone_text: str | None, ctx, clock_part: str | None = None,
               zone_offset: str | None = None) -> str:
    hour, minute = clock_reading(clock, ctx)
    if ctx.lexicon.value("parts_of_day", clock_part) in ("AF", "EV") and hour < 12:
        hour += 12                                   # "8 heures du soir"
    if hour > 23 or minute > 59:
        raise Reject(clock)
    value = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    zone = ctx.lexicon.value("timezones", zone_text) if zone_text else ctx.default_timezone
    if zone_offset and zone == "UTC":                   # "UTC+2", "GMT-5"
        zone = fixed_offset(zone_offset)
    if zone and zone != "local":
        value += dates.utc_offset(zone, day, hour, minute) or ""
    return value


def fixed_offset(text: str) -> str:
    """"+2" -> "+02:00", "−5" -> "-05:00", "+5:30" -> "+05:30"."""
    m = re.fullmatch(r"\s*([+\-−])\s*([0-9]{1,2})(?::?([0-5][0-9]))?\s*", text)
    if not m or int(m.group(2)) > 14:
        raise Reject(text)
    sign = "-" if m.group(1) in "-−" else "+"
    return f"{sign}{int(m.group(2)):02d}:{m.group(3) or '00'}"


HALF_PAST = re.compile(r"(?<!\w)(demie?)(?!\w)", re.IGNORECASE)
QUARTER_PAST = re.compile(r"(?<!\w)quart(?!\w)", re.IGNORECASE)


def clock_reading(clock: str, ctx) -> tuple[int, int]:
    """(hour, minute) of "8 h 48", "13H00", "17:45", "10 heures et demie", "midi"."""
    numbers = [int(n) for n in re.findall(r"[0-9]+", clock)]
    if numbers:
        hour, minute = numbers[0], (numbers[1] if len(numbers) > 1 else 0)
    else:
        word = re.split(r"\s", clock.strip(), maxsplit=1)[0]
        hour, minute = ctx.lexicon.value("clock_words", word, 0), 0
    if HALF_PAST.search(clock):
        minute = 30
    elif QUARTER_PAST.search(clock):
        minute = 15
    return hour, minute


# -- months and years -----------------------------------------------------------------------------

def resolve_month(groups: dict, ctx, text: str) -> str:
    month = ctx.lexicon.value("months", groups["month"])
    if groups.get("year"):
        return dates.month_value(int(groups["year"]), month)
    year = dates.nearest_month_year(ctx.document_date, month, _direction(groups, ctx))
    return dates.month_value(year, month)


def resolve_year(groups: dict, ctx, text: str) -> str:
    return groups.get("year") or groups["bare_year"]


# -- calendar units relative to the document date ---------------------------------------------

def resolve_relative(groups: dict, ctx, text: str) -> str:
    """"cette semaine", "la semaine prochaine", "l'an dernier", "au début de l'année"."""
    unit = ctx.lexicon.value("calendar_units", groups["calendar_unit"])
    offset = ctx.lexicon.value("relative_words", groups.get("after"), 0)
    return shift(ctx.document_date, unit, offset)


def resolve_weekend(groups: dict, ctx, text: str) -> str:
    """"le week-end", "au cours du week-end": the most recent one on or before the document date."""
    if ctx.lexicon.value("calendar_units", groups["calendar_unit"]) != "weekend":
        raise Reject(text)
    return dates.weekend(ctx.document_date, 0)


def resolve_ago(groups: dict, ctx, text: str) -> str:
    """"il y a trois jours"."""
    return _counted(groups, ctx, -1)


def resolve_ahead(groups: dict, ctx, text: str) -> str:
    """"dans deux semaines"."""
    return _counted(groups, ctx, +1)


def _counted(groups: dict, ctx, sign: int) -> str:
    count = ctx.numbers.read(groups["number"])
    if not float(count).is_integer():
        raise Reject(groups["number"])
    unit = ctx.lexicon.value("calendar_units", groups["calendar_unit"])
    return shift(ctx.document_date, unit, sign * int(count))


def shift(ref: dt.date, unit: str, offset: int) -> str:
    """The `unit` (day, week, weekend, month, quarter, half, year) `offset` units from `ref`'s."""
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat()
    if unit == "week":
        return dates.iso_week(ref + offset * dates.WEEK)
    if unit == "weekend":
        return dates.weekend(ref, offset)
    if unit == "month":
        return dates.month_value(*dates.add_months(ref.year, ref.month, offset))
    if unit == "quarter":
        year, quarter = dates.add_quarters(ref.year, dates.quarter_of(ref), offset)
        return f"{year}-Q{quarter}"
    if unit == "half":
        year, half = dates.add_halves(ref.year, 1 if ref.month <= 6 else 2, offset)
        return f"{year}-H{half}"
    return str(ref.year + offset)


# -- decades and seasons ---------------------------------------------------------------------------

def resolve_decade(groups: dict, ctx, text: str) -> str:
    """"les années 1990" -> "199" (TIMEX3 decade); "les années 80" -> "198"."""
    digits = groups["decade"]
    return digits[:3] if len(digits) == 4 else "19" + digits[0]


SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def resolve_season(groups: dict, ctx, text: str) -> str:
    """"l'été dernier" -> "2024-SU": the season before the current one, a winter named by the
    year it starts in; with no cue, the occurrence whose start is nearest the document date."""
    code = ctx.lexicon.value("seasons", groups["season"])
    if groups.get("year"):
        return f"{groups['year']}-{code}"
    ref = ctx.document_date
    here = ref.year * 12 + ref.month
    current_start = max(y * 12 + m for y in (ref.year - 1, ref.year) for m in SEASON_START.values()
                        if y * 12 + m <= here)
    starts = [(y * 12 + SEASON_START[code], y) for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1)]
    direction = _direction(groups, ctx)
    if direction == -1:
        year = max(s for s in starts if s[0] < current_start)[1]
    elif direction == 1:
        year = min(s for s in starts if s[0] > current_start)[1]
    else:
        year = min(starts, key=lambda s: (abs(s[0] - here), s[0] > here))[1]
    return f"{year}-{code}"


# -- quarters and halves ----------------------------------------------------------------------------

def resolve_quarter(groups: dict, ctx, text: str) -> str:
    """"au premier trimestre 2023" -> 2023-Q1, "S1 2025" -> 2025-H1."""
    if groups.get("code"):
        letter, rank = groups["code"][0].upper(), int(groups["code"][1])
        unit = "quarter" if letter in "TQ" else "half"
    else:
        unit = ctx.lexicon.value("calendar_units", groups["calendar_unit"])
        rank = ctx.lexicon.value("ordinals", groups["ordinal"])
    if unit not in ("quarter", "half") or rank > (4 if unit == "quarter" else 2):
        raise Reject(text)
    year = int(groups["year"]) if groups.get("year") else ctx.document_date.year
    year += ctx.lexicon.value("relative_words", groups.get("after"), 0)
    return f"{year}-{'Q' if unit == 'quarter' else 'H'}{rank}"


@dataclass(frozen=True)
class StoryAnchored:
    """A time told from the story's last date, `days` after it; spans.anchor_story_times sets its value."""
    days: int


def resolve_story(groups: dict, ctx, text: str) -> StoryAnchored:
    return StoryAnchored(ctx.lexicon.value("story_anchors", groups.get("story_anchor"), 0))


TIME_RESOLVERS = {
    "day": resolve_day,
    "month": resolve_month,
    "year": resolve_year,
    "relative": resolve_relative,
    "weekend": resolve_weekend,
    "ago": resolve_ago,
    "ahead": resolve_ahead,
    "quarter": resolve_quarter,
    "decade": resolve_decade,
    "season": resolve_season,
    "vague": resolve_vague,
    "story": resolve_story,
}
