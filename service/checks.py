"""Cheap checks on the input text that become response warnings (nothing is refused)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 20          # below this, too little evidence to say anything
MIN_FUNCTION_RATIO = 0.12  # French news prose is typically 0.3-0.45 function words


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    text = resources.files("service").joinpath("data/french_function_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def french_ratio(text: str, sample_chars: int = 20_000) -> tuple[int, float]:
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0, 0.0
    fw = _function_words()
    return len(words), sum(1 for w in words if w in fw) / len(words)


def language_warnings(text: str) -> list[dict]:
    count, ratio = french_ratio(text)
    if count >= MIN_WORDS and ratio < MIN_FUNCTION_RATIO:
        return [{"code": "not_french",
                 "message": f"the text does not look French ({ratio:.0%} of its words are French function "
                            f"words); the models and lexicons are French-only, expect few or no events"}]
    return []
