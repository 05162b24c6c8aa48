"""What the extraction stages produce: events, their arguments, and entity mentions."""
from __future__ import annotations

from dataclasses import dataclass, field

from eventx.nlp.document import Word


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # PER, ORG, LOC, MISC
    head: int  # Doc.words index of the mention's head
    entity: str | None = None  # entity id once linked


@dataclass
class Argument:
    role: str
    start: int
    end: int
    text: str
    head: Word | None = None
    value: object = None
    confidence: float = 0.7
    entity: str | None = None


VERIFIED, FREE, UNVERIFIED = "verified", "free", "unverified"
STATEMENT = "communication.statement"  # the type other stages treat apart (speakers, quotes, sources)


@dataclass
class Event:
    type: str
    trigger: Word
    trigger_start: int
    trigger_end: int
    entry_source: str
    confidence: float
    covered: set[int] = field(default_factory=set)  # word indices of a multi-word trigger
    arguments: list[Argument] = field(default_factory=list)
    modality: str = "asserted"
    sense: str = "free"  # VERIFIED: its required roles were checked; UNVERIFIED: one was empty; FREE: nothing to check
    pos: str = ""  # the part of speech the trigger is read with ("" = as tagged; "VERB" for a verb the tagger missed)

    @property
    def sentence(self) -> int:
        return self.trigger.sent
