"""Normalise the text of one argument: the best match of the kind's rules inside it."""
from __future__ import annotations

import datetime as dt

from .spans import engine


def normalize_time(text: str, document_date: dt.date, *, default_timezone: str | None = None) -> str | None:
    """"samedi" (2025-05-26) -> "2025-05-24"; "13H00 GMT" -> "…T13:00Z"; None when vague or none.
    `default_timezone` (an IANA name, e.g. "Europe/Paris") gives a clock time with no named
    zone its offset; without it such a time has none ("…T15:00")."""
    eng = engine()
    span = eng.best("time", text, eng.context(document_date, default_timezone=default_timezone))
    return span.value if span else None


def normalize_duration(text: str) -> str | None:
    """"environ deux heures" -> "PT2H"; None when vague ("plusieurs jours") or none."""
    eng = engine()
    span = eng.best("duration", text, eng.context(dt.date.today()))
    return span.value if span else None


def normalize_money(text: str, default_currency: str | None = None) -> dict | None:
    """"44 milliards de dollars" -> {"amount": 44000000000, "currency": "USD"}.
    An amount with no currency ("9,74 milliards") takes `default_currency` (None if not given)."""
    eng = engine()
    ctx = eng.context(dt.date.today(), default_currency=default_currency)
    span = eng.best("money", text, ctx)
    if span is not None:
        return span.value
    number = eng.best("count", text, ctx)
    if number is None or number.value is None:
        return None
    if default_currency is None and not any(role == "scale" for _, role in eng.numbers.tokens(number.text)):
        return None                                  # "deux livres de cuisine": not an amount
    return {"amount": number.value["value"], "currency": default_currency}


def normalize_count(text: str) -> dict | None:
    """"environ 1 500" -> {"value": 1500}; "une trentaine" -> {"value": 30}; None when vague."""
    eng = engine()
    span = eng.best("count", text, eng.context(dt.date.today()))
    return span.value if span else None
