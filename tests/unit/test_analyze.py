"""eventx.nlp.analyze: sentence splits mended before parsing (no model needed)."""
from __future__ import annotations

from stanza.models.common.doc import Document

from eventx.nlp.analyze import _join_split_sentences


def _doc(text: str, sentences: list[list[str]]) -> Document:
    """A tokenised Document whose tokens are found in order in the text."""
    built, pos = [], 0
    for words in sentences:
        entries = []
        for i, w in enumerate(words, 1):
            start = text.index(w, pos)
            pos = start + len(w)
            entries.append({"id": i, "text": w, "start_char": start, "end_char": pos})
        built.append(entries)
    return Document(built, text=text)


def _texts(doc: Document) -> list[str]:
    return [doc.text[s.tokens[0].start_char:s.tokens[-1].end_char] for s in doc.sentences]


def test_split_inside_a_line_without_final_punctuation_is_joined():
    text = "Son successeur sera Gilles Cojan, nommé vice-président. Le groupe confirme."
    doc = _doc(text, [["Son", "successeur", "sera", "Gilles"], ["Cojan", ",", "nommé", "vice-président", "."],
                      ["Le", "groupe", "confirme", "."]])
    joined = _join_split_sentences(doc, 150)
    assert _texts(joined) == ["Son successeur sera Gilles Cojan, nommé vice-président.", "Le groupe confirme."]
    assert [w.id for w in joined.sentences[0].words] == list(range(1, 10))


def test_line_breaks_and_final_punctuation_keep_their_splits():
    text = "Le titre sans point\nLe texte commence. Il continue"
    doc = _doc(text, [["Le", "titre", "sans", "point"], ["Le", "texte", "commence", "."], ["Il", "continue"]])
    assert _join_split_sentences(doc, 150) is doc


def test_joining_respects_the_word_limit():
    text = "un deux trois quatre cinq six"
    doc = _doc(text, [["un", "deux", "trois"], ["quatre", "cinq", "six"]])
    assert len(_join_split_sentences(doc, 5).sentences) == 2
    assert len(_join_split_sentences(doc, 6).sentences) == 1
