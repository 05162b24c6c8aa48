"""Stage 5: entities and in-document linking.

Named mentions with the same name, or whose name is the end of a longer one
("Musk" in "Elon Musk"), form one entity. An argument filled by a pronoun ("il",
"elle", "son") or a description ("le milliardaire", "l'entreprise") is linked to
the most recent preceding entity of a compatible type.
"""
from __future__ import annotations

from eventx.extraction.lexicon import Lexicon
from eventx.extraction.model import Argument, Event, Mention
from eventx.nlp.document import Doc, Word


def _key(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def cluster_mentions(mentions: list[Mention]) -> list[dict]:
    entities: list[dict] = []
    by_key: dict[str, dict] = {}
    for m in sorted(mentions, key=lambda m: (-len(m.text), m.start)):
        key = _key(m.text)
        ent = by_key.get(key)
        if ent is None:
            ent = _find_longer(entities, key, m.type)
        if ent is None:
            ent = {"id": f"ent{len(entities) + 1}", "type": m.type, "text": m.text, "mentions": []}
            entities.append(ent)
        by_key[key] = ent
        m.entity = ent["id"]
        ent["mentions"].append(m)
    for ent in entities:
        ent["mentions"].sort(key=lambda m: m.start)
        ent["type"] = _majority_type(ent["mentions"])
    entities.sort(key=lambda e: e["mentions"][0].start)
    for i, ent in enumerate(entities, 1):  # ids in reading order
        ent["id"] = f"ent{i}"
        for m in ent["mentions"]:
            m.entity = ent["id"]
    return entities


def _find_longer(entities, key: str, mtype: str):
    tokens = key.split()
    for ent in entities:
        full = _key(ent["text"]).split()
        if len(full) > len(tokens) and full[-len(tokens):] == tokens and (mtype == ent["type"] or mtype in ("MISC", "ORG")):
            return ent
        if len(tokens) == 1 and len(full) > 1 and tokens[0] in full and ent["type"] == "ORG" and mtype == "ORG":
            return ent
    return None


def _majority_type(mentions: list[Mention]) -> str:
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.type] = counts.get(m.type, 0) + (2 if len(m.text.split()) > 1 else 1)
    return max(counts, key=lambda t: (counts[t], t == "PER", t == "ORG"))


class Linker:
    def __init__(self, doc: Doc, lexicon: Lexicon, mentions: list[Mention], entities: list[dict]):
        self.doc = doc
        self.lexicon = lexicon
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.types = {e["id"]: e["type"] for e in entities}
        self.pronouns = {k: set(v) for k, v in lexicon.cues.get("pronouns", {}).items()}
        self.person_nouns = lexicon.classes.get("person_noun", frozenset())
        self.org_nouns = lexicon.classes.get("organization", frozenset())

    def link(self, event: Event) -> None:
        for arg in event.arguments:
            arg.entity = self.entity_for(arg)

    def entity_for(self, arg: Argument) -> str | None:
        inside = [m for m in self.mentions if arg.start <= m.start and m.end <= arg.end]
        if inside and arg.role not in ("content", "charge", "cause", "rejected"):
            head_mention = next((m for m in inside if arg.head is not None and m.head == arg.head.index), None)
            if head_mention is not None or len(inside) == 1 or (arg.end - arg.start) <= len(inside[0].text) + 25:
                return (head_mention or inside[0]).entity
        head = arg.head
        if head is None:
            return None
        wanted = self._wanted_types(head)
        if not wanted:
            return None
        return self._antecedent(arg.start, wanted)

    def _wanted_types(self, head: Word) -> set[str]:
        if head.upos == "PRON" or head.feats.get("Poss") == "Yes":
            return self.pronouns.get(head.lower, set())
        if head.upos == "NOUN" and any(c.rel == "det" and c.feats.get("Definite") == "Def" or c.feats.get("Poss") == "Yes" or c.feats.get("PronType") == "Dem" for c in self.doc.children(head)):
            if head.lem in self.person_nouns:
                return {"PER"}
            if head.lem in self.org_nouns:
                return {"ORG"}
        return set()

    def _antecedent(self, before: int, wanted: set[str]) -> str | None:
        for m in reversed(self.mentions):
            if m.end <= before and self.types.get(m.entity) in wanted:
                return m.entity
        return None


def entities_payload(entities: list[dict]) -> list[dict]:
    return [{
        "id": e["id"], "type": e["type"], "text": e["text"],
        "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in e["mentions"]],
    } for e in entities]
