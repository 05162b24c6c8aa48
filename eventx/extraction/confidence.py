"""How much to trust an event: the trigger entry's prior, moved by the evidence found.

The prior (`confidence:` in the lexicon, 0.8 by default) says how often the word
is an event of that type; a frame filled with its own roles raises it, a bare
noun or a pronoun-only frame lowers it. The dev-set precision above each
threshold is reported by bench/confidence.py.
"""
from __future__ import annotations

from eventx.extraction.lexicon import Lexicon
from eventx.extraction.model import Event

GENERAL_ROLES = {"time", "place", "source"}


def score_event(event: Event, lexicon: Lexicon) -> float:
    score = event.confidence
    own = [a for a in event.arguments if a.role not in GENERAL_ROLES]
    if own:
        score += 0.05 * min(len(own), 3)
        if any(a.entity for a in own):
            score += 0.05
    elif event.trigger.upos in ("NOUN", "ADJ"):
        score -= 0.2
    else:
        score -= 0.1
    if len(event.covered) > 1:
        score += 0.1  # multi-word expressions are rarely ambiguous
    if any(a.role in ("time", "place") for a in event.arguments):
        score += 0.03
    return max(0.05, min(0.99, score))
