"""Character spans of argument phrases: the phrase as written, without what is set off.

A span is the contiguous run of words around the phrase head that belong to its
subtree, leaving out coordinated conjuncts (each is an argument of its own),
non-restrictive relative clauses and appositions set off by a comma, and the
trigger itself.
"""
from __future__ import annotations

from eventx.extraction.classes import CLITIC_SUBJECT
from eventx.extraction.paths import calendar_words
from eventx.nlp.document import Doc, Word

EDGE_PUNCT = set(",;:.!?-–—()[]«»\"'“”‘’…/")


def phrase_words(doc: Doc, head: Word, *, exclude: set[int], detachable: frozenset[str], clausal: bool = False) -> list[Word]:
    def skip(child: Word) -> bool:
        if child.index in exclude:
            return True
        if clausal:
            return False
        if child.rel == "case" and child.head == head.index and child.index < head.index:
            return True  # "de Twitter" -> "Twitter": the preposition belongs to the frame, not the phrase
        if child.rel in ("conj", "cc", "parataxis", "dislocated", "vocative", "discourse"):
            return True
        if (child.rel == "nmod" and child.index > head.index and not doc.case_marker(child)
                and child.lem in calendar_words() and head.upos in ("NOUN", "PROPN") and head.lem not in calendar_words()
                and not any(c.rel == "nummod" for c in doc.children(child))):
            return True  # "a réagi la nouvelle élue dimanche soir": the date the parser hung on the noun
        if child.deprel in detachable or child.rel in detachable:
            return _set_off(doc, child)
        if child.rel == "nmod" and doc.case_marker(child) in ("à", "en", "dans", "près de") and _set_off(doc, child):
            return True  # "un atelier du site Chimirhône, à Saint-Fons": where it is, set off, is no part of it
        return False

    words = doc.subtree(head, skip)
    keep = {w.index for w in words}
    # contiguous run around the head
    lo = hi = head.index
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    run = [doc.words[i] for i in range(lo, hi + 1)]
    while len(run) > 1 and run[0].index > 0 and doc.words[run[0].index - 1].token == run[0].token:
        run.pop(0)  # "du fonds" = "de" + "le fonds": the article shares its token with the left-out preposition
    while len(run) > 1 and _is_edge_punct(run[-1], run):
        run.pop()
    while len(run) > 1 and _is_edge_punct(run[0], run):
        run.pop(0)
    return run


def _is_edge_punct(w: Word, run: list[Word]) -> bool:
    if w.upos != "PUNCT" and not all(ch in EDGE_PUNCT for ch in w.text):
        return False
    # keep a closing quote or bracket whose opening partner is inside the span
    pairs = {"»": "«", ")": "(", "”": "“", "]": "["}
    if w.text in pairs and any(x.text == pairs[w.text] for x in run):
        return False
    if w.text in pairs.values() and any(x.text == k for k, v in pairs.items() if v == w.text for x in run):
        return False
    return True


def _set_off(doc: Doc, child: Word) -> bool:
    """True when the dependent's phrase starts right after a comma, dash or bracket."""
    first = doc.subtree(child)[0]
    if first.index == 0:
        return False
    prev = doc.words[first.index - 1]
    return prev.text in (",", "(", "–", "—", "-") or first.text in (",", "(")


def span_of(words: list[Word]) -> tuple[int, int]:
    """Where the phrase starts and ends; an inverted subject starts at its pronoun ("a-t-il dit": "il")."""
    start, first = words[0].start, words[0]
    if len(words) == 1 and CLITIC_SUBJECT.match(first.text):
        start += first.text.rfind("-") + 1
    return start, words[-1].end
