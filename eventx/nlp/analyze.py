"""Runs the Stanza pipeline over one or many texts, mending sentence splits first.

Tokenisation runs first. Pieces the tokenizer left glued are split apart, with the same
character offsets: a quotation mark or a colon on a word ("«Selon", "dégâts»", "son geste:", as
scraped text often has them), an elided word on the next one ("s’ils", "m’engager", "d’ici"), an
inverted subject pronoun on its verb ("pouvez-vous"). Two sentences the splitter cut apart inside
one line with no final punctuation between them ("Gilles | Cojan", "Ipsos/ | Steria") are joined
again. A sentence longer than `max_words` words (a text with no punctuation, a table, a list) is
cut into pieces before tagging and parsing, whose cost grows with sentence length, and the caller
is told what was cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from stanza.models.common.doc import Document

from eventx.nlp.document import SUBJECT_CLITICS

DEFAULT_MAX_WORDS = 150
TOKENIZE_STAGES = "tokenize,mwt"
# what a sentence may end with; a split after anything else, inside a line, is the splitter's slip
SENTENCE_END = {".", "!", "?", "…", "...", ";", ":", "»", "«", '"', "”", "“", ")", "]"}
OPENING_QUOTES = ("«", "“")
CLOSING_QUOTES = ("»", "”")
GLUED_PUNCT = (":", ";", ",", "!", "?")  # "son geste:" -> "geste" + ":"
# elided words, always a word of their own (not "aujourd’hui", "quelqu’un", "presqu’île")
ELIDED = re.compile(r"(?:qu|jusqu|lorsqu|puisqu|quoiqu|[ldjmnstc])['’](?=\w)", re.IGNORECASE)
# a subject pronoun after its verb ("pouvez-vous", "dit-elle", "a-t-il"), a word of its own
INVERTED_SUBJECT = re.compile(rf"(?<=\w)-(?:t-)?(?:{SUBJECT_CLITICS})$", re.IGNORECASE)
NOT_INVERSIONS = {"rendez-vous", "chez-nous", "chez-vous"}


@dataclass
class Analysis:
    doc: Document
    cut_sentences: list[tuple[int, int]] = field(default_factory=list)  # character spans of sentences that were cut


def analyze(nlp, texts: list[str], max_words: int = DEFAULT_MAX_WORDS) -> list[Analysis]:
    docs = [Document([], text=t) for t in texts]
    docs = nlp.process(docs, processors=TOKENIZE_STAGES)
    if isinstance(docs, Document):
        docs = [docs]
    analyses = [_cut_long_sentences(_join_split_sentences(_split_glued_words(d), max_words), max_words) for d in docs]
    rest = [name for name in ("pos", "lemma", "depparse", "ner") if name in nlp.processors]
    parsed = nlp.process([a.doc for a in analyses], processors=",".join(rest))
    if isinstance(parsed, Document):
        parsed = [parsed]
    for a, d in zip(analyses, parsed):
        a.doc = d
    return analyses


def _split_glued_words(doc: Document) -> Document:
    if not any(_glued_pieces(t) for sent in doc.sentences for t in sent.tokens):
        return doc
    return Document([_renumber(sent.tokens) for sent in doc.sentences], text=doc.text)


def _glued_pieces(token) -> list[tuple[str, int, int]] | None:
    """ "«Selon" -> "«" + "Selon"; "dégâts»" or "geste:" -> "dégâts" + "»"; "s’ils" -> "s’" + "ils"; "dit-elle" -> "dit" + "-elle":
    (text, start, end) of each piece, or None."""
    text, start, end = token.text, token.start_char, token.end_char
    if len(token.words) > 1 or len(text) < 2 or end - start != len(text):
        return None
    if text.startswith(OPENING_QUOTES) and text[1].isalnum():
        return [(text[0], start, start + 1), (text[1:], start + 1, end)]
    if (text.endswith(CLOSING_QUOTES) or text.endswith(GLUED_PUNCT)) and text[-2].isalnum():
        return [(text[:-1], start, end - 1), (text[-1], end - 1, end)]
    elided = ELIDED.match(text)
    if elided:
        cut = elided.end()
        return [(text[:cut], start, start + cut), (text[cut:], start + cut, end)]
    inverted = INVERTED_SUBJECT.search(text)
    if inverted and not text.startswith("-") and text.lower() not in NOT_INVERSIONS:
        cut = inverted.start()
        return [(text[:cut], start, start + cut), (text[cut:], start + cut, end)]
    return None


def _join_split_sentences(doc: Document, max_words: int) -> Document:
    groups: list[list] = []
    for sent in doc.sentences:
        if groups:
            last = groups[-1][-1]
            gap = doc.text[last.end_char:sent.tokens[0].start_char]
            if (last.text not in SENTENCE_END and "\n" not in gap
                    and sum(len(t.words) for t in groups[-1]) + len(sent.words) <= max_words):
                groups[-1].extend(sent.tokens)
                continue
        groups.append(list(sent.tokens))
    if len(groups) == len(doc.sentences):
        return doc
    return Document([_renumber(tokens) for tokens in groups], text=doc.text)


def _cut_long_sentences(doc: Document, max_words: int) -> Analysis:
    if all(len(s.words) <= max_words for s in doc.sentences):
        return Analysis(doc)
    sentences: list[list[dict]] = []
    cut: list[tuple[int, int]] = []
    for sent in doc.sentences:
        if len(sent.words) <= max_words:
            sentences.append(_renumber([t for t in sent.tokens]))
            continue
        cut.append((sent.tokens[0].start_char, sent.tokens[-1].end_char))
        piece: list = []
        count = 0
        for token in sent.tokens:
            if count + len(token.words) > max_words and piece:
                sentences.append(_renumber(piece))
                piece, count = [], 0
            piece.append(token)
            count += len(token.words)
        if piece:
            sentences.append(_renumber(piece))
    return Analysis(Document(sentences, text=doc.text), cut)


def _renumber(tokens) -> list[dict]:
    """Token and word entries of a sentence piece, with ids starting at 1."""
    entries: list[dict] = []
    next_id = 1
    for token in tokens:
        words = token.words
        pieces = _glued_pieces(token)
        if pieces:
            for text, start, end in pieces:
                entries.append({"id": next_id, "text": text, "start_char": start, "end_char": end})
                next_id += 1
            continue
        if len(words) > 1:
            entries.append({"id": (next_id, next_id + len(words) - 1), "text": token.text,
                            "start_char": token.start_char, "end_char": token.end_char})
            for w in words:
                entries.append({"id": next_id, "text": w.text})
                next_id += 1
        else:
            entries.append({"id": next_id, "text": words[0].text,
                            "start_char": token.start_char, "end_char": token.end_char})
            next_id += 1
    return entries
