"""Reported words of stage 2 the parse did not attach: "a déclaré que ...", "« ... », a-t-il dit",
"a écrit : « ... »", "X va fermer l'usine, a indiqué la direction". Mixed into `ArgumentFinder`.
"""
from __future__ import annotations

from eventx.extraction.model import Argument, Event
from eventx.extraction.paths import QUE_FORMS, euphonic_t, inverted_subject, verb_group_start
from eventx.nlp.document import Word


class ReportedWords:
    def _add_surface_content(self, event: Event) -> None:
        """Reported words the parse did not attach: "a déclaré que ...", "« ... », a-t-il dit", "a écrit : « ... »"."""
        doc, trigger = self.doc, event.trigger
        sentence = doc.sentence_of(trigger)
        after = [doc.words[i] for i in sentence.words if i > trigger.index and doc.words[i].rel not in ("advmod",)]
        after = [w for w in after if not (w.upos == "PRON" and w.text.startswith("-")) and not euphonic_t(w)]
        que = self._que_after(after)
        span = None
        if que is not None:
            end_word = sentence.words[-1]
            words = [doc.words[i] for i in range(que.index, end_word + 1)]
            while words and words[-1].upos == "PUNCT" and words[-1].text not in ("»", "”"):
                words.pop()
            if words:
                span = (words[0].start, words[-1].end)
        elif after and after[0].text == ":":
            span = self._quote_after(after[0].end)
        else:
            span = self._quote_before(event.trigger_start, sentence.start) or self._clause_before(event, sentence)
        if span and span[1] > span[0]:
            start, end = span
            event.arguments.append(Argument("content", start, end, doc.text[start:end], None, confidence=0.5))

    def _quote_just_before(self, event: Event) -> bool:
        """The reporting verb (with its auxiliaries) comes right after a closing quote and a comma: « ... », a dit X."""
        doc, trigger = self.doc, event.trigger
        first = verb_group_start(doc, trigger)
        before = doc.text[max(0, first.start - 6):first.start].rstrip(" \u00a0\u202f")
        return before.endswith(",") and before[:-1].rstrip(" \u00a0\u202f").endswith(("»", "”", '"'))

    def _que_after(self, after: list[Word], reach: int = 8) -> Word | None:
        """The "que" opening the reported clause, after a time phrase or an incise if need be:
        "a annoncé mercredi que ...", "a précisé, dans un communiqué, que ..."."""
        for i, w in enumerate(after[:reach]):
            if w.lower in QUE_FORMS:
                # further on, a relative "que" ("a annoncé la décision que ...") is no complementizer
                return w if i == 0 or w.upos != "PRON" else None
            if w.upos in ("VERB", "AUX", "SCONJ") or w.text in (".", ";", ":", "«", "“", '"'):
                return None
        return None

    def _clause_before(self, event: Event, sentence) -> tuple[int, int] | None:
        """ "X va supprimer 1 250 postes, a indiqué la direction": an inserted reporting verb with its subject
        after it reports the clause before its comma, from the start of the sentence."""
        doc, trigger = self.doc, event.trigger
        first = verb_group_start(doc, trigger)
        if first.index == 0 or doc.words[first.index - 1].text != "," or inverted_subject(doc, trigger) is None:
            return None
        words = [doc.words[i] for i in sentence.words if i < first.index - 1]
        while words and words[0].upos == "PUNCT":
            words.pop(0)
        if len(words) < 3 or not any(w.upos in ("VERB", "AUX") for w in words):
            return None
        return words[0].start, words[-1].end

    def _quote_before(self, trigger_start: int, sentence_start: int) -> tuple[int, int] | None:
        """« ... », a déclaré X: the quote that ends just before the reporting verb."""
        text = self.doc.text
        window = text[max(0, trigger_start - 12):trigger_start]
        close = max(window.rfind("»"), window.rfind("”"), window.rfind('"'))
        if close < 0:
            return None
        close += max(0, trigger_start - 12)
        opener = {"»": "«", "”": "“", '"': '"'}[text[close]]
        start = text.rfind(opener, max(0, close - 1500), close)
        if start < 0:
            return None
        inner = text[start + 1:close].strip(" \u00a0\u202f,")
        offset = text.index(inner, start + 1) if inner else start + 1
        return (offset, offset + len(inner)) if inner else None

    def _quote_after(self, position: int) -> tuple[int, int] | None:
        """a écrit : « ... »: the quote that opens right after the colon."""
        text = self.doc.text
        head = text[position:position + 4]
        for opener, closer in (("«", "»"), ("“", "”"), ('"', '"')):
            at = head.find(opener)
            if at >= 0:
                start = position + at + 1
                end = text.find(closer, start, start + 1500)
                if end > start:
                    inner = text[start:end].strip(" \u00a0\u202f")
                    offset = text.index(inner, start) if inner else start
                    return (offset, offset + len(inner)) if inner else None
        return None
