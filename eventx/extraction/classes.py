"""Which word classes a phrase belongs to, for the sense constraints of the lexicons.

A phrase head is in a class when its lemma is listed in lexicons/classes/, when it
is (or is in apposition to) a named mention of that entity type, when it is a
pronoun (PRON), a number (number), carries a money value (money) or heads a
clause (clause).
"""
from __future__ import annotations

import re

from eventx.extraction.lexicon import Lexicon
from eventx.extraction.model import Mention
from eventx.nlp.document import SUBJECT_CLITICS, Doc, Word
from eventx.values.lexicon import concept_forms

# "a-t-il", "déclare-t-elle": an inverted subject clitic, which tokenizers often leave glued and parsers mislabel
CLITIC_SUBJECT = re.compile(rf"^-(?:t-)?({SUBJECT_CLITICS})$", re.IGNORECASE)
NAME_LINKS = {"flat", "flat:name", "appos", "compound"}
PERSONAL_SUBJECTS = {"il", "elle", "ils", "elles", "on"}
# a noun that quantifies another takes its class ("la moitié de ses employés", "la totalité du capital")
PART_QUANTIFIERS = {"moitié", "tiers", "quart", "partie", "%", "pour cent", "pourcentage"}
QUANTIFIERS = PART_QUANTIFIERS | {"majorité", "million", "milliard", "nombre", "plupart", "ensemble", "totalité",
                                  "un", "une", "l'un", "l’un"}


def classes_of(doc: Doc, head: Word, lexicon: Lexicon, mentions_by_head: dict[int, Mention], money_words: set[int]) -> set[str]:
    found: set[str] = set()
    words = [head] + [c for c in doc.children(head) if (c.deprel in NAME_LINKS or (  # "l'écologiste Léonore M."
        c.rel == "nmod" and c.index == head.index + 1 and not doc.case_marker(c)))
        and (c.upos == "PROPN" or c.index in mentions_by_head)]
    for w in words:
        mention = mentions_by_head.get(w.index)
        if mention is not None:
            found.add(mention.type)
        forms = _forms(w)
        for name, members in lexicon.classes.items():
            if forms & members:
                found.add(name)
    # a relative pronoun stands for its antecedent ("les autorités, qui ont fustigé"): still a participant
    if CLITIC_SUBJECT.match(head.text):
        found.add("PRON")  # "-t-il", however the tagger read it
    # "il" read as an impersonal subject is still a person when it subjects a reporting verb
    personal = not is_reflexive(head) or (head.deprel == "expl:subj" and head.lower in PERSONAL_SUBJECTS)
    demonstrative = head.lem in ("celui-ci", "celle-ci", "ceux-ci", "celles-ci", "celui-là", "celle-là")  # "Celui-ci dénonce"
    if (head.upos == "PRON" and personal and (head.feats.get("PronType", "Prs") in ("Prs", "Rel") or demonstrative)) \
            or head.feats.get("Poss") == "Yes":
        found.add("PRON")
    if head.upos in ("VERB", "AUX") or any(c.rel == "mark" for c in doc.children(head)):
        found.add("clause")
    if head.upos == "ADJ" and head.feats.get("VerbForm") != "Part":
        found.add("adjective")
    if head.upos == "NUM" or any(c.rel == "nummod" for c in doc.children(head)) or head.lower in concept_forms("number_words"):
        found.add("number")  # "douze blessés" with "douze" tagged a noun
    if head.index in money_words or any(c.index in money_words for c in doc.children(head)):
        found.add("money")
    if "shares" in found and _whole_capital_of_organization(doc, head, lexicon, mentions_by_head, money_words):
        found = (found - {"shares"}) | {"organization"}  # "le capital de Dauphin Frais": the company itself
    # "la moitié de ses employés", "une partie du personnel": the class of the noun it quantifies
    if head.lem in QUANTIFIERS or head.lem in concept_forms("approximate_numbers") or head.upos == "NUM":
        # also "l'un des principaux porte-parole": one of them is of their class; "54 des 102 sièges"
        for c in doc.children(head, "nmod"):
            quantified = classes_of(doc, c, lexicon, mentions_by_head, money_words)
            if head.lem in PART_QUANTIFIERS and c.lem == "capital":
                quantified = (quantified - {"organization"}) | {"shares"}  # "20 % du capital de X": a stake
            found |= quantified
    return found


def _whole_capital_of_organization(doc: Doc, head: Word, lexicon: Lexicon, mentions_by_head, money_words) -> bool:
    if head.lem != "capital":
        return False
    return any(doc.case_marker(c) in ("de", "d'", "d’") and classes_of(doc, c, lexicon, mentions_by_head, money_words)
               & {"ORG", "organization"} for c in doc.children(head, "nmod"))


def is_reflexive(w: Word) -> bool:
    return w.feats.get("Reflex") == "Yes" or w.lem in ("se", "soi") or w.deprel.startswith("expl")


def _forms(w: Word) -> set[str]:
    """The lemma and surface form, plus the singular of a plural the lemmatizer left alone."""
    forms = {w.lem, w.lower}
    if w.lower.endswith(("s", "x")) and len(w.lower) > 3:
        forms.add(w.lower[:-1])
    if w.upos == "PROPN" and "-" in w.lower.strip("-"):
        forms.add(w.lower.split("-")[0])  # "Vega-C" is a Vega
    return forms


def matches(doc: Doc, word: Word, wanted: tuple[str, ...], lexicon: Lexicon, mentions_by_head, money_words) -> bool:
    """A `with:` condition: the dependent's lemma is listed, or it belongs to a listed class."""
    if _forms(word) & set(wanted):
        return True
    return bool(classes_of(doc, word, lexicon, mentions_by_head, money_words) & set(wanted))
