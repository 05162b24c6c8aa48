"""Money amounts: "44 milliards de dollars", "3,2 M€", "£300m", "1,5 million d'euros"."""
from __future__ import annotations

from .numbers import resolve_vague, tidy
from .patterns import Reject


def resolve_money(groups: dict, ctx, text: str):
    lexicon = ctx.lexicon
    amount = ctx.numbers.read(groups["number"])
    if groups.get("scale_abbr"):
        amount *= lexicon.value("scale_words", groups["scale_abbr"])
    weak = groups.get("weak_currency")
    if weak and not _has_scale(groups, ctx):
        raise Reject(f"{weak!r} after a plain number is not a currency")
    name = groups.get("currency_name") or groups.get("currency_symbol") or weak
    return {"amount": tidy(amount), "currency": lexicon.value("currencies", name)}


def _has_scale(groups: dict, ctx) -> bool:
    if groups.get("scale_abbr"):
        return True
    return any(role == "scale" for _, role in ctx.numbers.tokens(groups["number"]))


MONEY_RESOLVERS = {"money": resolve_money, "vague": resolve_vague}
