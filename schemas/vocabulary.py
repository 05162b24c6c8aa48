"""The public vocabulary of the contract (../shared/ontology.md), in one place.

Type names, modality values and entity types are part of the API: clients and the
scorer depend on them. The project may add types; it must not rename these.
"""
from __future__ import annotations

#: The 23 event types of the ontology (contract v1).
EVENT_TYPES: tuple[str, ...] = (
    "business.acquisition",
    "business.merger",
    "business.investment",
    "business.purchase",
    "business.layoff",
    "business.hiring",
    "business.bankruptcy",
    "business.product_launch",
    "business.financial_result",
    "tech.outage",
    "tech.cyberattack",
    "aerospace.launch",
    "disaster.accident",
    "personnel.start_position",
    "personnel.end_position",
    "communication.statement",
    "communication.rejection",
    "communication.accusation",
    "life.death",
    "life.injury",
    "conflict.attack",
    "politics.election",
    "justice.legal_action",
)

#: Modality of an event mention.
MODALITIES: tuple[str, ...] = ("asserted", "negated", "future", "hypothetical", "attempted")

#: Entity types of the linked entities.
ENTITY_TYPES: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

#: What a client may ask for besides the events.
INCLUDE_OPTIONS: tuple[str, ...] = ("entities", "sentences")
DEFAULT_INCLUDE: tuple[str, ...] = ("entities",)

#: Currency codes are ISO 4217 (three upper-case letters).
CURRENCY_PATTERN = r"^[A-Z]{3}$"
