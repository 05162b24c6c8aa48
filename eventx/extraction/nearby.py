"""Fallbacks of stage 2: a time, place, medium or amount near the trigger, when the parse hung it elsewhere.

Each looks in the trigger's sentence for the nearest candidate within a reach in characters
("a proposé de racheter OpenAI ... pour 97,4 milliards de dollars"); they run after the frame,
only for roles the frame left empty. Mixed into `ArgumentFinder`.
"""
from __future__ import annotations

from eventx.extraction.model import STATEMENT, Argument, Event
from eventx.nlp.document import Word

DURATION_CASES = ("pendant", "durant")
MEDIUM_CASES = ("dans", "sur", "via", "lors de", "par", "à", "au cours de", "durant", "pendant")


def _gap(event: Event, start: int, end: int) -> int:
    """Characters between the trigger and a span (0 when they touch or overlap)."""
    return max(start - event.trigger_end, event.trigger_start - end, 0)


def _closest(scored, reach: int):
    """The item of the smallest gap within `reach` among (gap, item) pairs, the first on a tie; None if none."""
    best = min((pair for pair in scored if pair[0] <= reach), key=lambda pair: pair[0], default=None)
    return None if best is None else best[1]


class NearbyFallbacks:
    def _add_nearby_medium(self, event: Event, used: set[int], reach: int = 90) -> None:
        """"dans un communiqué", "sur son compte X" near the reporting word, when the parse hung it elsewhere."""
        doc = self.doc
        media = self.lexicon.classes.get("medium_noun", frozenset())
        candidates = [doc.words[i] for i in doc.sentence_of(event.trigger).words]
        candidates = [w for w in candidates if w.index not in used and w.index not in event.covered
                      and w.upos == "NOUN" and w.lem in media and doc.case_marker(w) in MEDIUM_CASES
                      and not any(a.start <= w.start < a.end for a in event.arguments)]
        best = _closest(((_gap(event, w.start, w.end), w) for w in candidates), reach)
        if best is not None:
            self._add(event, "medium", best, clausal=False)
            used.add(best.index)

    def _add_nearby_money(self, event: Event, role: str, reach: int = 80) -> None:
        """"a proposé de racheter OpenAI ... pour 97,4 milliards de dollars": the amount of money nearest the
        trigger in its sentence, when the parse hung it elsewhere; an amount already used is not taken twice."""
        sentence = self.doc.sentence_of(event.trigger)
        spans = [(start, end) for start, end in self.money_spans if sentence.start <= start and end <= sentence.end
                 and not any(a.start < end and start < a.end for a in event.arguments)]
        best = _closest(((_gap(event, start, end), (start, end)) for start, end in spans), reach)
        if best is not None:
            start, end = best
            event.arguments.append(Argument(role, start, end, self.doc.text[start:end], None, confidence=0.5))

    def _add_nearby_place(self, event: Event, reach: int = 60) -> None:
        """A place name introduced by "à", "en", "dans"... close to the trigger in its sentence."""
        doc = self.doc
        sentence = doc.sentence_of(event.trigger)
        candidates = [doc.words[i] for i in self.loc_heads]
        candidates = [w for w in candidates if w.sent == sentence.index and w.index not in event.covered
                      and doc.case_marker(w) in ("à", "en", "dans", "près de", "au large de", "à proximité de", "depuis")
                      and not any(a.start <= w.start < a.end for a in event.arguments)]

        def gap(w: Word) -> int:
            if self._frames_sentence(w, sentence):  # "À Perpignan, X a remporté ...": the place of the whole sentence
                return min(_gap(event, w.start, w.end), reach)
            return _gap(event, w.start, w.end)

        best = _closest(((gap(w), w) for w in candidates), reach)
        if best is not None:
            self._add(event, "place", best, clausal=False)
            return
        for place, paragraph_end in doc.datelines.items():  # "Perpignan, X a remporté ... Selon ..., il ..."
            if doc.words[place].start < event.trigger_start < paragraph_end and place not in event.covered:
                w = doc.words[place]
                event.arguments.append(Argument("place", w.start, w.end, w.text, w, confidence=0.5))
                return

    def _frames_sentence(self, w: Word, sentence) -> bool:
        """A place phrase opening the sentence and set off by a comma: "À Perpignan, ...", "Au Havre, ..."."""
        phrase = [x for x in self.doc.subtree(w) if x.upos != "PUNCT"]
        first, last = min(x.index for x in phrase), max(x.index for x in phrase)
        if first != sentence.words[0]:
            return False
        nxt = last + 1
        return nxt < len(self.doc.words) and self.doc.words[nxt].sent == w.sent and self.doc.words[nxt].text == ","

    def _add_nearby_time(self, event: Event, reach: int = 60) -> None:
        """A time expression close to the trigger in its sentence, when the parse attached it elsewhere."""
        sentence = self.doc.sentence_of(event.trigger)
        spans = [(start, end, value) for start, end, value in self.time_spans
                 if sentence.start <= start and end <= sentence.end
                 and not self.doc.text[max(sentence.start, start - 9):start].strip().lower().endswith(DURATION_CASES)
                 # inside what is reported: "« il partira le 30 novembre », précise X" dates the departure
                 and not any(a.role == "content" and a.start <= start and end <= a.end for a in event.arguments)
                 and not (event.type == STATEMENT and self._quoted(sentence.start, start))
                 and not self._in_other_relative_clause(event, start)]
        best = _closest(((_gap(event, span[0], span[1]), span) for span in spans), reach)
        if best is not None:
            start, end, value = best
            event.arguments.append(Argument("time", start, end, self.doc.text[start:end], None, value, confidence=0.5))

    def _in_other_relative_clause(self, event: Event, position: int) -> bool:
        """ "La directrice, qui a démissionné lundi, sera remplacée": a time inside a relative clause dates
        that clause's verb or the noun it qualifies, not another trigger."""
        word = self.doc.word_at(position)
        while word is not None:
            if word.deprel == "acl:relcl":  # "le second tour, qui s'est tenu dimanche": that clause dates its noun
                return word.head != event.trigger.index and word.index != event.trigger.index and not self.doc.governs(word, event.trigger)
            word = self.doc.head(word)
        return False

    def _quoted(self, sentence_start: int, position: int) -> bool:
        """Inside a « ... » quotation opened earlier in the sentence."""
        before = self.doc.text[sentence_start:position]
        return before.count("«") > before.count("»")
