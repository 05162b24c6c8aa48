"""Mentions that name a kind of event, or a habit, rather than one that happened (eval README: "generic
or habitual mentions are not events"). The words that decide live in cues.yaml (`habitual_adverbs`,
`generic_determiners`) and the `crew_noun` class of classes/organizations.yaml."""
from __future__ import annotations

from eventx.extraction.lexicon import Lexicon
from eventx.extraction.model import Event
from eventx.extraction.paths import DE_FORMS, de_complements, support_verb
from eventx.nlp.document import Doc, Word

NOMINAL_STEPS = ("nmod", "obl:arg", "obl")  # how a noun hangs inside a larger noun phrase
LEGAL = "justice.legal_action"


class GenericMentions:
    def __init__(self, doc: Doc, lexicon: Lexicon, time_words: set[int]):
        self.doc = doc
        self.lexicon = lexicon
        self.time_words = time_words
        self.adverbs = lexicon.cue_set("habitual_adverbs")
        self.determiners = lexicon.cue_set("generic_determiners")

    def __call__(self, ev: Event) -> bool:
        t = ev.trigger
        return (self._habitual(t) or self._under_generic_determiner(t)
                or kind_reference(self.doc, t, self.time_words) or self._classifier(t) or self._legal_charge(ev)
                or self._frequency(t) or self._under_a_generic_predicate(t) or self._proportion(t))

    def _under_a_generic_predicate(self, t: Word) -> bool:
        """ "Les contentieux sont fréquents après un scrutin serré", "les peines sont souvent proches de ...": an
        event noun without a definite article, inside a clause that says in the present how often things happen."""
        if t.upos != "NOUN" or any(c.rel == "det" and (c.lem in ("le", "ce", "son", "leur") or c.feats.get("Poss") == "Yes")
                                   and c.lower not in ("les",) for c in self.doc.children(t)):
            return False
        w, steps = t, 0
        while steps < 3 and w.rel in ("obl", "nmod", "nsubj") and self.doc.head(w) is not None:
            w, steps = self.doc.head(w), steps + 1
            if self._present_habit(w):
                return True
        return False

    def _present_habit(self, predicate: Word) -> bool:
        """A predicate of frequency ("fréquents", "se multiplient") or one with a habitual adverb, in the present."""
        if predicate.upos not in ("ADJ", "VERB"):
            return False
        habit = self.lexicon.lemma_in(predicate, self.lexicon.cue_set("frequency_predicates")) or any(
            self.lexicon.lemma_in(c, self.adverbs) for c in self.doc.children(predicate, "advmod"))
        verbs = [predicate] + [c for c in self.doc.children(predicate) if c.rel in ("cop", "aux")]
        verbs = [v for v in verbs if v.feats.get("VerbForm") != "Part"]  # "sont fréquents" tagged a participle
        return habit and not any(v.feats.get("Tense") in ("Past", "Imp", "Fut") or v.feats.get("Mood") == "Cnd" for v in verbs)

    def _proportion(self, t: Word) -> bool:
        """ "près d'un verdict d'assises sur trois fait l'objet d'un appel": one in so many of a kind, a statistic."""
        return t.upos == "NOUN" and any(self.doc.case_marker(c) == "sur" and (c.upos == "NUM" or any(
            n.rel == "nummod" for n in self.doc.children(c))) for c in self.doc.children(t, "nmod"))

    def _frequency(self, t: Word) -> bool:
        """ "Les accidents industriels restent rares", "les rapprochements se multiplient": a plural kind of
        event said, in the present, to be rare or frequent."""
        w = t  # or inside such a kind: "les procédures de redressement judiciaire se multiplient"
        while w.rel == "nmod" and self.doc.head(w) is not None and self.doc.head(w).upos == "NOUN":
            w = self.doc.head(w)
        if t.upos != "NOUN" or w.feats.get("Number") != "Plur" or w.rel != "nsubj":
            return False
        gov = self.doc.head(w)
        if gov is None or not self.lexicon.lemma_in(gov, self.lexicon.cue_set("frequency_predicates")):
            return False
        verbs = [gov] + [c for c in self.doc.children(gov) if c.rel in ("cop", "aux")]
        return not any(v.feats.get("Tense") in ("Past", "Imp", "Fut") for v in verbs) and not any(
            c.rel == "aux" for c in self.doc.children(gov))

    def _legal_charge(self, ev: Event) -> bool:
        """ "une enquête pour homicides et blessures involontaires", "mis en examen pour meurtre": a bare noun
        after "pour" on a legal action names the offence charged, not a death told ("pour le meurtre de X" is)."""
        t = ev.trigger
        if ev.type == LEGAL or t.upos != "NOUN" or any(c.rel in ("det", "nummod") for c in self.doc.children(t)):
            return False
        w = t
        while w.rel == "conj" and self.doc.head(w) is not None:
            w = self.doc.head(w)
        if self.doc.case_marker(w) != "pour" or any(c.rel in ("det", "nummod") for c in self.doc.children(w)):
            return False
        owner = self.doc.head(w)
        # "a ouvert une enquête pour homicide": the parser hangs the charge on the light verb
        return owner is not None and (self.lexicon.triggers(owner.lem, LEGAL) or owner.upos == "VERB" and any(
            self.lexicon.triggers(c.lem, LEGAL) for c in self.doc.children(owner, "obj")))

    def _habitual(self, t: Word) -> bool:
        """"reproche régulièrement", "enquête systématiquement" (also when the tagger took the verb for a
        noun and hung the adverb elsewhere: the adverb right after the word still tells)."""
        hosts = [t]
        verb = support_verb(self.doc, t, self.lexicon)
        if verb is not None:
            hosts.append(verb)
        if any(self.lexicon.lemma_in(c, self.adverbs) for host in hosts for c in self.doc.children(host, "advmod")):
            return True
        following = self.doc.words[t.index + 1] if t.index + 1 < len(self.doc.words) else None
        return following is not None and following.upos == "ADV" and self.lexicon.lemma_in(following, self.adverbs)

    def _under_generic_determiner(self, t: Word) -> bool:
        """"chaque allégation", and what such a noun phrase contains: "chaque allégation liée à des vols de
        données" speaks of any theft, not of one."""
        w, steps = t, 0
        while w is not None and steps < 4:
            if w.upos == "NOUN" and any(self.lexicon.lemma_in(c, self.determiners) for c in self.doc.children(w, "det")):
                return True
            if w.rel in NOMINAL_STEPS or (w.rel == "acl" and w.feats.get("VerbForm") == "Part"):
                w, steps = self.doc.head(w), steps + 1
            else:
                return False
        return False

    def _classifier(self, t: Word) -> bool:
        """A bare noun after "de" that sorts a group of people: "le groupe d'extorsion et de ransomware",
        "un gang de braquage" (a group of that kind, no attack). Not any organisation: "une commission
        d'enquête" is set up for one inquiry."""
        if t.upos != "NOUN" or any(c.rel in ("det", "nummod") for c in self.doc.children(t)):
            return False
        w = t
        while w.rel == "conj" and self.doc.head(w) is not None:
            w = self.doc.head(w)
        if self.doc.case_marker(t) not in DE_FORMS:
            return False
        if w.rel == "nmod":
            owner = self.doc.head(w)
        elif w is not t and self.doc.case_marker(w) not in DE_FORMS:
            owner = w  # "de X" conjoined to a phrase without "de" can only be its complement
        else:
            return False
        return owner is not None and owner.upos == "NOUN" and self.lexicon.in_class(owner.lem, "crew_noun")


def kind_reference(doc: Doc, noun: Word, time_words: set[int]) -> bool:
    """ "qui suit les pannes de sites web", "les interruptions de service": a plural with "les" and a bare
    complement names a kind of event, not one that happened; anything that pins it down (a number, an
    adjective, a clause, a possessor, a date) makes it specific."""
    if noun.upos != "NOUN" or noun.feats.get("Number") != "Plur":
        return False
    children = doc.children(noun)
    if not any(c.rel == "det" and c.lower == "les" for c in children):
        return False
    bare = [c for c in de_complements(doc, noun) if c.upos == "NOUN" and c.index not in time_words
            and not any(g.rel in ("det", "acl", "nmod", "nummod", "appos") for g in doc.children(c))]
    pinned = any(c.rel in ("nummod", "amod", "acl", "appos") or (c.rel == "nmod" and c not in bare) for c in children)
    gov = doc.head(noun)
    if gov is not None and gov.upos in ("VERB", "AUX") and (
            gov.feats.get("Tense") in ("Past", "Imp", "Fut") or any(c.rel == "aux" for c in doc.children(gov))):
        pinned = True  # told as having happened or as to come: "les licenciements de salariés ont commencé"
    return bool(bare) and not pinned
