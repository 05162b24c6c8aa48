"""The extraction engine: text in, events out. Knows nothing of HTTP.

    Extractor.load() -> Extractor          once per process (a gunicorn worker, after fork)
    extractor.extract(text, document_date) -> dict    (see docs/ARCHITECTURE.md)

One document goes through: Stanza (tokenize, mwt, pos, lemma, depparse[, ner]) ->
named mentions -> triggers -> arguments -> modality -> values -> entities.
"""
from __future__ import annotations

import time
from datetime import date

from eventx import values as normalizers
from eventx.extraction.arguments import MISSING_REQUIRED_PENALTY, ArgumentFinder
from eventx.extraction.confidence import GENERAL_ROLES, score_event
from eventx.extraction.entities import Linker, cluster_mentions, entities_payload
from eventx.extraction.genericity import GenericMentions
from eventx.extraction.lexicon import Lexicon, load_lexicon
from eventx.extraction.modality import ModalityTagger
from eventx.extraction.model import FREE, STATEMENT, UNVERIFIED, VERIFIED, Argument, Event
from eventx.extraction.names import find_mentions
from eventx.extraction.paths import is_passive
from eventx.extraction.repairs import repair
from eventx.extraction.triggers import find_candidates
from eventx.extraction.values import attach_values, times_from_events
from eventx.nlp.analyze import DEFAULT_MAX_WORDS, analyze
from eventx.nlp.document import Doc

ELECTION = "politics.election"
DEFAULT_TIMEZONE = "Europe/Paris"  # a clock time without a zone in French news is Paris time
DEFAULT_MIN_CONFIDENCE = 0.3  # events scored below this are dropped (bare ambiguous nouns)
# touches every stage: a named organisation, a time, money, a count, a reported claim
WARM_UP_TEXT = ("Le réseau social X a été touché samedi par une panne, selon Downdetector. "
                "L'entreprise a annoncé le rachat de Y pour 44 milliards de dollars et le licenciement de 1 500 salariés.")
SENSE_RANK = {VERIFIED: 2, FREE: 1, UNVERIFIED: 0}
STAGES = ("nlp", "triggers", "arguments", "modality", "values", "entities")


class Extractor:
    def __init__(self, nlp, model_info: dict, lexicon: Lexicon | None = None, max_sentence_words: int = DEFAULT_MAX_WORDS,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, default_timezone: str | None = DEFAULT_TIMEZONE):
        self.nlp = nlp
        self.model_info = model_info
        self.lexicon = lexicon or load_lexicon()
        self.modality = ModalityTagger(self.lexicon)
        self.source_markers = frozenset(self.lexicon.cues["modality"]["source_markers"])  # "selon", "d'après"
        self.max_sentence_words = max_sentence_words
        self.min_confidence = min_confidence
        self.default_timezone = default_timezone

    @classmethod
    def load(cls, models_dir=None, **kwargs) -> "Extractor":
        from eventx.nlp.models import load_pipeline

        nlp, info = load_pipeline(models_dir)
        info_dict = {k: getattr(info, k) for k in ("name", "version", "source", "processors") if hasattr(info, k)}
        if isinstance(info_dict.get("processors"), (list, tuple)):
            info_dict["processors"] = list(info_dict["processors"])
        return cls(nlp, info_dict, **kwargs)

    # -- public API ---------------------------------------------------------------------
    def warm_up(self) -> None:
        """Run one small document through every stage, so that compiled value rules and lexicon
        indexes are built once here rather than inside the first real request."""
        self.extract(WARM_UP_TEXT, date(2025, 5, 26), include=("entities", "sentences"))

    def extract(self, text: str, document_date: date, *, types=None, include=("entities",)) -> dict:
        return self.extract_many([(text, document_date)], types=types, include=include)[0]

    def extract_many(self, documents, *, types=None, include=("entities",)) -> list[dict]:
        documents = list(documents)
        if not documents:
            return []
        t0 = time.perf_counter()
        analyses = analyze(self.nlp, [t for t, _ in documents], self.max_sentence_words)
        nlp_seconds = (time.perf_counter() - t0) / len(documents)
        results = []
        for (text, doc_date), analysis in zip(documents, analyses):
            timings = {"nlp": nlp_seconds}
            result = self._extract_doc(text, doc_date, analysis.doc, set(types) if types else None, set(include or ()), timings)
            result["warnings"] = [_cut_warning(s, e) for s, e in analysis.cut_sentences]
            result["timings"] = timings
            results.append(result)
        return results

    # -- one document ---------------------------------------------------------------------
    def _extract_doc(self, text: str, doc_date: date, stanza_doc, types, include, timings) -> dict:
        doc = Doc.from_stanza(stanza_doc, text)
        ner = [(e.start_char, e.end_char, e.type) for e in getattr(stanza_doc, "ents", [])] if "ner" in self.nlp.processors else None
        return self.extract_parsed(doc, doc_date, types=types, include=include, timings=timings, ner=ner)

    def extract_parsed(self, doc: Doc, doc_date: date, *, types=None, include=("entities",), timings=None, ner=None) -> dict:
        """The extraction stages on an already parsed document (also used on gold parses in tests)."""
        text = doc.text
        timings = {} if timings is None else timings
        include = set(include or ())
        clock = _Clock(timings)
        repair(doc, self.lexicon)
        mentions = find_mentions(doc, ner)
        mentions_by_head = {m.head: m for m in mentions}
        spans = normalizers.find_value_spans(text, doc_date, default_timezone=self.default_timezone)
        time_spans = [(s.start, s.end, s.value) for s in spans if s.kind == "time"]
        money_words = {w.index for s in spans if s.kind == "money" for w in doc.words_between(s.start, s.end)}
        loc_heads = {m.head for m in mentions if m.type == "LOC"}
        ctx = (mentions_by_head, money_words)
        candidates = find_candidates(doc, self.lexicon, ctx, types)
        clock.lap("triggers")

        money_spans = [(s.start, s.end) for s in spans if s.kind == "money"]
        finder = ArgumentFinder(doc, self.lexicon, mentions_by_head, money_words, time_spans, loc_heads, money_spans)
        time_words = {w.index for s in spans if s.kind == "time" for w in doc.words_between(s.start, s.end)}
        generic = GenericMentions(doc, self.lexicon, time_words)
        events: list[Event] = [ev for ev, entry in candidates if not generic(ev) and finder.fill(ev, entry)]
        events = _one_per_trigger(events)
        events = _without_nested_mentions(doc, events)
        events = _without_media(events)
        events = [ev for ev in events if not _idle_statement(doc, ev, events, self.lexicon)]
        _sources_from_statements(events, self.source_markers)
        clock.lap("arguments")

        for ev in events:
            ev.modality = self.modality.tag(doc, ev)
        clock.lap("modality")

        for ev in events:
            attach_values(doc, ev, self.lexicon, doc_date, time_spans, self.default_timezone, money_spans)
        times_from_events(events, self.lexicon.cue_set("event_time_markers"), text)
        clock.lap("values")

        entities = cluster_mentions(mentions)
        linker = Linker(doc, self.lexicon, mentions, entities)
        for ev in events:
            linker.link(ev)
            ev.confidence = score_event(ev, self.lexicon)
        events = [ev for ev in events if ev.confidence >= self.min_confidence]
        clock.lap("entities")

        events.sort(key=lambda e: (e.trigger_start, e.type))
        result = {"events": [_event_payload(i, ev, text) for i, ev in enumerate(events, 1)]}
        if "entities" in include:
            result["entities"] = entities_payload(entities)
        if "sentences" in include:
            result["sentences"] = [{"index": s.index, "start": s.start, "end": s.end, "text": text[s.start:s.end]} for s in doc.sentences]
        return result


def _one_per_trigger(events: list[Event]) -> list[Event]:
    """One event per type and token; an adjective trigger modifying a trigger of its type adds nothing
    ("l'élection présidentielle" is one election)."""
    seen: dict[tuple[str, int], Event] = {}
    for ev in events:
        key = (ev.type, ev.trigger.token)
        if key not in seen or len(ev.arguments) > len(seen[key].arguments):
            seen[key] = ev
    heads = {(ev.type, ev.trigger.index) for ev in seen.values()}
    kept = [ev for ev in seen.values() if not (ev.trigger.deprel == "amod" and (ev.type, ev.trigger.head) in heads)]
    # the article's topics: types it has events of with their participants verified or at least found
    supported = {ev.type for ev in kept if ev.sense == VERIFIED or (ev.sense == FREE and not _bare(ev))}
    out = []
    for ev in kept:
        if _outranked(ev, kept, supported):
            continue
        if ev.type in supported and (ev.sense == UNVERIFIED or _bare(ev)):
            # the article's topic stands in for the empty role: "la peine" in a trial report
            ev.confidence += MISSING_REQUIRED_PENALTY
        out.append(ev)
    return out


def _bare(ev: Event) -> bool:
    return ev.sense == FREE and not any(a.role not in GENERAL_ROLES for a in ev.arguments)


def _without_nested_mentions(doc: Doc, events: list[Event]) -> list[Event]:
    """ "son successeur n'a pas été désigné", "a remporté l'élection": a noun that fills a role of a verb's event of
    its own type is that event's participant, not a second mention of it."""
    fillers = {(ev.type, a.head.index) for ev in events if ev.trigger.upos == "VERB" for a in ev.arguments
               if a.head is not None and a.role not in GENERAL_ROLES and a.head is not ev.trigger}
    verbs = {(ev.type, ev.trigger.index) for ev in events if ev.trigger.upos == "VERB"}
    return [ev for ev in events if not (ev.trigger.upos == "NOUN" and (
        (ev.type, ev.trigger.index) in fillers or ev.type == ELECTION and _under_verb_of(doc, ev, verbs)))]


def _under_verb_of(doc: Doc, ev: Event, verbs: set[tuple[str, int]]) -> bool:
    """ "réélu dès le premier tour", "a remporté le second tour des élections": the round or the election
    a winning verb names is that win's circumstance, not a second mention."""
    w = ev.trigger
    for _ in range(2):
        if w.head is None or w.rel not in ("obl", "obj", "nmod"):
            return False
        w = doc.words[w.head]
        if (ev.type, w.index) in verbs:
            return True
    return False


def _without_media(events: list[Event]) -> list[Event]:
    """"a indiqué dans un communiqué": the communiqué is the medium of that statement, not a second one."""
    media = {a.head.index for ev in events if ev.type == STATEMENT for a in ev.arguments
             if a.role == "medium" and a.head is not None}
    return [ev for ev in events if not (ev.type == STATEMENT and ev.trigger.upos == "NOUN" and ev.trigger.index in media)]


def _idle_statement(doc: Doc, ev: Event, events: list[Event], lexicon: Lexicon) -> bool:
    """Reporting verbs that report nothing here: a participle with neither speaker nor content ("il est estimé
    à 59 %", "vous tenir informés"), or one under another statement ("dit regretter")."""
    if ev.type != STATEMENT or ev.trigger.upos not in ("VERB", "ADJ"):
        return False
    t = ev.trigger
    if t.rel == "xcomp" and any(o.type == STATEMENT and o.trigger.index == t.head for o in events):
        return True
    if t.rel == "xcomp" and t.feats.get("VerbForm") == "Part" and lexicon.lemma_in(doc.head(t), lexicon.cue_set("predicative_verbs")):
        return True  # "vous tenir informés"
    if t.feats.get("VerbForm") == "Inf" and any(c.lem == "à" and c.rel == "mark" for c in doc.children(t)) and any(
            c.lem == "être" for c in doc.children(t)):
        return True  # "aucun blessé n'est à déplorer": to be deplored, said by no one
    if t.feats.get("VerbForm") != "Part" or t.feats.get("Tense", "Past") != "Past":
        return False
    if any(a.role in ("speaker", "content") for a in ev.arguments):
        return False
    return is_passive(doc, t) or t.rel in ("acl", "amod", "xcomp")


def _outranked(ev: Event, events: list[Event], supported: set[str]) -> bool:
    """On one word, a multi-word expression beats a single word, and a sense whose required roles were
    verified beats one with nothing to verify, which beats one left unverified ("une attaque informatique"
    is a cyberattack, not also a physical attack). An unverified sense of one of the article's topics
    beats a free sense ("au moment de l'acquisition" in a takeover story is the takeover)."""
    rivals = [o for o in events if o is not ev and o.type != ev.type
              and (o.trigger.token == ev.trigger.token or ev.trigger.index in o.covered)]
    if any(len(o.covered) > 1 for o in rivals) and len(ev.covered) == 1:
        return True

    def rank(e: Event) -> float:
        bonus = 1.5 if e.sense == UNVERIFIED and e.type in supported else 0.0
        return SENSE_RANK[e.sense] + bonus

    return any(rank(o) > rank(ev) for o in rivals)


def _sources_from_statements(events: list[Event], source_markers: frozenset[str]) -> None:
    """ "Selon X, l'usine a explosé": X is the source of the events of its sentence, whatever clause
    the parser hung "selon" on. Only "selon X" / "d'après X" does that (ontology: reported
    information); the speaker of "X a déclaré que ..." is not the source of what the content tells."""
    markers = [ev for ev in events if ev.type == STATEMENT and ev.trigger.lem in source_markers]
    for ev in events:
        if ev.type == STATEMENT or any(a.role == "source" for a in ev.arguments):
            continue
        for st in markers:
            speaker = next((a for a in st.arguments if a.role == "speaker"), None)
            if speaker is not None and st.sentence == ev.sentence:
                ev.arguments.append(Argument("source", speaker.start, speaker.end, speaker.text, speaker.head, confidence=0.5))
                break


def _event_payload(number: int, ev: Event, text: str) -> dict:
    return {
        "id": f"ev{number}",
        "type": ev.type,
        "trigger": {"text": text[ev.trigger_start:ev.trigger_end], "start": ev.trigger_start,
                    "end": ev.trigger_end, "lemma": ev.trigger.lem},
        "modality": ev.modality,
        "confidence": round(ev.confidence, 3),
        "sentence": ev.sentence,
        "arguments": [{
            "role": a.role, "text": a.text, "start": a.start, "end": a.end,
            "entity": a.entity, "value": a.value, "confidence": round(a.confidence, 3),
        } for a in sorted(ev.arguments, key=lambda a: a.start)],
    }


def _cut_warning(start: int, end: int) -> dict:
    return {"code": "sentence_cut",
            "message": f"the sentence at characters {start}-{end} was too long to parse whole and was cut into pieces; "
                       f"events across the cuts may be missed",
            "start": start, "end": end}


class _Clock:
    def __init__(self, timings: dict):
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now
