"""The service's contract: marshmallow request/response schemas and the vocabulary.

Nothing here knows Flask or French; the service and the OpenAPI document use it.
"""
from schemas.request import (BatchRequestSchema, DocumentSchema, ExtractRequestSchema, OptionsSchema)
from schemas.response import (BatchItemSchema, BatchResultSchema, BatchResponseSchema, EntitySchema, EventSchema,
                              ExtractResponseSchema, HealthSchema, ProblemSchema, dump_validated,
                              offset_errors)
from schemas.vocabulary import ENTITY_TYPES, EVENT_TYPES, INCLUDE_OPTIONS, MODALITIES

__all__ = [
    "BatchItemSchema", "BatchResultSchema", "BatchRequestSchema", "BatchResponseSchema", "DocumentSchema", "EntitySchema",
    "EventSchema", "ExtractRequestSchema", "ExtractResponseSchema", "HealthSchema", "OptionsSchema",
    "ProblemSchema", "dump_validated", "offset_errors",
    "ENTITY_TYPES", "EVENT_TYPES", "INCLUDE_OPTIONS", "MODALITIES",
]
