"""A small, read-only view of a Stanza parse that the extraction stages work on.

Stanza words inside a multi-word token ("du" -> "de" + "le") have no
character offsets of their own; here each such word carries its token's span,
so every span built from words is a valid slice of the request text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# subject pronouns that follow their verb ("dit-elle", "a-t-il"): glued ones are split off (analyze.py), and
# the extraction knows "-t-il" for a subject whatever the tagger made of it (extraction/classes.py)
SUBJECT_CLITICS = "je|tu|il|elle|on|nous|vous|ils|elles"


@dataclass
class Word:
    index: int  # position in Doc.words
    sent: int  # sentence index
    text: str
    lemma: str
    upos: str
    feats: dict[str, str]
    deprel: str
    start: int
    end: int
    token: int  # index of the surface token in the document (shared by the words of "du")
    head: int | None = None  # Doc.words index of the governor, None for the root
    children: list[int] = field(default_factory=list)

    @property
    def rel(self) -> str:
        """Universal relation without its subtype ("obl:mod" -> "obl")."""
        return self.deprel.split(":")[0]

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def lem(self) -> str:
        return (self.lemma or self.text).lower()


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    words: list[int]  # Doc.words indices
    root: int | None


class Doc:
    """Words with heads, children and character offsets, built from a Stanza Document."""

    def __init__(self, text: str, words: list[Word], sentences: list[Sentence]):
        self.text = text
        self.words = words
        self.sentences = sentences
        self.datelines: dict[int, int] = {}  # place word opening a paragraph -> where its paragraph ends

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_stanza(cls, stanza_doc, text: str) -> "Doc":
        words: list[Word] = []
        sentences: list[Sentence] = []
        token_counter = 0
        for s_index, sent in enumerate(stanza_doc.sentences):
            first = len(words)
            id_to_index: dict[int, int] = {}
            heads: list[tuple[int, int]] = []
            for token in sent.tokens:
                t_start, t_end = token.start_char, token.end_char
                for w in token.words:
                    start = w.start_char if w.start_char is not None and len(token.words) == 1 else t_start
                    end = w.end_char if w.end_char is not None and len(token.words) == 1 else t_end
                    word = Word(
                        index=len(words), sent=s_index, text=w.text, lemma=w.lemma or w.text,
                        upos=w.upos or "X", feats=_parse_feats(w.feats), deprel=w.deprel or "dep",
                        start=start, end=end, token=token_counter,
                    )
                    id_to_index[w.id] = word.index
                    heads.append((word.index, w.head or 0))
                    words.append(word)
                token_counter += 1
            root = None
            for w_index, head_id in heads:
                if head_id and head_id in id_to_index:
                    head = id_to_index[head_id]
                    words[w_index].head = head
                    words[head].children.append(w_index)
                elif root is None:
                    root = w_index
            indices = list(range(first, len(words)))
            if indices:
                sentences.append(Sentence(s_index, words[first].start, words[-1].end, indices, root))
        return cls(text, words, sentences)

    # -- navigation ---------------------------------------------------------------
    def head(self, w: Word) -> Word | None:
        return self.words[w.head] if w.head is not None else None

    def children(self, w: Word, *rels: str) -> list[Word]:
        """Dependents of w, optionally only those whose deprel or base relation is in rels."""
        out = [self.words[c] for c in w.children]
        if rels:
            out = [c for c in out if c.deprel in rels or c.rel in rels]
        return out

    def case_marker(self, w: Word) -> str:
        """The preposition(s) introducing a nominal, lower-cased ("de", "à", "auprès de"), or ""."""
        markers = [c for c in self.children(w, "case") if c.index < w.index]
        parts = []
        for m in markers:
            parts.append(m.lem)
            parts.extend(f.lem for f in self.children(m, "fixed"))
        return " ".join(parts)

    def subtree(self, w: Word, skip=lambda child: False) -> list[Word]:
        out, stack = [], [w]
        while stack:
            cur = stack.pop()
            out.append(cur)
            for c in cur.children:
                child = self.words[c]
                if not skip(child):
                    stack.append(child)
        out.sort(key=lambda x: x.index)
        return out

    def words_between(self, start: int, end: int) -> list[Word]:
        """Words overlapping the characters [start, end), found by bisection (words are in text order)."""
        if not hasattr(self, "_word_ends"):
            self._word_ends = [w.end for w in self.words]
        out = []
        for i in range(bisect.bisect_right(self._word_ends, start), len(self.words)):
            if self.words[i].start >= end:
                break
            out.append(self.words[i])
        return out

    def sentence_of(self, w: Word) -> Sentence:
        return self.sentences[w.sent]

    def governs(self, ancestor: Word, w: Word) -> bool:
        """`ancestor` is above `w` in the tree."""
        while w.head is not None:
            if w.head == ancestor.index:
                return True
            w = self.words[w.head]
        return False

    def last_word(self, head: Word) -> int:
        """Where a phrase ends, not counting the commas the parser hung on it."""
        return max(w.index for w in self.subtree(head) if w.upos != "PUNCT")

    def word_at(self, offset: int) -> Word | None:
        """The word whose characters include this offset."""
        return next((w for w in self.words if w.start <= offset < w.end), None)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]


def _parse_feats(feats: str | None) -> dict[str, str]:
    if not feats or feats == "_":
        return {}
    out = {}
    for item in feats.split("|"):
        if "=" in item:
            key, value = item.split("=", 1)
            out[key] = value
    return out


def doc_from_conllu(conllu: str) -> tuple["Doc", str]:
    """A Doc from a hand-checked CoNLL-U parse (tests and lexicon work without a parser).

    The text is rebuilt from the tokens and their SpaceAfter=No marks, so offsets are exact.
    """
    from stanza.utils.conll import CoNLL

    stanza_doc = CoNLL.conll2doc(input_str=conllu)
    pieces: list[str] = []
    pos = 0
    for sent in stanza_doc.sentences:
        for token in sent.tokens:
            token._start_char = pos
            pieces.append(token.text)
            pos += len(token.text)
            token._end_char = pos
            if "SpaceAfter=No" not in (token.misc or ""):
                pieces.append(" ")
                pos += 1
            for w in token.words:
                w._start_char, w._end_char = (token.start_char, token.end_char) if len(token.words) == 1 else (None, None)
    text = "".join(pieces)
    return Doc.from_stanza(stanza_doc, text), text
