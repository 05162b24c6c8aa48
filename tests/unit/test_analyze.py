"""eventx.nlp.analyze: tokens and sentence splits mended before parsing (no model needed)."""
from __future__ import annotations

from stanza.models.common.doc import Document

from eventx.nlp.analyze import _join_split_sentences, _split_glued_words


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


def test_quotes_glued_to_words_are_split_off_with_their_offsets():
    text = "«Selon nos informations, rien», a dit X."
    doc = _doc(text, [["«Selon", "nos", "informations", ",", "rien»", ",", "a", "dit", "X", "."]])
    split = _split_glued_words(doc)
    tokens = [(t.text, t.start_char, t.end_char) for t in split.sentences[0].tokens]
    assert tokens[:3] == [("«", 0, 1), ("Selon", 1, 6), ("nos", 7, 10)]
    assert ("rien", 25, 29) in tokens and ("»", 29, 30) in tokens
    assert all(text[s:e] == t for t, s, e in tokens)
    assert [w.id for w in split.sentences[0].words] == list(range(1, 13))


def test_spaced_quotes_leave_the_document_alone():
    text = "« Selon nos informations », a dit X."
    doc = _doc(text, [["«", "Selon", "nos", "informations", "»", ",", "a", "dit", "X", "."]])
    assert _split_glued_words(doc) is doc


def test_elided_words_glued_to_the_next_are_split_off():
    text = "On ne sait pas s’ils ont payé d'ici lundi, aujourd’hui."
    doc = _doc(text, [["On", "ne", "sait", "pas", "s’ils", "ont", "payé", "d'ici", "lundi", ",", "aujourd’hui", "."]])
    split = _split_glued_words(doc)
    tokens = [(t.text, t.start_char, t.end_char) for t in split.sentences[0].tokens]
    assert ("s’", 15, 17) in tokens and ("ils", 17, 20) in tokens
    assert ("d'", 30, 32) in tokens and ("ici", 32, 35) in tokens
    assert ("aujourd’hui", 43, 54) in tokens  # "aujourd" is no elided word
    assert all(text[s:e] == t for t, s, e in tokens)


def test_inverted_subject_glued_to_its_verb_is_split_off():
    text = "Comment pouvez-vous dire cela ? Rendez-vous demain, a-t-il dit."
    doc = _doc(text, [["Comment", "pouvez-vous", "dire", "cela", "?"], ["Rendez-vous", "demain", ",", "a", "-t-il", "dit", "."]])
    split = _split_glued_words(doc)
    tokens = [t.text for s in split.sentences for t in s.tokens]
    assert tokens[:3] == ["Comment", "pouvez", "-vous"]
    assert "Rendez-vous" in tokens and "-t-il" in tokens  # a noun, and a pronoun already on its own


def test_colon_glued_to_a_word_is_split_off():
    text = "Il dit regretter son geste: il pleure."
    doc = _doc(text, [["Il", "dit", "regretter", "son", "geste:", "il", "pleure", "."]])
    tokens = [(t.text, t.start_char) for t in _split_glued_words(doc).sentences[0].tokens]
    assert ("geste", 21) in tokens and (":", 26) in tokens
