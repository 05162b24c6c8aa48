"""Stage 4: normalised values on arguments (time, duration, money, counts).

The normalisers live in eventx.values (French time and number words are data in
lexicons/values/); this stage decides which normaliser applies to which role and
derives a `count` from a numbered filler ("1 500 salariés") where the type has one.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from eventx import values as normalizers
from eventx.extraction.lexicon import Lexicon
from eventx.extraction.model import STATEMENT, Argument, Event
from eventx.nlp.document import Doc, Word
from eventx.values.timex import SEASON_START

TIME_ROLES = {"time"}
DURATION_ROLES = {"duration"}
MONEY_ROLES = {"price", "amount"}
COUNT_ROLES = {"count", "affected", "quantity"}
COUNTED_ROLES = {"employees": "count", "victim": "count", "item": "quantity"}


def attach_values(doc: Doc, event: Event, lexicon: Lexicon, document_date: date, time_spans,
                  default_timezone: str | None = None, money_spans=()) -> None:
    for arg in list(event.arguments):
        if arg.role in TIME_ROLES:
            arg.value = _time_value(arg, time_spans, document_date, default_timezone)
        elif arg.role in DURATION_ROLES:
            arg.value = normalizers.normalize_duration(arg.text)
        elif arg.role in MONEY_ROLES:
            arg.value = normalizers.normalize_money(arg.text)
            if isinstance(arg.value, dict) and arg.value.get("currency") is None:
                arg.value = normalizers.normalize_money(arg.text, _currency_before(doc, arg, money_spans))
        elif arg.role in COUNT_ROLES:
            arg.value = normalizers.normalize_count(arg.text)
    _derive_counts(doc, event, lexicon)
    if event.modality == "future":
        _dates_forward(doc, event, document_date, lexicon.cue_set("past_markers"))
    else:
        _dates_back(doc, event, document_date)
    if event.modality == "asserted" and _time_after(event, document_date):
        event.modality = "future"


def _currency_before(doc: Doc, arg: Argument, money_spans) -> str | None:
    """ "une perte de 48 millions d'euros, contre un bénéfice de 31 millions": an amount without its currency
    takes that of the last amount before it in its sentence."""
    word = doc.word_at(arg.start)
    if word is None:
        return None
    sentence = doc.sentence_of(word)
    for start, end in sorted(money_spans, reverse=True):
        if sentence.start <= start and end <= arg.start:
            value = normalizers.normalize_money(doc.text[start:end])
            if isinstance(value, dict) and value.get("currency"):
                return value["currency"]
    return None


def _time_value(arg: Argument, time_spans, document_date: date, default_timezone: str | None):
    for start, end, value in time_spans:
        if start < arg.end and arg.start < end and value is not None:
            return value
    return normalizers.normalize_time(arg.text, document_date, default_timezone=default_timezone)


def _derive_counts(doc: Doc, event: Event, lexicon: Lexicon) -> None:
    roles = lexicon.types[event.type].roles
    for arg in list(event.arguments):
        count_role = COUNTED_ROLES.get(arg.role)
        if count_role is None or count_role not in roles or arg.head is None:
            continue
        if any(a.role == count_role for a in event.arguments):
            continue
        nums = [c for c in doc.children(arg.head, "nummod")] or ([arg.head] if arg.head.upos == "NUM" else [])
        if not nums:
            continue
        num = nums[0]
        words = [num] + [c for c in doc.children(num) if c.rel in ("advmod", "fixed", "flat", "compound", "nummod", "det")]
        start = min(w.start for w in words)
        end = max(w.end for w in words)
        text = doc.text[start:end]
        value = normalizers.normalize_count(text)
        event.arguments.append(Argument(count_role, start, end, text, num, value, confidence=0.7))


@lru_cache(maxsize=4)
def _words_pattern(words: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _dates_forward(doc: Doc, event: Event, document_date: date, past_markers: frozenset[str]) -> None:
    """A future event's day or month written without a year is the next one, not the last:
    "il quittera ses fonctions le 30 novembre" in an article of March. Not a date hung on a verb told in
    the past: "le lancement a été reporté jeudi" was postponed last Thursday."""
    for arg in event.arguments:
        value = arg.value
        if arg.role != "time" or not isinstance(value, str) or re.search(r"\b\d{4}\b", arg.text):
            continue
        if _dates_a_past_verb(doc, event, arg):
            continue
        if _words_pattern(past_markers).search(arg.text):
            continue  # "octobre dernier" is behind us whatever the tense
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and value < document_date.isoformat():
            day = date.fromisoformat(value)
            if not re.search(r"\d", arg.text):  # "mardi": the coming one, not the same date next year
                arg.value = (day + timedelta(days=7 * ((document_date - day).days // 7 + 1))).isoformat()
                continue
            try:
                arg.value = date(day.year + 1, day.month, day.day).isoformat()
            except ValueError:  # 29 February
                pass
        elif re.fullmatch(r"\d{4}-\d{2}", value) and value < document_date.isoformat()[:7]:
            arg.value = f"{int(value[:4]) + 1}{value[4:]}"


def _dates_back(doc: Doc, event: Event, document_date: date) -> None:
    """A month, season or day without its year, read as the next one, is the last one when the event is told in
    a past tense: "En janvier, la collision avait fait 24 morts" in an article of September."""
    for arg in event.arguments:
        value = arg.value
        if arg.role != "time" or not isinstance(value, str) or not re.match(r"\d{4}-", value) \
                or re.search(r"\b\d{4}\b", arg.text):
            continue
        later = value[:10] > document_date.isoformat() if re.match(r"\d{4}-\d{2}(-|$)", value) else int(value[:4]) > document_date.year
        if not later or not (_told_in_the_past(doc, event.trigger) or _dates_a_past_verb(doc, event, arg)):
            continue
        earlier = f"{int(value[:4]) - 1}{value[4:]}"
        if _starts_by(earlier, document_date) and not earlier[4:10] == "-02-29":
            arg.value = earlier


FUTURE_OR_CONDITIONAL_ENDING = re.compile(r"r(?:ai|as|a|ons|ez|ont|ais|ait|ions|iez|aient)$")


def _starts_by(value: str, day: date) -> bool:
    """The period a value names ("2023-02", "2023-SP", "2023-02-14T10:00") has begun by that day."""
    head = value[:10]
    if value[5:7] in SEASON_START:
        head = f"{value[:4]}-{SEASON_START[value[5:7]]:02d}"
    return head <= day.isoformat()


def _told_in_the_past(doc: Doc, trigger: Word) -> bool:
    """The trigger, or the verb a nominal trigger is the subject or object of, is in a past tense."""
    verb = trigger
    if trigger.upos != "VERB" and trigger.rel in ("nsubj", "obj") and doc.head(trigger) is not None:
        verb = doc.head(trigger)
    if verb.upos != "VERB":
        return False
    if verb.feats.get("VerbForm") == "Fin":  # the tagger's tense, unless the form is a future or conditional's
        return verb.feats.get("Tense") in ("Past", "Imp") and not FUTURE_OR_CONDITIONAL_ENDING.search(verb.lower)
    return any(c.deprel == "aux:tense" and c.feats.get("Tense") in ("Pres", "Imp", "Past") and c.feats.get("Mood") != "Cnd"
               for c in doc.children(verb))


def _dates_a_past_verb(doc: Doc, event: Event, arg: Argument) -> bool:
    word = doc.word_at(arg.start)
    gov = doc.head(word) if word is not None else None
    while gov is not None and gov.upos not in ("VERB", "AUX") and word.rel in ("nmod", "flat", "amod"):
        word, gov = gov, doc.head(gov)
    if gov is None or gov.index == event.trigger.index or gov.upos != "VERB":
        return False
    return gov.feats.get("Tense") == "Past" and gov.feats.get("VerbForm") != "Part" or any(
        c.deprel == "aux:tense" for c in doc.children(gov))


def _time_after(event: Event, document_date: date) -> bool:
    """An event dated after the article, not told in a past tense, is expected rather than done. Not a
    statement in the present: "les hackers menacent de publier les données le 7 novembre" dates what is said."""
    if event.trigger.feats.get("Tense") == "Past" or event.trigger.feats.get("VerbForm") == "Part":
        return False
    if event.type == STATEMENT and event.trigger.feats.get("Tense") == "Pres":
        return False
    for arg in event.arguments:
        if arg.role == "time" and isinstance(arg.value, str) and len(arg.value) >= 10 and arg.value[:4].isdigit():
            try:
                return date.fromisoformat(arg.value[:10]) > document_date
            except ValueError:
                return False
    return False


def times_from_events(events: list[Event], markers: frozenset[str], text: str) -> None:
    """ "Au moment de l'acquisition, Twitter avait un flux négatif": a time told by another event takes that
    event's date, or, for a definite mention with none ("l'acquisition"), the date of the last event of its
    type told before it ("son rachat en octobre dernier")."""
    ordered = sorted(events, key=lambda e: e.trigger_start)
    for ev in events:
        for arg in ev.arguments:
            if arg.role not in TIME_ROLES or arg.value is not None:
                continue
            # the phrase with the preposition the span left out ("Au" of "Au moment de l'acquisition")
            said = " ".join(text[max(0, arg.start - 12):arg.end].lower().replace("’", "'").split())
            if not any(re.search(rf"(?:^|\s){re.escape(m)}(?:\s|l'|$)", said) for m in markers):
                continue
            inner = next((o for o in ordered if o is not ev and arg.start <= o.trigger_start < arg.end), None)
            if inner is None:
                continue
            arg.value = _time_of(inner) or next(
                (_time_of(o) for o in reversed(ordered) if o.type == inner.type and o.trigger_start < inner.trigger_start
                 and _time_of(o)), None)


def _time_of(event: Event):
    return next((a.value for a in event.arguments if a.role in TIME_ROLES and isinstance(a.value, str)), None)
