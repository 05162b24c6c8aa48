"""Stage 3: modality of each event (asserted, negated, future, hypothetical, attempted).

Cues come from lexicons/cues.yaml: negation adverbs and determiners, governing
verbs ("va", "doit", "a tenté de", "pourrait"), conditional mood, future tense,
"si" clauses. The trigger and the chain of words that govern it are inspected;
the chain stops at a clause boundary that reports speech ("a dit que ...").
"""
from __future__ import annotations

import re

from eventx.extraction.model import STATEMENT, Event
from eventx.nlp.document import Doc, Word

CLIMB_RELS = {"xcomp", "obj", "acl", "obl", "nmod", "csubj", "conj"}  # not subjects: "la fusion semble..."


class ModalityTagger:
    def __init__(self, lexicon):
        self.lexicon = lexicon
        m = lexicon.cues["modality"]
        self.neg_adverbs = frozenset(m["negation"]["adverbs"])
        self.neg_determiners = frozenset(m["negation"]["determiners"])
        self.neg_governors = frozenset(m["negation"]["governors"])
        self.open_when_negated = frozenset(m["negation"].get("open_when_negated") or ())
        self.postponement = frozenset(m["future"].get("postponement") or ())
        self.future_governors = frozenset(m["future"]["governors"]) | self.postponement
        self.cancelling_governors = self.neg_governors | self.postponement
        self.future_nouns = frozenset(m["future"]["nouns"])
        self.future_triggers = frozenset(m["future"].get("triggers") or ())
        self.future_adjectives = frozenset(m["future"]["adjectives"])
        self.hypo_governors = frozenset(m["hypothetical"]["governors"])
        self.hypo_adjectives = frozenset(m["hypothetical"]["adjectives"])
        self.hypo_subordinators = frozenset(m["hypothetical"]["subordinators"])
        self.future_endings = tuple(m["future"].get("future_endings", ()))
        self.conditional_endings = tuple(m["future"].get("conditional_endings", ()))
        self.future_stems = {str(k): str(v) for k, v in (m["future"].get("irregular_future_stems") or {}).items()}
        self.attempt_governors = frozenset(m["attempted"]["governors"])
        self.attempt_nouns = frozenset(m["attempted"]["nouns"])
        self.occurrence_verbs = frozenset(m.get("occurrence_verbs") or ())

    def tag(self, doc: Doc, event: Event) -> str:
        chain = self._chain(doc, event.trigger)
        cues: list[str] = []
        first_at: dict[str, int] = {}
        for depth, w in enumerate(chain):
            found = self._cues_of(doc, w, is_trigger=depth == 0, trigger=event.trigger, near=depth <= 1)
            for cue in found:
                first_at.setdefault(cue, depth)
            cues.extend(found)
        if first_at.get("attempted", 99) < first_at.get("negated", 99):
            # "a rejeté l'offre de rachat": the offer is refused, the takeover stays an attempt
            cues = [c for c in cues if c != "negated"]
        tried = first_at.get("attempted", 99)
        going = tried + 1 < len(chain) and chain[tried + 1].lem == "aller"  # "va tenter", "allait tenter"
        if tried < 99 and (first_at.get("future", 99) <= tried or going and first_at.get("future") == tried + 1):
            # "tentera de racheter", "va tenter un deuxième tir": an attempt still to come is future (the ontology's example)
            cues = [c for c in cues if c != "attempted"]
        # the other words of a multi-word trigger: "n'a fait aucune victime"
        for i in event.covered - {event.trigger.index}:
            if any(c.rel == "det" and c.lem in self.neg_determiners for c in doc.children(doc.words[i])):
                cues.append("negated")
        # "on va fêter cette victoire, saluer ...", "va fermer l'usine et licencier": an infinitive
        # coordinated with one under "aller" (or with the governing verb itself, as parsers do) shares it
        first = self._first_conjunct(doc, event.trigger)
        if first is not None and event.trigger.feats.get("VerbForm") == "Inf":
            if any(c.lem == "aller" and c.rel == "aux" for c in doc.children(first)):
                cues.append("future")
            elif first.upos in ("VERB", "AUX") and first.feats.get("VerbForm") != "Inf":
                cues.extend(self._cues_of(doc, first, is_trigger=False, trigger=event.trigger, near=False))
        if "hypothetical" in cues and (self._future_in_the_past(doc, chain) or self._expected(doc, chain)):
            cues = ["future" if c == "hypothetical" else c for c in cues]
        if event.type != STATEMENT and (any(self._governs_si_clause(doc, w) for w in chain[:2])
                                        or self._si_clause_of_its_quote(doc, event.trigger)):
            cues.append("hypothetical")
        if "negated" in cues:
            return "negated"
        for label in ("attempted", "hypothetical", "future"):
            if label in cues:
                return label
        return "asserted"

    def _chain(self, doc: Doc, trigger: Word) -> list[Word]:
        chain, node = [trigger], trigger
        while node.head is not None and len(chain) < 4:
            if (node.rel not in CLIMB_RELS and node.deprel not in CLIMB_RELS and not self._purpose(doc, node)
                    and not self._occurs_with(doc, node) and not self._cancelled_or_postponed(doc, node)):
                break
            if node.rel == "acl" and node.feats.get("VerbForm") == "Part" and node.feats.get("Tense", "Past") == "Past":
                break  # "sera Gilles Cojan, nommé vice-président": the participle's event is done, whatever its noun's verb
            gov = doc.words[node.head]
            measure = len(chain) == 2 and self.lexicon.lemma_in(node, self.lexicon.cue_set("time_units"))  # "dix ans d'emprisonnement"
            if node.rel in ("obl", "nmod", "nsubj", "conj") and gov.upos in ("VERB", "AUX") and len(chain) > 1 and not measure:
                break
            if node.rel == "conj":
                node = gov
                continue  # a conjunct shares the governor of its first conjunct, not its modality
            chain.append(gov)
            node = gov
        return chain

    def _expected(self, doc: Doc, chain: list[Word]) -> bool:
        """ "Son procès devrait s'ouvrir au printemps": the conditional of "devoir" says what is expected, a
        future; only "pouvoir" and the other conditionals suppose ("pourrait s'ouvrir")."""
        if any(self.lexicon.lemma_in(w, self.hypo_governors) for w in chain) or self._condition_in_sentence(doc, chain[0]):
            return False
        conditional = [w for w in chain if self._conditional(w)]
        return bool(conditional) and all(w.lem == "devoir" for w in conditional)

    def _future_in_the_past(self, doc: Doc, chain: list[Word]) -> bool:
        """ "Il a annoncé qu'il déposerait un recours": a conditional reported by a past reporting verb is the
        future of that past, not a supposition ("a dit qu'il pourrait démissionner" stays hypothetical)."""
        clause = chain[-1]
        gov = doc.head(clause)
        if clause.rel != "ccomp" or gov is None or gov.upos != "VERB" or self.lexicon.lemma_in(clause, self.hypo_governors):
            return False
        verbs = [clause] + [c for c in doc.children(clause) if c.rel == "aux"]
        if not any(self._conditional(v) for v in verbs):
            return False
        if self._condition_in_sentence(doc, clause):
            return False  # "qu'il démissionnerait si son recours était rejeté": a condition, however attached
        past = gov.feats.get("Tense") in ("Past", "Imp") or any(c.deprel == "aux:tense" for c in doc.children(gov))
        reports = self.lexicon.triggers(gov.lem, STATEMENT)
        return past and reports

    def _conditional(self, verb: Word, near: bool = True) -> bool:
        """Conditional mood, from the tagger or (near the trigger) from the ending."""
        return verb.feats.get("Mood") == "Cnd" or (near and self._inflected(verb, self.conditional_endings))

    def _condition_in_sentence(self, doc: Doc, w: Word) -> bool:
        return any(doc.words[i].rel == "mark" and doc.words[i].lem in self.hypo_subordinators for i in doc.sentence_of(w).words)

    def _governs_si_clause(self, doc: Doc, w: Word) -> bool:
        """ "nous achèterons Twitter si vous le souhaitez": the main clause of a "si" clause (which the parser
        may coordinate). Not for a reporting verb: its "si" clause belongs to what is said."""
        return any(c.rel in ("advcl", "conj") and any(m.rel == "mark" and m.lem in self.hypo_subordinators
                                                      for m in doc.children(c)) for c in doc.children(w))

    def _si_clause_of_its_quote(self, doc: Doc, trigger: Word) -> bool:
        """ "« Non merci, mais nous achèterons Twitter si vous le souhaitez », a-t-il écrit": a "si" clause
        the parser hung on the reporting verb outside the quote conditions what is said inside it."""
        quote = _enclosing_quote(doc.text, trigger.start, doc.sentence_of(trigger))
        if quote is None:
            return False
        start, end = quote
        for i in doc.sentence_of(trigger).words:
            clause = doc.words[i]
            if clause.rel != "advcl" or not start <= clause.start < end or clause.head is None:
                continue
            gov = doc.words[clause.head]
            if (not start <= gov.start < end
                    and any(m.rel == "mark" and m.lem in self.hypo_subordinators for m in doc.children(clause))):
                return True
        return False

    def _cancelled_or_postponed(self, doc: Doc, w: Word) -> bool:
        """ "le vol a été annulé", "le lancement a été reporté": a passive subject takes its verb's negation
        or postponement (not its other cues: "le décès a été annoncé" is done)."""
        if w.deprel != "nsubj:pass" or w.head is None:
            return False
        return doc.words[w.head].lem in self.cancelling_governors

    def _occurs_with(self, doc: Doc, w: Word) -> bool:
        """ "Le procès s'ouvrira le 6 janvier": a nominal event subject of an occurrence verb or a copula."""
        if w.rel != "nsubj" or w.upos != "NOUN" or w.head is None:
            return False
        gov = doc.words[w.head]
        if gov.lem in self.occurrence_verbs or doc.children(gov, "cop"):
            return True  # and the subject of a copula: "son successeur sera Gilles Cojan"
        if gov.lem in ("pouvoir", "devoir") and any(c.lem in self.occurrence_verbs for c in doc.children(gov, "xcomp")):
            return True  # raised by a modal: "un rapprochement pourrait être annoncé", "le procès devrait s'ouvrir"
        return (any(f"{gov.lem} {c.lem}" in self.occurrence_verbs for c in doc.children(gov, "obj"))
                or any(f"{c.lem} {gov.lem}" in self.occurrence_verbs for c in doc.children(gov, "aux")))  # "aura/AUX lieu"

    @staticmethod
    def _purpose(doc: Doc, w: Word) -> bool:
        """ "a proposé une offre ... pour racheter X": a purpose infinitive is as tried, planned or done as its governor;
        so is an infinitive complement the parser took for an adverbial ("permettre à X d'accélérer")."""
        return (w.rel == "advcl" and w.feats.get("VerbForm") == "Inf"
                and any(c.rel == "mark" and c.lem in ("pour", "afin", "de", "d'", "d’", "à") for c in doc.children(w)))

    @staticmethod
    def _first_conjunct(doc: Doc, w: Word) -> Word | None:
        if w.rel != "conj" or w.head is None:
            return None
        while w.rel == "conj" and w.head is not None:
            w = doc.words[w.head]
        return w

    @staticmethod
    def _negates(adverb: Word, siblings: list[Word]) -> bool:
        """ "n'a plus", not "plus tôt": a negation word other than "pas" and "jamais" needs its "ne"."""
        if adverb.lem in ("pas", "jamais"):
            return True
        return any(c.lower in ("ne", "n'", "n’") for c in siblings)

    def _inflected(self, verb: Word, endings: tuple[str, ...]) -> bool:
        """The form is the verb's future stem plus one of these endings ("quittera" = "quitter" + "a")."""
        if verb.upos not in ("VERB", "AUX") or verb.feats.get("VerbForm") not in (None, "Fin"):
            return False
        lemma = verb.lem
        stem = self.future_stems.get(lemma) or (lemma[:-1] if lemma.endswith("re") else lemma)
        if not lemma.endswith(("er", "ir", "re", "oir")):
            return False
        form = verb.lower
        return form.startswith(stem) and form[len(stem):] in endings

    def _cues_of(self, doc: Doc, w: Word, *, is_trigger: bool, trigger: Word, near: bool = True) -> list[str]:
        out = []
        kids = doc.children(w)
        if any(c.rel == "advmod" and c.lem in self.neg_adverbs and self._negates(c, kids) for c in kids):
            out.append("negated")
        if any(c.rel == "det" and c.lem in self.neg_determiners for c in kids):
            out.append("negated")
        if any(c.lem in ("sans",) and c.rel in ("case", "mark") for c in kids):
            out.append("negated")
        auxes = [c for c in kids if c.rel == "aux" or c.deprel == "cop"]
        verbs = [w] + auxes
        # the endings back up the tagger only on the trigger and its governor, not further up the chain
        if any(self._conditional(v, near) for v in verbs):
            out.append("hypothetical")
        if any(v.feats.get("Tense") == "Fut" or (near and self._inflected(v, self.future_endings)) for v in verbs):
            out.append("future")
        if any(a.lem == "aller" and w.feats.get("VerbForm") == "Inf" for a in auxes):
            out.append("future")
        # a condition ("si elle est élue, ..."); further up the chain only an adverbial one: in "la question
        # de savoir s'il est difficile de licencier", "si" asks about the difficulty, the layoffs happened
        if (is_trigger or w.rel == "advcl") and any(c.rel == "mark" and c.lem in self.hypo_subordinators for c in kids):
            out.append("hypothetical")
        if w.upos == "NOUN" and any(c.rel == "amod" and c.lem in self.future_adjectives
                                    or c.rel == "acl" and c.feats.get("VerbForm") == "Part"
                                    and re.sub(r"(?<=é)(?:e|s|es)$", "", c.lower) in self.future_adjectives
                                    for c in kids):
            out.append("future")  # "le futur lancement", "la primaire, prévue en novembre" (not "due à une fuite")
        if is_trigger and w.lem in self.future_triggers:
            out.append("future")
        if any(c.rel == "amod" and c.lem in self.hypo_adjectives for c in kids) and w.upos == "NOUN":
            out.append("hypothetical")
        if not is_trigger:
            is_a = lambda vocabulary: self.lexicon.lemma_in(w, vocabulary)  # noqa: E731
            if is_a(self.open_when_negated) and "negated" in out:
                out = [c for c in out if c != "negated"] + ["hypothetical"]  # "n'exclut pas de recruter"
            elif is_a(self.neg_governors):
                out.append("negated")
            if w.upos == "VERB" and is_a(self.attempt_governors):
                out.append("attempted")
            if w.upos == "NOUN" and is_a(self.attempt_nouns):
                out.append("attempted")
            if is_a(self.hypo_governors):
                out.append("hypothetical")
            if w.upos in ("VERB", "AUX") and is_a(self.future_governors):
                out.append("future")
            if w.upos == "NOUN" and is_a(self.future_nouns):
                out.append("future")
        return out


def _enclosing_quote(text: str, position: int, sentence) -> tuple[int, int] | None:
    """The characters between the quotation marks around `position`, within its sentence, or None."""
    before = text[sentence.start:position]
    opened = max(before.rfind("«"), before.rfind("“"))
    if opened < 0 or max(before.rfind("»"), before.rfind("”")) > opened:
        return None
    after = text[position:sentence.end]
    closes = [i for i in (after.find("»"), after.find("”")) if i >= 0]
    if not closes:
        return None
    return sentence.start + opened + 1, position + min(closes)
