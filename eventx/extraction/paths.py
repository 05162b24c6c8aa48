"""Grammatical paths from a trigger word to the words that fill its roles.

A path names a relation in active-voice terms ("subj", "obj") or a dependent with
its case marker ("obl@par", "nmod@de"); this module resolves it on the parse,
handling the passive, control and raising, relative clauses, participles and
coordination, so the role frames in the lexicons stay declarative.
"""
from __future__ import annotations

from eventx.extraction.classes import CLITIC_SUBJECT, PERSONAL_SUBJECTS
from eventx.extraction.lexicon import Lexicon
from eventx.nlp.document import Doc, Word
from eventx.values.lexicon import concept_forms

CLAUSAL_LINKS = {"xcomp", "conj"}  # a verb that inherits its subject from its governor
QUE_FORMS = ("que", "qu'", "qu’")  # the complementizer as written
DE_FORMS = ("de", "d'", "d’")  # "de" as its case marker may come out of the lemmatizer


def de_complements(doc: Doc, w: Word) -> list[Word]:
    """The noun modifiers of w introduced by "de": "la présidence **de Carrefour**"."""
    return [c for c in doc.children(w, "nmod") if doc.case_marker(c) in DE_FORMS]


def euphonic_t(w: Word) -> bool:
    """The "-t-" of "a-t-il" is no argument."""
    return w.lower.strip("-") == "t"


def describes_its_object(w: Word) -> bool:
    """A past participle modifying a noun says what was done to it: "les fonds levés", "la ligne coupée"."""
    return (w.head is not None and w.rel in ("acl", "amod") and w.deprel != "acl:relcl" and w.feats.get("VerbForm") == "Part"
            and w.feats.get("Tense", "Past") == "Past")


def clitic_subject(doc: Doc, verb: Word) -> Word | None:
    for c in doc.children(verb):
        if CLITIC_SUBJECT.match(c.text):
            return c
    return None


def is_passive(doc: Doc, verb: Word, lexicon: Lexicon | None = None) -> bool:
    """An "être" passive auxiliary, or a passive subject on a participle (a finite verb with an
    "nsubj:pass" is a parser slip: "Cyril Chiche se réjouit" is active; so is a participle with "avoir")."""
    children = doc.children(verb)
    if lexicon is not None and lexicon.lemma_in(verb, lexicon.cue_set("etre_verbs")):
        return False  # "deux personnes sont mortes": "être" is the tense auxiliary of "mourir"
    if any(c.index < verb.index and _reflexive(c) for c in children):
        return False  # "un avion s'est écrasé": "être" is the tense auxiliary of a pronominal verb
    if any(c.deprel == "aux:pass" and not CLITIC_SUBJECT.match(c.text) and _in_verb_group(doc, c, verb) for c in children):
        return True
    gov = doc.head(verb)
    if (verb.deprel == "conj" and verb.feats.get("VerbForm") == "Part" and gov is not None and gov.upos == "VERB"
            and not any(c.rel in ("aux", "nsubj") for c in children)):
        return is_passive(doc, gov, lexicon)  # "a été mis en examen et placé en détention": both passive
    if any(c.rel == "aux" and c.lem == "avoir" for c in children):
        return False  # "a ajouté": a participle with "avoir" alone is active, whatever its subject's label
    return verb.feats.get("VerbForm") == "Part" and any(c.deprel == "nsubj:pass" for c in children) or headline_passive(doc, verb)


def _in_verb_group(doc: Doc, aux: Word, verb: Word) -> bool:
    """ "« ..., c'est trop peu », a-t-il insisté": an auxiliary across a quote or a comma is the quote's."""
    lo, hi = sorted((aux.index, verb.index))
    return not any(w.upos == "PUNCT" for w in doc.words[lo + 1:hi])


def headline_passive(doc: Doc, verb: Word) -> bool:
    """ "Franck L. condamné à 18 ans de réclusion": a past participle with no auxiliary after its subject
    is a verbless passive (headlines, captions)."""
    children = doc.children(verb)
    return (verb.feats.get("VerbForm") == "Part" and verb.feats.get("Tense", "Past") == "Past"
            and not any(c.rel in ("aux", "cop") for c in children)
            and any(c.deprel == "nsubj" and c.index < verb.index for c in children))


def antecedent(doc: Doc, pronoun: Word, verb: Word) -> Word:
    """A relative pronoun ("qui", "que") stands for the noun its clause modifies."""
    if pronoun.feats.get("PronType") == "Rel" and verb.deprel.startswith("acl") and verb.head is not None:
        return doc.words[verb.head]
    if pronoun.feats.get("PronType") == "Rel" and pronoun.lower == "qui" and pronoun.index > 0:
        before = doc.words[pronoun.index - 1]  # "les policiers qui ont ouvert le feu", however the clause was attached
        if before.sent == pronoun.sent and before.upos in ("NOUN", "PROPN"):
            return before
    return pronoun


def subjects(doc: Doc, verb: Word, lexicon: Lexicon, depth: int = 0) -> list[Word]:
    """The agent of a verb: its subject, a passive's "par" agent, or the subject it inherits."""
    if depth > 4:
        return []
    if is_passive(doc, verb, lexicon):
        found = [c for c in doc.children(verb, "obl:agent")]
        if not found:
            found = [c for c in doc.children(verb, "obl") if doc.case_marker(c) == "par"]
        return found
    if describes_its_object(verb):
        # "les fonds levés par la start-up": a participle describing its object has only an agent
        return [c for c in doc.children(verb, "obl:agent")] or [
            c for c in doc.children(verb, "obl") if doc.case_marker(c) == "par"]
    clitic = clitic_subject(doc, verb)
    if clitic is not None:
        return [clitic]
    inverted = inverted_subject(doc, verb)
    if inverted is not None:
        return [inverted]
    found = [antecedent(doc, c, verb) for c in doc.children(verb) if c.deprel in ("nsubj", "csubj", "nsubj:pass")]
    if not found and depth == 0:
        # a personal pronoun mislabelled as an impersonal "il": triggers are never impersonal verbs
        found = [c for c in doc.children(verb) if c.deprel == "expl:subj" and c.lower in PERSONAL_SUBJECTS]
    if found:
        return found
    gov = doc.head(verb)
    if gov is None:
        return _fronted_subject(doc, verb)
    if verb.deprel in CLAUSAL_LINKS or verb.deprel == "xcomp" or (verb.rel in ("obl", "advcl") and verb.feats.get("VerbForm") == "Inf"):
        if gov.upos in ("VERB", "AUX") and lexicon.lemma_in(gov, lexicon.cue_set("object_control_verbs")):
            controllers = [c for c in doc.children(gov, "obj", "iobj") if not _reflexive(c)]
            if not controllers and is_passive(doc, gov, lexicon):
                controllers = doc.children(gov, "nsubj:pass")  # "a été désignée pour remplacer X"
            if controllers:
                return controllers  # "Cela a poussé son patron à dire": the object does the saying
        if gov.upos in ("VERB", "AUX", "ADJ", "NOUN") and verb.deprel in CLAUSAL_LINKS | {"xcomp"} and not after_quote(doc, verb):
            return subjects(doc, gov, lexicon, depth + 1)
    if verb.deprel.startswith("acl") and verb.feats.get("VerbForm") == "Part" and verb.feats.get("Tense") == "Pres":
        return [gov]  # "une société employant 300 personnes"
    if verb.deprel == "advcl" and verb.feats.get("VerbForm") in ("Part", "Ger", "Inf"):
        return subjects(doc, gov, lexicon, depth + 1)  # "..., précisant que ..." shares the main subject
    if verb.deprel.startswith("acl") and verb.feats.get("VerbForm") == "Inf":
        # "l'intention de se retirer", "une offre pour racheter": the noun's possessor or its verb's subject
        owner = doc.head(verb)
        poss = [c for c in doc.children(owner, "det") if c.feats.get("Poss") == "Yes"]
        if poss:
            return poss
        if owner.head is not None:
            return subjects(doc, doc.words[owner.head], lexicon, depth + 1)
    return []


INSERTION_PUNCT = {",", "»", "”", '"', ":", "«", "“"}


def _fronted_subject(doc: Doc, verb: Word) -> list[Word]:
    """ "Musk, dans une interview, a déclaré que ...": a main verb with no subject, and its sentence opening
    on a capitalised name set off by a comma that the parser hung on the verb some other way."""
    sentence = doc.sentences[verb.sent]
    first = doc.words[sentence.words[0]]
    if (first.head == verb.index and first.upos in ("NOUN", "PROPN") and first.text[:1].isupper()
            and first.rel in ("advcl", "obl", "nmod", "dislocated", "vocative", "appos") and not doc.case_marker(first)
            and first.index + 1 < len(doc.words) and doc.words[first.index + 1].text == ","):
        return [first]
    return []


def inverted_subject(doc: Doc, verb: Word) -> Word | None:
    """The subject after an inserted reporting verb: "« ... », a déclaré M. Musk".

    Parsers often label it an object, or take its apposition for the subject ("», a indiqué
    Christian Scherer, le directeur commercial"); it is the subject when the verb has no subject
    before it, opens right after a quote or a comma, and the nominal follows it."""
    if any((c.rel == "nsubj" or c.deprel == "nsubj:pass") and c.index < verb.index and not _parenthetical(doc, c)
           and not (after_quote(doc, verb) and doc.last_word(c) < verb.index - 2) for c in doc.children(verb)):
        return None  # (a subject inside the quote before "», rappelle X" is the quote's)
    if verb.feats.get("VerbForm") in ("Inf", "Ger") or verb.feats.get("VerbForm") == "Part" and verb.feats.get("Tense") == "Pres":
        return None  # ", tuant deux enfants": an infinitive or a present participle never inverts its subject
    first = verb_group_start(doc, verb)
    if first.index == 0 or doc.words[first.index - 1].sent != verb.sent or doc.words[first.index - 1].text not in INSERTION_PUNCT:
        return None
    after = [c for c in doc.children(verb) if c.index > verb.index and c.rel in ("obj", "nsubj", "obl", "nmod", "appos")
             and c.upos in ("PROPN", "NOUN", "PRON") and not doc.case_marker(c) and c.lem not in calendar_words()]
    return after[0] if after else None


def after_quote(doc: Doc, verb: Word) -> bool:
    """ "« ... », rappelle X": the verb group opens right after a closing quote and a comma."""
    first = verb_group_start(doc, verb)
    return (first.index >= 2 and doc.words[first.index - 1].text == ","
            and doc.words[first.index - 2].text in ("»", "”", '"'))


def calendar_words() -> frozenset[str]:
    """Weekdays, months, seasons, parts of the day ("a annoncé vendredi le ministre": "vendredi" is no subject)."""
    return concept_forms("weekdays", "months", "seasons", "parts_of_day")


def _parenthetical(doc: Doc, w: Word) -> bool:
    """ "..., dont 480 en France, a indiqué la direction", "..., notamment des techniciens, a précisé X": a phrase
    opened by "dont", "notamment" or "soit", or a numeral set off by a comma, that the parser took for the
    subject of the reporting verb after it."""
    phrase = doc.subtree(w)
    first = min(x.index for x in phrase)
    opener = min(x.index for x in phrase if x.upos != "PUNCT")
    if any(x.lower == "dont" for x in phrase) or doc.words[opener].lower in ("notamment", "soit"):
        return True
    return first > 0 and doc.words[first - 1].text == "," and w.upos == "NUM"


def verb_group_start(doc: Doc, verb: Word) -> Word:
    """The first word of a verb with its auxiliaries and reflexive clitic: "s'" in "», s'est félicitée X"."""
    return min([verb] + [c for c in doc.children(verb) if (c.rel == "aux" or _reflexive(c)) and c.index < verb.index],
               key=lambda w: w.index)


def _reflexive(w: Word) -> bool:
    return w.feats.get("Reflex") == "Yes" or w.lem in ("se", "soi")


def objects(doc: Doc, verb: Word, lexicon: Lexicon) -> list[Word]:
    """The patient of a verb: its object, a passive's subject, or the noun a past participle modifies."""
    if is_passive(doc, verb, lexicon):
        found = [antecedent(doc, c, verb) for c in doc.children(verb, "nsubj:pass")]
        if not found and headline_passive(doc, verb):  # the subject nearest the participle: "Incendie à Nîmes : X condamné"
            found = [c for c in doc.children(verb, "nsubj") if c.deprel == "nsubj" and c.index < verb.index][-1:]
        if found:
            return found
        gov = doc.head(verb)
        if gov is not None and verb.deprel in ("conj", "xcomp") and gov.upos == "VERB":
            return objects(doc, gov, lexicon)
        return []
    inverted = inverted_subject(doc, verb)
    found = [antecedent(doc, c, verb) for c in doc.children(verb, "obj") if c is not inverted]
    if found and all(_reflexive(c) for c in found):
        return subjects(doc, verb, lexicon)  # "elle se blesse": the subject undergoes the event
    found = [c for c in found if not _reflexive(c)]
    if found:
        return found
    if verb.deprel.startswith("acl") and verb.feats.get("VerbForm") == "Part" and verb.feats.get("Tense") == "Past":
        return [doc.words[verb.head]]  # "la société rachetée par Adobe"
    if (verb.rel == "advcl" and verb.feats.get("VerbForm") == "Part" and verb.feats.get("Tense") == "Past"
            and verb.index < verb.head and not any(c.rel == "aux" for c in doc.children(verb))):
        # "Limogé en mars, le directeur a rejoint ...": a fronted participle is said of the main clause's subject
        return [c for c in doc.children(doc.words[verb.head]) if c.rel == "nsubj"][:1]
    if verb.upos == "ADJ" and verb.head is not None and verb.deprel in ("amod", "acl"):
        return [doc.words[verb.head]]  # "deux passants blessés"
    return []


def _beside_its_length(doc: Doc, noun: Word, marker: str, lexicon: Lexicon) -> list[Word]:
    """ "25 ans de réclusion pour ce ressortissant": the parser hangs the penalty's complements on its length."""
    length = doc.head(noun)
    if length is None or noun.rel != "nmod" or doc.case_marker(noun) not in DE_FORMS or marker == "bare":
        return []
    if not lexicon.lemma_in(length, lexicon.cue_set("time_units")):
        return []
    return [c for c in doc.children(length, "nmod") if c is not noun and doc.case_marker(c) == marker]


def resolve(doc: Doc, trigger: Word, path: str, lexicon: Lexicon) -> list[Word]:
    if ">" in path:  # a chain: "governor@condamner>obj" is the object of the verb the trigger hangs on
        first, rest = path.split(">", 1)
        return [w for step in resolve(doc, trigger, first, lexicon) for w in resolve(doc, step, rest, lexicon)]
    kind, _, marker = path.partition("@")
    if kind == "governor":
        verb = governing_verb(doc, trigger)
        return [verb] if verb is not None and (not marker or lexicon.lemma_in(verb, frozenset(marker.split("|")))) else []
    if kind == "subj":
        if trigger.upos in ("VERB", "AUX") or trigger.feats.get("VerbForm") == "Part":
            return subjects(doc, trigger, lexicon)
        return [c for c in doc.children(trigger) if c.deprel in ("nsubj", "nsubj:pass")]
    if kind == "obj":
        return objects(doc, trigger, lexicon)
    if kind == "nsubj":
        return doc.children(trigger, "nsubj")
    if kind in ("obl", "nmod"):
        rels = ("obl", "nmod") if trigger.upos in ("VERB", "ADJ", "AUX") else ("nmod", "obl")
        out = []
        for c in doc.children(trigger):
            if c.rel not in rels or c.deprel == "obl:agent" and kind == "obl" and marker and marker != "par":
                continue
            if marker == "bare":  # no preposition: "élu président du conseil"
                if doc.case_marker(c):
                    continue
            elif marker and doc.case_marker(c) != marker:
                continue
            out.append(c)
        if not out and marker and trigger.upos in ("NOUN", "PROPN"):
            out = _through_participle(doc, trigger, marker) or _beside_its_length(doc, trigger, marker, lexicon)
        if not out and marker == "par" and trigger.upos == "NOUN":
            out = _agent_on_complement(doc, trigger)
        if not out and marker and marker != "bare" and kind == "obl" and trigger.upos == "VERB":
            out = _slipped_into_object(doc, trigger, marker)
        return out
    if kind == "of_obl":  # "a mis fin aux fonctions de son directeur": whose post the oblique names
        out = []
        for post in resolve(doc, trigger, f"obl@{marker}" if marker else "obl", lexicon):
            out += [c for c in doc.children(post, "det") if c.feats.get("Poss") == "Yes"] or de_complements(doc, post)
        return out
    if kind == "num":  # "deux morts", and "un mort" where the numeral is tagged a determiner
        found = [c for c in doc.children(trigger, "nummod")]
        return found or [c for c in doc.children(trigger, "det") if c.lem in ("un", "une") and c.feats.get("Number", "Sing") == "Sing"]
    if kind == "poss":
        return [c for c in doc.children(trigger, "det") if c.feats.get("Poss") == "Yes"]
    if kind in ("ccomp", "xcomp"):
        found = [c for c in doc.children(trigger) if c.rel == kind]
        return found or [c for c in doc.children(trigger, "conj") if _complement_clause(doc, trigger, c, kind)]
    if kind in ("iobj", "nummod", "amod", "appos", "acl", "advcl", "parataxis"):
        # an inserted reporting clause ("parataxis:insert") reports the clause, it is not its content
        return [c for c in doc.children(trigger) if (c.rel == kind or c.deprel == kind) and c.deprel != "parataxis:insert"]
    if kind == "gov":
        return [doc.words[trigger.head]] if trigger.head is not None else []
    if kind == "self":
        return [trigger]
    if kind == "host":
        return host_clause(doc, trigger)
    if kind == "affected_by":
        return affected_by(doc, trigger, lexicon)
    if kind == "of_xcomp":  # "a reconnu X coupable de corruption": what the predicate is about
        return [w for x in doc.children(trigger, "xcomp") for w in resolve(doc, x, f"obl@{marker}" if marker else "obl", lexicon)]
    if kind == "event_in_sentence":
        return event_in_sentence(doc, trigger, marker.split("|"), lexicon)
    if kind in ("support_subj", "support_obj"):
        verb = support_verb(doc, trigger, lexicon)
        if verb is None or (marker and verb.lem not in marker.split("|")):
            return []  # "support_subj@passer": only through that verb ("passer une commande")
        return subjects(doc, verb, lexicon) if kind == "support_subj" else objects(doc, verb, lexicon)
    return []


def _slipped_into_object(doc: Doc, verb: Word, marker: str) -> list[Word]:
    """ "a confié la direction de sa filiale à Marco Rossi": the parser hung the verb's oblique on the
    last noun of its object; an oblique after the object, inside it, still belongs to the verb."""
    out = []
    for obj in doc.children(verb, "obj"):
        nouns = [obj] + [c for c in doc.children(obj, "nmod")]
        for noun in nouns:
            out += [c for c in doc.children(noun, "nmod") if c.index > obj.index and doc.case_marker(c) == marker]
    return out[-1:]


def _agent_on_complement(doc: Doc, noun: Word) -> list[Word]:
    """ "la revendication de l'attaque par le groupe": the "par" agent hung on the noun's own complement;
    "a validé la reprise de X par le groupe Y": or on the active verb the noun is the object of."""
    found = [c for d in de_complements(doc, noun) for c in doc.children(d, "nmod") if doc.case_marker(c) == "par"][:1]
    gov = doc.head(noun)
    if not found and noun.deprel == "obj" and gov is not None and gov.upos == "VERB" and not is_passive(doc, gov):
        found = [c for c in doc.children(gov, "obl") if c.index > noun.index and doc.case_marker(c) == "par"
                 and c.deprel != "obl:agent"][:1]
    return found


def _through_participle(doc: Doc, noun: Word, marker: str) -> list[Word]:
    """ "une panne généralisée de sa plateforme": the parser often hangs the noun's complement on the
    participle right after it; the complement still belongs to the noun."""
    out = []
    for part in doc.children(noun, "acl", "amod"):
        if part.index - noun.index in (1, 2) and (part.upos == "VERB" or part.feats.get("VerbForm") == "Part"):
            out += [c for c in doc.children(part) if c.rel in ("obl", "nmod") and c.index > part.index
                    and doc.case_marker(c) == marker]
    return out


def _complement_clause(doc: Doc, verb: Word, conj: Word, kind: str) -> bool:
    """A clause the parser coordinated with the verb although nothing coordinates it: "a annoncé
    mercredi que son PDG partira" (a "que" clause), "a annoncé avoir ouvert une enquête" (an infinitive)."""
    if conj.index < verb.index or doc.children(conj, "cc"):
        return False
    if kind == "ccomp":
        return any(c.rel == "mark" and c.lem in QUE_FORMS and c.index < conj.index for c in doc.children(conj))
    infinitive = conj.feats.get("VerbForm") == "Inf" or any(
        c.rel == "aux" and c.feats.get("VerbForm") == "Inf" for c in doc.children(conj))
    return infinitive and not any(c.rel in ("nsubj", "mark") for c in doc.children(conj))


def affected_by(doc: Doc, noun: Word, lexicon: Lexicon) -> list[Word]:
    """What a nominal event strikes, through a verb of cues.yaml `affect_verbs`: "une panne a touché X",
    "X a été touché par une panne", "X a été victime d'une cyberattaque"."""
    gov = doc.head(noun)
    if gov is None or not lexicon.lemma_in(gov, lexicon.cue_set("affect_verbs")):
        return []
    if noun.rel == "nsubj" and not is_passive(doc, gov):
        return objects(doc, gov, lexicon)
    marker = doc.case_marker(noun)
    if noun.deprel == "obl:agent" or (noun.rel == "obl" and marker == "par"):
        return [c for c in doc.children(gov, "nsubj:pass", "nsubj")]
    if gov.lem == "victime" and marker in DE_FORMS:
        return [c for c in doc.children(gov) if c.rel == "nsubj" or c.deprel == "nsubj:pass"]
    return []


def governing_verb(doc: Doc, noun: Word) -> Word | None:
    """The verb a nominal hangs on, up through the nouns it is part of: "condamné à deux ans d'emprisonnement
    et 40 000 euros d'amende" (amende -> euros -> ans -> condamné)."""
    node = noun
    for _ in range(5):
        if node.rel not in ("nmod", "conj", "obl", "obj", "appos"):
            return None
        node = doc.head(node)
        if node is None:
            return None
        if node.upos in ("VERB", "AUX") or node.feats.get("VerbForm") == "Part":
            return node
    return None


def event_in_sentence(doc: Doc, trigger: Word, types: list[str], lexicon: Lexicon) -> list[Word]:
    """The nearest noun of the trigger's sentence that names an event of one of these types: "Explosion dans une
    usine : deux morts" (what killed them), "le carambolage a été violent ; trois blessés"."""
    found = [doc.words[i] for i in doc.sentence_of(trigger).words]
    found = [w for w in found if w is not trigger and w.upos in ("NOUN", "PROPN")
             and any(lexicon.triggers(w.lem, t) for t in types) and not lexicon.in_class(w.lem, "person_noun")]
    return sorted(found, key=lambda w: abs(w.index - trigger.index))[:1]


def host_clause(doc: Doc, trigger: Word) -> list[Word]:
    """The clause a reporting word is attached to: "selon X, <clause>", "<clause>, a-t-il déclaré"."""
    gov = doc.head(trigger)
    if gov is None:
        return []
    if trigger.upos == "ADP" or trigger.rel in ("case", "fixed"):
        if gov.rel in ("case",):
            gov = doc.head(gov)
        clause = doc.head(gov) if gov is not None else None
        return [clause] if clause is not None else []
    if trigger.rel in ("parataxis", "dislocated"):
        return [gov]
    return []


def support_verb(doc: Doc, noun: Word, lexicon: Lexicon) -> Word | None:
    """The light verb of a nominal trigger: "a procédé au lancement", "a finalisé le rachat"."""
    if noun.upos not in ("NOUN", "PROPN", "ADJ"):
        return None
    gov = doc.head(noun)
    if gov is None or noun.rel not in ("obj", "obl", "nsubj", "xcomp"):
        return None
    if noun.rel == "obl" and doc.case_marker(noun) in ("pour", "contre"):
        return None  # "a accusé une perte, pour un chiffre d'affaires de 612 millions": a figure beside, not the verb's
    passive = noun.deprel == "nsubj:pass" or (noun.rel == "nsubj" and is_passive(doc, gov))
    if passive and not doc.children(gov, "obl:agent"):
        return None  # "l'intérim sera assuré par X" keeps its agent
    if gov.upos in ("VERB", "AUX") and lexicon.lemma_in(gov, lexicon.cue_set("support_verbs")):
        return gov
    return None
