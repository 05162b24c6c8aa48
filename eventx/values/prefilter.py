"""A first-character test for a compiled rule, so that the regex engine gives up at once
where no rule can start (spaces, punctuation, most letters), instead of trying every
alternative of a long word list there. Pure optimisation: where the set of first characters
cannot be worked out, there is no test and the rule matches as before.
"""
from __future__ import annotations

import re

try:                                    # Python 3.11+
    from re import _constants as C, _parser as P
except ImportError:                     # pragma: no cover - older Pythons
    import sre_constants as C           # type: ignore[no-redef]
    import sre_parse as P               # type: ignore[no-redef]

ANY = None                              # "could be any character"
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_NOT_WORD": r"\W", "CATEGORY_NOT_SPACE": r"\S",
}
_REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


def first_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of `pattern` can start with, or None."""
    try:
        items, nullable = _first(P.parse(pattern, flags).data)
    except Exception:                   # an unforeseen parser shape: no test
        return None
    if items is ANY or nullable or not items:
        return None
    return "[" + "".join(dict.fromkeys(items)) + "]"


def _first(seq):
    items = []
    for op, av in seq:
        found, nullable = _first_item(op, av)
        if found is ANY:
            return ANY, False
        items += found
        if not nullable:
            return items, False
    return items, True


def _first_item(op, av):
    if op is C.LITERAL:
        return [re.escape(chr(av))], False
    if op is C.IN:
        return _class_items(av), False
    if op in _ZERO_WIDTH:
        return [], True
    if op is C.BRANCH:
        items, nullable = [], False
        for alternative in av[1]:
            found, empty = _first(alternative.data)
            if found is ANY:
                return ANY, False
            items += found
            nullable = nullable or empty
        return items, nullable
    if op is C.SUBPATTERN:
        return _first(av[-1].data)
    if getattr(C, "ATOMIC_GROUP", None) is op:
        return _first(av.data)
    if op in _REPEATS:
        found, empty = _first(av[2].data)
        return found, empty or av[0] == 0
    return ANY, False


def _class_items(items):
    out = []
    for op, av in items:
        if op is C.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is C.RANGE:
            out.append(re.escape(chr(av[0])) + "-" + re.escape(chr(av[1])))
        elif op is C.CATEGORY and str(av) in _CATEGORIES:
            out.append(_CATEGORIES[str(av)])
        else:                           # NEGATE, unusual categories
            return ANY
    return out
