"""Durations: "environ deux heures" -> PT2H, "six mois" -> P6M, "un an et demi" -> P1.5Y."""
from __future__ import annotations

from .numbers import resolve_vague, tidy
from .patterns import Reject

DATE_ORDER = "YMWD"
TIME_ORDER = "HMS"


UNIT_SIZE = {(False, "Y"): 7, (False, "M"): 6, (False, "W"): 5, (False, "D"): 4,
             (True, "H"): 3, (True, "M"): 2, (True, "S"): 1}


def resolve_duration(groups: dict, ctx, text: str):
    if groups.get("duration_unit_2") and not _smaller(ctx, groups["duration_unit_2"], groups["duration_unit"]):
        raise Reject(text)                          # "22 h et 23 h" is not 45 hours
    parts: dict[tuple[bool, str], float] = {}
    number = groups.get("number")
    if groups.get("approx_noun"):                  # "une dizaine de minutes", "deux centaines d'années"
        number = str(tidy((ctx.numbers.read(number) if number else 1)
                          * ctx.lexicon.value("approximate_numbers", groups["approx_noun"])))
    _add(parts, ctx, number, groups.get("duration_unit"), half=bool(groups.get("half")))
    _add(parts, ctx, groups.get("number_2"), groups.get("duration_unit_2"))
    if groups.get("minutes"):                       # "2 h 30": the unit is the hour
        parts[(True, "H")] = parts.get((True, "H"), 0) + ctx.numbers.read(groups["number"])
        parts[(True, "M")] = parts.get((True, "M"), 0) + int(groups["minutes"])
    return iso_duration(parts)


def _smaller(ctx, unit, than) -> bool:
    def size(form):
        entry = ctx.lexicon.lookup("duration_units", form)
        return UNIT_SIZE.get((bool(entry.get("time", False)), entry.value), 0)
    return size(unit) < size(than)


def _add(parts, ctx, number, unit, half=False):
    if not number or not unit:
        return
    entry = ctx.lexicon.lookup("duration_units", unit)
    amount = (ctx.numbers.read(number) + (0.5 if half else 0)) * entry.get("factor", 1)
    slot = (bool(entry.get("time", False)), entry.value)
    parts[slot] = parts.get(slot, 0) + amount


def iso_duration(parts: dict[tuple[bool, str], float]) -> str:
    """{(False, "Y"): 1.5} -> "P1.5Y"; fractional hours and minutes carry to the next unit."""
    parts = dict(parts)
    for unit, smaller in (("H", "M"), ("M", "S")):
        amount = parts.get((True, unit))
        if amount is not None and not float(amount).is_integer():
            whole = int(amount)
            parts[(True, unit)] = whole
            parts[(True, smaller)] = parts.get((True, smaller), 0) + (amount - whole) * 60
    date = "".join(f"{_fmt(parts[(False, u)])}{u}" for u in DATE_ORDER if parts.get((False, u)))
    time = "".join(f"{_fmt(parts[(True, u)])}{u}" for u in TIME_ORDER if parts.get((True, u)))
    if not date and not time:
        return "PT0S" if parts else None
    return "P" + date + ("T" + time if time else "")


def _fmt(number) -> str:
    return str(tidy(number))


DURATION_RESOLVERS = {"duration": resolve_duration, "vague": resolve_vague}
