"""Stage 2: role fillers from the dependency parse, following each type's role frame.

Also applies the sense constraints (`requires`, `excludes`) of the trigger entry,
which are stated on role fillers, and adds `time`, `place` and `source`, which
every event type may carry.
"""
from __future__ import annotations

from functools import cached_property

from eventx.extraction.classes import CLITIC_SUBJECT, classes_of
from eventx.extraction.lexicon import ENTITY_CLASSES, Lexicon, TriggerEntry
from eventx.extraction.model import FREE, STATEMENT, UNVERIFIED, VERIFIED, Argument, Event
from eventx.extraction.nearby import DURATION_CASES, NearbyFallbacks
from eventx.extraction.paths import QUE_FORMS, de_complements, euphonic_t, resolve, subjects, support_verb
from eventx.extraction.quotes import ReportedWords
from eventx.extraction.spans import phrase_words, span_of
from eventx.extraction.values import MONEY_ROLES
from eventx.nlp.document import Doc, Word

MISSING_REQUIRED_PENALTY = 0.3
PARTICIPANT_CLASSES = {"PER", "ORG", "person_noun", "position", "organization", "group_noun"}
CLAUSAL_ROLES = {"content", "charge", "rejected", "cause"}
# roles a place name may fill; inside the phrases of the others, "à Trappes" after "une attaque au
# couteau" is the event's place
PLACE_ROLES = {"place", "target", "affected"}
# roles a place name never fills ("agressé au hasard à Trappes": no instrument; "élu au Havre": the
# place, not the office); a country may be accused or addressed ("attribue à Moscou la cyberattaque"),
# so those are not listed
THING_ROLES = {"instrument", "cause", "medium", "charge", "price", "amount", "duration", "item", "product",
               "vehicle", "position", "quantity", "count", "metric", "employees", "content", "office", "organization"}
PLACE_CASES = ("à", "dans", "en")
# where something happened when a place noun follows: "dans un ravin", "au-dessus de la mer"
NEAR_PLACE_CASES = ("à", "dans", "près de", "au large de", "au-dessus de", "aux abords de", "à hauteur de", "non loin de",
                    "aux environs de", "à proximité de")
ENTITY_ROLES_NO_CONJ = {"content"}


class ArgumentFinder(NearbyFallbacks, ReportedWords):
    def __init__(self, doc: Doc, lexicon: Lexicon, mentions_by_head, money_words: set[int], time_spans, loc_heads: set[int],
                 money_spans=()):
        self.doc = doc
        self.lexicon = lexicon
        self.mentions_by_head = mentions_by_head
        self.money_words = money_words
        self.time_spans = time_spans  # list of (start, end, value)
        self.loc_heads = loc_heads
        self.money_spans = list(money_spans)  # (start, end) of amounts of money
        self.detachable = frozenset(lexicon.cues.get("detachable_relations", []))
        self.vague_time = frozenset(lexicon.cues.get("vague_time_words", []))
        self.place_markers = frozenset(lexicon.cues.get("place_markers", []))
        self.source_markers = frozenset(lexicon.cues["modality"].get("source_markers", []))

    # -- the event's own roles ------------------------------------------------------
    def fill(self, event: Event, entry: TriggerEntry) -> bool:
        """Adds arguments to the event; False when a sense constraint rules the trigger out."""
        doc, trigger = self.doc, event.trigger
        if entry.in_article and not set(entry.in_article) & self._article_classes:
            return False  # the article is not that kind of story: nothing to resolve
        type_lex = self.lexicon.types[event.type]
        frame = type_lex.frame_for(entry, event.pos or trigger.upos)
        if trigger.rel in ("case", "fixed") and "ADP" in entry.pos:
            frame = type_lex.frames.get("ADP", frame)
        used: set[int] = set(event.covered)
        fillers: dict[str, list[Word]] = {}
        for role, paths in frame.items():
            if "name" in paths:
                self._add_trigger_name(event, role)
                continue
            for path in paths:
                found = [w for w in self._resolve(event, path)
                         if (w.index not in used or path == "self") and not euphonic_t(w)]
                # a role with relabel rules keeps a second candidate: "une lettre dans laquelle il s'excuse"
                # (two subjects) has the letter for medium and "il" for speaker
                keep = 2 if role in type_lex.relabel else 1
                found = [w for w in found if not self._is_time_phrase(w) or role in ("duration",)][:keep]
                if role in THING_ROLES:
                    found = [w for w in found if not self._is_place_phrase(w)]
                if role not in CLAUSAL_ROLES:
                    found = [w for w in found if self._is_phrase_head(w)]
                if role in type_lex.fillers:
                    found = [w for w in found if self._classes(w) & type_lex.fillers[role]]
                if role in type_lex.nonfillers:
                    found = [w for w in found if not self._classes(w) & type_lex.nonfillers[role]]
                if found:
                    fillers[role] = found
                    used.update(w.index for w in found)
                    break
        self._possessive_named_by_the_subject(event, entry, fillers, used)
        sense = self._sense(entry, fillers, event.trigger)
        if sense is None or (sense > 0 and self._absent_from_article(entry, fillers)):
            return False
        self._relabel(event.type, fillers)
        for role in type_lex.relabel:
            if fillers.get(role):
                fillers[role] = fillers[role][:1]
        event.confidence -= sense
        event.sense = UNVERIFIED if sense > 0 else (VERIFIED if entry.requires else FREE)
        if {"person", "position"} <= set(type_lex.roles):
            self._split_title(fillers, used)
        for role, heads in fillers.items():
            for head in heads:
                self._add(event, role, head, clausal=role in CLAUSAL_ROLES)
                if role not in ENTITY_ROLES_NO_CONJ:
                    for conj in doc.children(head, "conj"):
                        if doc.case_marker(conj) and not doc.case_marker(head):
                            continue  # "le politologue X, de l'Université de Fribourg": a complement, not a second one
                        if conj.upos in ("NOUN", "PROPN", "PRON", "NUM") and conj.index not in used:
                            self._add(event, role, conj, clausal=False)
        if "content" in frame and self._quote_just_before(event):
            # "« ... », précise Elior dans un communiqué indiquant que ...": an inserted reporting verb reports
            # the quote before it, whatever clause the parser gave it
            event.arguments = [a for a in event.arguments if a.role != "content"]
        if "content" in frame and not any(a.role == "content" for a in event.arguments):
            self._add_surface_content(event)
            found = any(a.role == "content" for a in event.arguments)
            if "content" in entry.requires and found:
                event.confidence += MISSING_REQUIRED_PENALTY  # what _sense charged for the content it could not see yet
            elif entry.strict and "content" in entry.requires:
                return False  # "lancera une citadine": nothing said, no statement
        if "medium" in frame and not any(a.role == "medium" for a in event.arguments):
            self._add_nearby_medium(event, used)
        for role in MONEY_ROLES & set(frame):
            if not any(a.role == role for a in event.arguments):
                self._add_nearby_money(event, role)
        if "count" in frame and not any(a.role == "count" for a in event.arguments):
            self._add_count_in_trigger(event)
        self._untangle_nested(event)
        self._add_time_place(event, used)
        self._add_source(event)
        return True

    def _untangle_nested(self, event: Event) -> None:
        """ "a cédé sa filiale allemande au fonds Cinven": when the parser hung one participant inside
        another's phrase, the outer phrase stops before it (target "sa filiale allemande", buyer "fonds Cinven")."""
        for outer in event.arguments:
            if outer.head is None or outer.head.upos in ("VERB", "AUX") or outer.head.rel == "ccomp":
                continue  # a clause may well contain the participants of what it says
            inner = [a for a in event.arguments if a is not outer and a.role != outer.role
                     and outer.start < a.start and a.end <= outer.end and a.end >= outer.end - 1]
            if not inner:
                continue
            words = [w for w in self.doc.words_between(outer.start, inner[0].start) if w.end <= inner[0].start]
            while words and (words[-1].upos in ("ADP", "DET", "PUNCT", "CCONJ") or words[-1].rel == "case"):
                words.pop()
            if words:
                outer.end = words[-1].end
                outer.text = self.doc.text[outer.start:outer.end]

    def _resolve(self, event: Event, path: str) -> list[Word]:
        """The path from the trigger; for a multi-word trigger, an oblique or a "que" clause hung on its
        other words counts too ("a porté plainte contre X", "a fait savoir que ...")."""
        found = resolve(self.doc, event.trigger, path, self.lexicon)
        if found or not (path.startswith(("obl@", "nmod@")) or path == "ccomp"):
            return found
        for part in self._other_trigger_words(event):
            found += [w for w in resolve(self.doc, part, path, self.lexicon) if w.index not in event.covered]
        return found

    def _other_trigger_words(self, event: Event) -> list[Word]:
        """The words of a multi-word trigger besides its head ("plainte" in "a porté plainte"), in text order."""
        return [self.doc.words[i] for i in sorted(event.covered) if i != event.trigger.index]

    def _add_count_in_trigger(self, event: Event) -> None:
        """ "faisant quatre morts", "a fait au moins cinq victimes": the numeral of a noun inside a
        multi-word trigger counts the event."""
        for part in self._other_trigger_words(event):
            gov = self.doc.head(part)
            if gov is not None and gov.upos == "NUM" and part.rel == "nmod":
                numeral = [gov]  # "supprime 300 des 1 200 postes": the numeral the expression's noun is counted from
            else:
                numeral = resolve(self.doc, part, "num", self.lexicon)
            if numeral:
                self._add(event, "count", numeral[0], clausal=False)
                return

    def _split_title(self, fillers: dict[str, list[Word]], used: set[int]) -> None:
        """ "son PDG, Philippe Salle, partira": the title is the position, its owner the organisation, the
        name the person."""
        heads = fillers.get("person") or []
        if not heads or heads[0].lem not in self.lexicon.classes.get("position", ()):
            return
        if fillers.get("position") and fillers["position"][0].lem not in self.lexicon.classes.get("post_word", ()):
            return  # "a démissionné de ses fonctions": a bare post word gives way to the title
        title = heads[0]
        name = next((c for c in self.doc.children(title) if c.rel in ("appos", "conj", "flat")
                     and (c.upos == "PROPN" or c.index in self.mentions_by_head)), None)
        if name is None:
            return
        fillers["person"], fillers["position"] = [name], [title]
        used.add(name.index)
        owner = [c for c in self.doc.children(title, "det") if c.feats.get("Poss") == "Yes"] or de_complements(self.doc, title)
        if owner and "organization" not in fillers:
            fillers["organization"] = owner[:1]
            used.add(owner[0].index)

    def _post_owner(self, fillers: dict[str, list[Word]], post: Word) -> list[Word]:
        """ "ses fonctions de directeur général de Stellantis": a bare post word's title is the position,
        the title's "de" complement the organisation ("ses": a post's possessor is its holder)."""
        titles = self.lexicon.classes.get("position", ())
        of = de_complements(self.doc, post)
        title = next((c for c in of if c.lem in titles), None)
        if title is not None and post.lem in self.lexicon.classes.get("post_word", ()):
            fillers["position"] = [title]
            return de_complements(self.doc, title)
        return [c for c in of if c.lem not in titles]

    def _is_place_phrase(self, w: Word) -> bool:
        return w.index in self.loc_heads and self.doc.case_marker(w) in PLACE_CASES

    def _possessive_named_by_the_subject(self, event: Event, entry: TriggerEntry, fillers: dict[str, list[Word]],
                                         used: set[int]) -> None:
        """ "le président Bernard Maurel a présenté sa démission", "X prendra sa retraite": "sa" is the subject of the
        light verb; the phrase that names them is the argument (when it is of the class the role requires)."""
        verb = support_verb(self.doc, event.trigger, self.lexicon)
        if verb is None:
            return
        for role, heads in fillers.items():
            if not heads or not all(h.feats.get("Poss") == "Yes" for h in heads):
                continue
            subject = [s for s in subjects(self.doc, verb, self.lexicon) if s.index not in used]
            wanted = set(entry.requires.get(role, ())) or PARTICIPANT_CLASSES
            classes = self._classes(subject[0]) if len(subject) == 1 else set()
            if classes & wanted and "PRON" not in classes:
                used.add(subject[0].index)
                fillers[role] = subject

    def _relabel(self, event_type: str, fillers: dict[str, list[Word]]) -> None:
        """The type's `relabel` rules: "le communiqué affirme" names the medium, not the speaker."""
        for role, by_class in self.lexicon.types[event_type].relabel.items():
            heads = fillers.get(role) or []
            for head in list(heads):
                classes = self._classes(head)
                if head.upos == "PROPN":  # "selon La Tribune": a newspaper's name speaks; its common noun is no document
                    classes = classes & ENTITY_CLASSES
                new_role = next((r for c, r in by_class.items() if c in classes), None)
                if new_role and new_role not in fillers:
                    heads.remove(head)
                    fillers[new_role] = [head]
                    if new_role == "position":
                        heads.extend(self._post_owner(fillers, head)[:1])
                        continue
                    if new_role != "medium":
                        continue
                    # "selon un communiqué de Roskosmos", "sa version des faits": the document's author keeps the first role
                    author = [c for c in self.doc.children(head, "det") if c.feats.get("Poss") == "Yes"]
                    author += [c for c in self.doc.children(head, "nmod") if self.doc.case_marker(c) == "de"]
                    author += [c for c in self.doc.children(head) if c.upos == "PROPN" and not self.doc.case_marker(c)
                               and c.rel in ("nmod", "appos", "flat", "compound")]  # "des estimations Ipsos"
                    nxt = self.doc.words[head.index + 1] if head.index + 1 < len(self.doc.words) else None
                    if nxt is not None and nxt.sent == head.sent and nxt.upos == "PROPN" and nxt not in author:
                        author.append(nxt)  # the same, however the parser attached the name
                    heads.extend(author[:1])
            if not heads:
                fillers.pop(role, None)

    def _clause_subject(self, noun: Word) -> Word | None:
        """The subject of the verb a nominal hangs on, which a possessive on it usually stands for."""
        verb = self.doc.head(noun)
        if verb is None or noun.rel not in ("obl", "obj") or verb.upos not in ("VERB", "AUX"):
            return None
        return next((c for c in self.doc.children(verb) if c.deprel in ("nsubj", "nsubj:pass")), None)

    def _is_phrase_head(self, w: Word) -> bool:
        """A participant is a noun phrase: not a clause ("que l'entreprise a ..."), not a conjunction."""
        if CLITIC_SUBJECT.match(w.text):
            return True  # "-t-il", whatever the tagger made of it
        if w.upos in ("SCONJ", "CCONJ", "PUNCT", "ADP") or w.lem in QUE_FORMS:
            return False
        if any(c.rel == "mark" for c in self.doc.children(w)):
            return False
        return w.upos not in ("VERB", "AUX") or (w.feats.get("VerbForm") == "Part" and w.rel in ("obj", "nsubj", "obl"))

    def _add_trigger_name(self, event: Event, role: str) -> None:
        """The trigger phrase itself with its adjectives: "bénéfice net", "chiffre d'affaires"."""
        trigger = event.trigger
        words = {trigger.index} | set(event.covered)
        words |= {c.index for c in self.doc.children(trigger, "amod") if abs(c.index - trigger.index) <= 2}
        for i in list(words):  # the case markers and determiners between covered words ("d'" in "chiffre d'affaires")
            words |= {c.index for c in self.doc.children(self.doc.words[i], "case", "det") if min(words) < c.index < max(words)}
        lo, hi = min(words), max(words)
        if hi - lo + 1 != len(words):
            lo = hi = trigger.index
        start, end = self.doc.words[lo].start, self.doc.words[hi].end
        event.arguments.append(Argument(role, start, end, self.doc.text[start:end], trigger, confidence=0.8))

    def _sense(self, entry: TriggerEntry, fillers: dict[str, list[Word]], trigger: Word) -> float | None:
        """None when a filler rules the sense out; else how much an unverified sense costs in confidence.

        A required role that the parse left empty does not rule the sense out (parsers miss
        long-distance fillers); it only lowers the confidence."""
        penalty = 0.0
        for role, wanted in entry.requires.items():
            heads = fillers.get(role) or []
            classes = [self._classes(h) for h in heads]
            fits = "any" in wanted and bool(heads) or any(c & set(wanted) for c in classes)
            if not fits and heads and all(h.feats.get("Poss") == "Yes" for h in heads):
                owner = self._clause_subject(trigger)  # "la fusée a explosé à son décollage": "son" is the rocket's
                fits = owner is not None and bool(self._classes(owner) & set(wanted))
            # a pronoun ("ses précédents tirs") can stand for anything: unverified, like an empty role
            third_person_pronouns = all("PRON" in c and h.feats.get("Person", "3") == "3" for h, c in zip(heads, classes))
            if not heads or (third_person_pronouns and not fits):
                if entry.strict and not (role == "content" and not heads):
                    return None  # (an empty content is checked after the reported words around: fill())
                penalty += MISSING_REQUIRED_PENALTY
            elif not fits:
                return None
        for role, unwanted in entry.excludes.items():
            heads = fillers.get(role) or []
            if any(self._classes(h) & set(unwanted) for h in heads):
                return None
        return penalty

    def _absent_from_article(self, entry: TriggerEntry, fillers: dict[str, list[Word]]) -> bool:
        """An unverified sense whose required word class the article never mentions: "depuis son lancement" in an
        article about airliners names no rocket launch (no spacecraft anywhere). Only for the lexicon's own
        word classes; an entity type (ORG, PER) could be any name."""
        for role, wanted in entry.requires.items():
            heads = fillers.get(role) or []
            if heads and any(self._classes(h) & set(wanted) for h in heads):
                continue
            if any(c not in self.lexicon.classes for c in wanted):
                continue
            if not set(wanted) & self._article_classes:
                return True
        return False

    @cached_property
    def _article_classes(self) -> set[str]:
        """The lexicon word classes some word of the article belongs to."""
        words = {w.lem for w in self.doc.words} | {w.lower for w in self.doc.words}
        return {name for name, members in self.lexicon.classes.items() if words & members}

    def _classes(self, head: Word) -> set[str]:
        return classes_of(self.doc, head, self.lexicon, self.mentions_by_head, self.money_words)

    def _add(self, event: Event, role: str, head: Word, *, clausal: bool) -> None:
        exclude = set(event.covered) | {event.trigger.index}
        if head.index in exclude and head is not event.trigger:
            return
        if head is event.trigger:
            exclude = set()
        else:
            exclude |= self._branch_to_trigger(head, event.trigger)
        if role not in PLACE_ROLES and (not clausal or head.upos in ("NOUN", "PROPN")):
            exclude |= self._place_modifiers(head)  # a clause keeps its places: "a agressé des passants à Trappes"
        words = phrase_words(self.doc, head, exclude=exclude, detachable=self.detachable, clausal=clausal)
        if clausal:
            words = self._from_complementizer(head, words)
            words = self._trim_clause(words, event)
        if not words:
            return
        start, end = span_of(words)
        if start >= end or any(a.role == role and a.start == start for a in event.arguments):
            return
        conf = 0.75 if head.upos in ("PROPN", "NOUN", "NUM") else 0.6
        event.arguments.append(Argument(role, start, end, self.doc.text[start:end], head, confidence=conf))

    def _from_complementizer(self, head: Word, words: list[Word]) -> list[Word]:
        """A "que" clause runs from its "que", even over a subject the parser hung elsewhere
        ("a annoncé que son PDG partira": "son PDG" attached to "annoncé")."""
        marks = [c for c in self.doc.children(head, "mark") if c.lem in QUE_FORMS]
        if not words or not marks or marks[0].index >= words[0].index:
            return words
        return [self.doc.words[i] for i in range(marks[0].index, words[-1].index + 1)]

    def _place_modifiers(self, head: Word) -> set[int]:
        """"à Trappes" inside "une attaque au couteau à Trappes": a place name the parser attached
        low, which belongs to the event, not to the phrase."""
        out: set[int] = set()
        for w in self.doc.subtree(head):
            if w is not head and w.rel == "nmod" and self._is_place_phrase(w):
                out |= {x.index for x in self.doc.subtree(w)}
        return out

    def _branch_to_trigger(self, head: Word, trigger: Word) -> set[int]:
        """When the filler governs the trigger ("selon X, <clause>"), the branch holding the trigger is left out."""
        node = trigger
        while node.head is not None and node.head != head.index:
            node = self.doc.words[node.head]
        if node.head == head.index:
            return {w.index for w in self.doc.subtree(node)}
        return set()

    def _trim_clause(self, words: list[Word], event: Event) -> list[Word]:
        """A reported clause loses the reporting frame around it: "selon X," and quotes at the edges."""
        marker_heads = {w.index for w in words if w.rel == "case" and w.lem in self.source_markers}
        if marker_heads:
            drop = set()
            for m in marker_heads:
                phrase = self.doc.words[self.doc.words[m].head]
                drop |= {w.index for w in self.doc.subtree(phrase)}
            words = [w for w in words if w.index not in drop]
            # keep the longest contiguous run
            runs, cur = [], []
            for w in words:
                if cur and w.index != cur[-1].index + 1:
                    runs.append(cur)
                    cur = []
                cur.append(w)
            if cur:
                runs.append(cur)
            words = max(runs, key=len) if runs else []
        while words and words[0].upos == "PUNCT" and words[0].text not in ("«", "“", "("):
            words = words[1:]
        while words and words[-1].upos == "PUNCT" and words[-1].text not in ("»", "”", ")"):
            words = words[:-1]
        return words

    # -- time, place, source -----------------------------------------------------------
    def _time_value_in(self, start: int, end: int):
        for s, e, value in self.time_spans:
            if s < end and start < e:
                return (s, e, value)
        return None

    def _is_time_phrase(self, w: Word) -> bool:
        if w.upos in ("VERB", "AUX"):
            return False
        if w.lem in self.lexicon.cue_set("time_units") and any(
                self.lexicon.lemma_in(c, self.lexicon.cue_set("penalty_words")) for c in self.doc.children(w, "nmod")):
            return False  # "à 18 ans de réclusion": a penalty
        marker = self.doc.case_marker(w)
        if marker in DURATION_CASES or marker in ("lors de", "au cours de", "tout au long de"):
            # "pendant environ deux heures" is a duration; "durant le procès", "lors du match" a time
            return w.upos == "NOUN" and w.lem not in self.lexicon.cue_set("time_units") and not any(
                c.rel == "nummod" for c in self.doc.children(w))
        if w.rel in ("nsubj", "obj", "nsubj:pass"):  # only a word that is itself a dated expression ("Samedi")
            if w.lem in self.vague_time and w.upos == "NOUN" and any(  # "a annoncé ces derniers mois", "une nouvelle fois"
                    c.lem in ("ce", "cet", "cette", "dernier", "prochain", "nouveau") for c in self.doc.children(w)):
                return True
            return any(s <= w.start and w.end <= e and v is not None for s, e, v in self.time_spans)
        if w.lem in self.vague_time and w.upos in ("ADV", "NOUN"):
            return True
        return self._time_value_in(w.start, w.end) is not None and w.upos in ("NOUN", "NUM", "ADV", "PROPN", "ADJ")

    def _add_time_place(self, event: Event, used: set[int]) -> None:
        doc = self.doc
        hosts = [event.trigger]
        verb = support_verb(doc, event.trigger, self.lexicon)
        if verb is not None:
            hosts.append(verb)
        elif event.trigger.upos in ("NOUN", "ADJ") and event.trigger.head is not None and event.trigger.rel in ("nsubj", "obj", "obl"):
            gov = doc.words[event.trigger.head]
            if gov.upos in ("VERB", "AUX"):
                hosts.append(gov)  # "la panne a duré deux heures samedi", "touché samedi par une panne"
        has_time = any(a.role == "time" for a in event.arguments)
        has_place = any(a.role == "place" for a in event.arguments)
        reported = [(a.start, a.end) for a in event.arguments if a.role == "content"]
        for host in hosts:
            # a dated phrase before a vague one: "Après six jours de procès, la cour a condamné mercredi soir X"
            for c in sorted(doc.children(host), key=lambda c: self._time_value_in(c.start, c.end) is None):
                if c.index in used or c.index in event.covered or any(s <= c.start < e for s, e in reported):
                    continue  # a date inside what is said dates that, not the saying
                if c.rel not in ("obl", "nmod", "advmod", "nummod") and c.deprel not in ("obl:mod", "obl:tmod"):
                    continue
                if not has_time and self._is_time_phrase(c):
                    self._add(event, "time", c, clausal=False)
                    has_time = True
                    used.add(c.index)
                elif not has_place and c.rel in ("obl", "nmod") and self._is_place(c, host):
                    self._add(event, "place", c, clausal=False)
                    has_place = True
                    used.add(c.index)
            if has_time and has_place:
                break
        if not has_time:
            self._add_nearby_time(event)
        if not has_place and event.type != STATEMENT:
            self._add_nearby_place(event)  # where the sentence's news happened is not where it was said

    def _is_place(self, w: Word, host: Word | None = None) -> bool:
        marker = self.doc.case_marker(w)
        places = self.lexicon.classes.get("place_noun", ())
        if marker in ("de", "depuis") and host is not None and host.upos == "VERB" and w.lem in places:
            return True  # "a décollé du Centre spatial guyanais", "est parti depuis la base d'Andøya"
        if marker not in self.place_markers:
            return False
        if w.index in self.loc_heads:
            return True
        if marker in ("sur", "devant") and w.lem in places and w.lem not in ("marché", "plateforme", "site"):
            return True  # "sur l'autoroute", "devant la mairie" (not "sur le marché", "sur son site")
        return marker in NEAR_PLACE_CASES and (w.lem in places and marker != "en")

    def _add_source(self, event: Event) -> None:
        """"selon Downdetector, la panne ..." names the source of the events of its clause."""
        if event.type == STATEMENT and event.trigger.rel in ("case", "fixed"):
            return
        doc = self.doc
        node, hops = event.trigger, 0
        while node is not None and hops < 4:
            for c in doc.children(node, "obl", "nmod", "advcl"):
                marker = doc.case_marker(c)
                if marker in self.source_markers or marker.replace(" ", "") in self.source_markers or marker == "de après":
                    if not any(a.role == "source" for a in event.arguments):
                        self._add(event, "source", c, clausal=False)
                    return
            if node.rel not in ("xcomp", "ccomp", "conj", "obj", "nsubj", "nsubj:pass", "obl", "nmod") and node.deprel != "root":
                return
            node = doc.head(node)
            hops += 1
