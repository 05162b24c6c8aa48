"""French numbers: "1 500", "2.600", "9,74", "quarante-quatre", "trois cents", "1,2 million".

Digits follow French usage: spaces (also U+00A0, U+202F) and "." before exactly three digits
separate thousands, "," is the decimal mark ("9.74" is read as a decimal too). Words combine
by their role in number_words.yaml (add, hundred, thousand) and scale words multiply.
"""
from __future__ import annotations

import re

from .lexicon import Lexicon
from .patterns import HYPHEN, SPACE, Reject, alternation, entries_regex

DIGITS = (
    r"[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3}(?![0-9]))+(?:,[0-9]+)?"   # 1 500 / 1 500 000,5
    r"|[0-9]{1,3}(?:\.[0-9]{3}(?![0-9]))+(?:,[0-9]+)?"              # 25.699 / 750.000
    r"|[0-9]+(?:[.,][0-9]+)?"                                       # 255 / 9,74 / 9.74
)
_DOT_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")


def number_regex(lexicon: Lexicon) -> str:
    """One number, in digits or in words, with an optional scale word; atomic, so linear."""
    word = entries_regex(lexicon.entries("number_words"))
    words = rf"{word}(?:{HYPHEN}{word}|{HYPHEN}et{HYPHEN}(?=(?:une?|onze)(?!\w)){word}){{0,12}}"
    scales = [f for e in lexicon.entries("scale_words") if not e.get("abbreviation") for f in e.forms]
    scale = alternation(scales)
    # "deux millions trois cent mille": words may go on after a scale word (not a lone "un")
    return rf"(?>(?:{DIGITS}|{words})(?:{SPACE}{scale}(?:{SPACE}(?!une?(?!\w)){words})?){{0,3}})"


class NumberReader:
    """Reads the text of a number match into an int or float."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        words = [f for e in lexicon.entries("number_words") for f in e.forms]
        scales = [f for e in lexicon.entries("scale_words") if not e.get("abbreviation") for f in e.forms]
        self.token = re.compile(
            rf"(?P<digits>{DIGITS})|(?P<scale>{alternation(scales)})|(?P<word>{alternation(words)})",
            re.IGNORECASE)

    def tokens(self, text: str):
        for m in self.token.finditer(text):
            if m.group("digits"):
                yield digits_value(m.group("digits")), "add"
            elif m.group("scale"):
                yield self.lexicon.value("scale_words", m.group("scale")), "scale"
            else:
                entry = self.lexicon.lookup("number_words", m.group("word"))
                yield entry.value, entry.get("role")

    def read(self, text: str) -> int | float:
        big = total = current = 0
        seen = False
        previous = None                                 # the value of the word before, when an "add"
        for value, role in self.tokens(text):
            seen = True
            if role == "add":
                if previous is not None and not _joins(previous, value):
                    raise Reject(f"not one number: {text!r}")   # "dix quinze mille"
                current += value
                previous = value
                continue
            previous = None
            if role == "hundred":
                current = (current or 1) * value
            elif role == "thousand":
                total += (current or 1) * value
                current = 0
            else:  # scale
                big += ((total + current) or 1) * value
                total = current = 0
        if not seen:
            raise Reject(f"no number in {text!r}")
        return tidy(big + total + current)

    def is_standalone(self, text: str) -> bool:
        """False for "un"/"une" alone: articles more often than counts."""
        entry = self.lexicon.lookup("number_words", text)
        return entry is None or entry.get("standalone", True)


def _joins(tens, unit) -> bool:
    """Two number words in a row make one number: "vingt deux", "soixante dix", "quatre-vingt treize"."""
    return tens >= 10 and tens % 10 == 0 and unit < (20 if tens in (60, 80) else 10)


def digits_value(text: str) -> int | float:
    text = re.sub(r"[ \u00a0\u202f]", "", text)
    if _DOT_THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    return tidy(float(text.replace(",", ".")))


def tidy(number: float) -> int | float:
    """1200000.0000000002 -> 1200000; 9.74 stays 9.74."""
    number = round(number, 6)
    return int(number) if float(number).is_integer() else number


# -- count resolvers ----------------------------------------------------------------------------

def resolve_count(groups: dict, ctx, text: str):
    value = ctx.numbers.read(groups["number"]) if groups.get("number") else 1
    noun = groups.get("approx_noun")
    if noun:
        value = tidy(value * ctx.lexicon.value("approximate_numbers", noun))
    return {"value": value}


def resolve_vague(groups: dict, ctx, text: str):
    return None


COUNT_RESOLVERS = {"count": resolve_count, "vague": resolve_vague}
