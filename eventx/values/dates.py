"""Calendar arithmetic for resolving times against the document date (standard library only)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEK = dt.timedelta(days=7)


def weekday_on_or_before(ref: dt.date, weekday: int) -> dt.date:
    """The most recent `weekday` (1 = Monday) on or before `ref`: "samedi" in past narrative."""
    return ref - dt.timedelta(days=(ref.isoweekday() - weekday) % 7)


def weekday_before(ref: dt.date, weekday: int) -> dt.date:
    """Strictly before `ref`: "samedi dernier"."""
    return ref - dt.timedelta(days=(ref.isoweekday() - weekday - 1) % 7 + 1)


def weekday_after(ref: dt.date, weekday: int) -> dt.date:
    """Strictly after `ref`: "samedi prochain"."""
    return ref + dt.timedelta(days=(weekday - ref.isoweekday() - 1) % 7 + 1)


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekend(ref: dt.date, offset: int) -> str:
    """The ISO week-end: 0 = the most recent on or before `ref` (this one if `ref` is in it),
    -1 = the one before the current week, +1 = the next one to come."""
    in_weekend = ref.isoweekday() >= 6
    if offset < 0:
        base = ref - WEEK
    elif offset > 0:
        base = ref + WEEK if in_weekend else ref
    else:
        base = ref if in_weekend else ref - WEEK
    return iso_week(base) + "-WE"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def nearest_month_year(ref: dt.date, month: int, direction: int | None) -> int:
    """The year of `month`: closest to `ref` (ties go to the past), or strictly before
    (direction -1, "octobre dernier") or strictly after (+1, "octobre prochain") its month."""
    here = ref.year * 12 + ref.month
    candidates = [(y * 12 + month - here, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if direction == -1:
        return max((d, y) for d, y in candidates if d < 0)[1]
    if direction == 1:
        return min((d, y) for d, y in candidates if d > 0)[1]
    return min(candidates, key=lambda c: (abs(c[0]), c[0]))[1]


def nearest_date(ref: dt.date, month: int, day: int, direction: int | None, weekday: int | None) -> dt.date:
    """The date of "le 24 mai" (no year): closest to `ref`, on or before it ("le 20 mai dernier"),
    on or after it ("prochain"); a weekday given with it ("mardi 12 mars") picks the year."""
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if weekday is not None and any(c.isoweekday() == weekday for c in candidates):
        candidates = [c for c in candidates if c.isoweekday() == weekday]
    if direction == -1:
        candidates = [c for c in candidates if c <= ref] or candidates
    elif direction == 1:
        candidates = [c for c in candidates if c >= ref] or candidates
    if not candidates:
        raise ValueError(f"no date {day}/{month}")
    return min(candidates, key=lambda c: (abs((c - ref).days), c > ref))


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def add_quarters(year: int, quarter: int, quarters: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + quarters
    return index // 4, index % 4 + 1


def add_halves(year: int, half: int, halves: int) -> tuple[int, int]:
    index = year * 2 + (half - 1) + halves
    return index // 2, index % 2 + 1


def utc_offset(zone: str, day: dt.date, hour: int, minute: int) -> str | None:
    """"+02:00" for Europe/Paris in summer; "Z" for UTC; None for an unknown zone."""
    if zone.upper() == "UTC":
        return "Z"
    if zone[:1] in "+-" and zone[1:3].isdigit():       # a fixed offset: "-05:00" (EST, HNE)
        return "Z" if zone[1:] == "00:00" else zone
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offset = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
