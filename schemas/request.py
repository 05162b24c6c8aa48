"""Request schemas: what a client may send.

Limits (text length, batch size) come from the service configuration and are passed
to the schema's constructor; the defaults here are the documented defaults.
Unknown fields are rejected (marshmallow's RAISE), so a typo such as "document-date"
is a 422 naming the field, never silently ignored.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

from schemas.fields import encodable, not_blank
from schemas.vocabulary import DEFAULT_INCLUDE, EVENT_TYPES, INCLUDE_OPTIONS

DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_BATCH_DOCUMENTS = 32
DEFAULT_MAX_BATCH_CHARS = 150_000
MAX_ID_CHARS = 256


class _StrictSchema(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class OptionsSchema(_StrictSchema):
    types = fields.List(
        fields.String(validate=validate.OneOf(EVENT_TYPES)),
        allow_none=True,
        load_default=None,
        metadata={"description": "Only return events of these types (default: all types)."},
    )
    include = fields.List(
        fields.String(validate=validate.OneOf(INCLUDE_OPTIONS)),
        load_default=lambda: list(DEFAULT_INCLUDE),
        metadata={"description": "What to return besides the events (default: [\"entities\"])."},
    )


class DocumentSchema(_StrictSchema):
    """One document: the raw article text and the date it was published."""

    text = fields.String(
        required=True,
        validate=[not_blank, encodable],
        metadata={"description": "Raw French article text (boilerplate included is fine). "
                                 "Not empty, at most EVENTX_MAX_TEXT_CHARS characters (default 100000). "
                                 "Offsets in the response are Python string indices into this text."},
    )
    document_date = fields.Date(
        load_default=None,
        allow_none=True,
        metadata={"description": "Publication date (YYYY-MM-DD) that relative times are resolved "
                                 "against. Default: today in UTC (the response says so)."},
    )
    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_ID_CHARS),
        metadata={"description": "Client's identifier, echoed in the response."},
    )

    def __init__(self, *args, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_text_chars = max_text_chars

    @validates("text")
    def _text_limit(self, value, **_kwargs):
        if isinstance(value, str) and len(value) > self.max_text_chars:
            raise ValidationError(
                f"Text is {len(value)} characters long; the limit is {self.max_text_chars} characters "
                f"(EVENTX_MAX_TEXT_CHARS). Split the article or send it to /v1/extract/batch in parts; "
                f"the service never truncates silently.")


class ExtractRequestSchema(DocumentSchema):
    """Body of POST /v1/extract."""

    options = fields.Nested(OptionsSchema, load_default=lambda: OptionsSchema().load({}))


class BatchRequestSchema(_StrictSchema):
    """Body of POST /v1/extract/batch.

    Each entry of `documents` is checked on its own against Document: a bad document
    gives an error entry for that document, not a failed batch.
    """

    documents = fields.List(
        fields.Raw(),
        required=True,
        metadata={"description": "Documents to process (at most EVENTX_MAX_BATCH_DOCUMENTS, default 32; "
                                 "each an object {text, document_date?, id?} as in /v1/extract)."},
    )
    options = fields.Nested(OptionsSchema, load_default=lambda: OptionsSchema().load({}))

    def __init__(self, *args, max_documents: int = DEFAULT_MAX_BATCH_DOCUMENTS, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_documents = max_documents

    @validates("documents")
    def _count(self, value, **_kwargs):
        if not value:
            raise ValidationError("At least one document is required.")
        if len(value) > self.max_documents:
            raise ValidationError(
                f"{len(value)} documents sent; the limit is {self.max_documents} per batch "
                f"(EVENTX_MAX_BATCH_DOCUMENTS).")
