"""Response schemas: what the service returns.

The service dumps every payload through these schemas and then validates the dumped
payload against them (``dump_validated``), so a response that breaks the contract is
caught on the server (500, logged) instead of reaching a client.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from schemas.vocabulary import CURRENCY_PATTERN, ENTITY_TYPES, EVENT_TYPES, MODALITIES

_currency = validate.Regexp(CURRENCY_PATTERN)


class _Out(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


def _offset(description: str):
    return fields.Integer(required=True, validate=validate.Range(min=0), metadata={"description": description})


def _confidence():
    return fields.Float(required=True, validate=validate.Range(min=0.0, max=1.0),
                        metadata={"description": "Score in [0, 1]."})


def validate_value(value) -> None:
    """An argument value: null, an ISO 8601 string, {"amount", "currency"} or {"value"}."""
    if value is None or (isinstance(value, str) and value):
        return
    if isinstance(value, dict):
        keys = set(value)
        if keys == {"amount", "currency"}:
            if isinstance(value["amount"], (int, float)) and not isinstance(value["amount"], bool) \
                    and isinstance(value["currency"], str):
                _currency(value["currency"])
                return
        elif keys == {"value"}:
            if isinstance(value["value"], (int, float)) and not isinstance(value["value"], bool):
                return
    raise ValidationError('Must be null, an ISO 8601 string, {"amount": number, "currency": "XXX"} '
                          'or {"value": number}.')


class SpanSchema(_Out):
    text = fields.String(required=True, metadata={"description": "Equals request_text[start:end]."})
    start = _offset("Start offset (Python string index into the request text).")
    end = _offset("End offset, exclusive.")


class TriggerSchema(SpanSchema):
    lemma = fields.String(allow_none=True, load_default=None)


class ArgumentSchema(SpanSchema):
    class Meta:
        fields = ("role", "text", "start", "end", "entity", "value", "confidence")
        ordered = True
        unknown = RAISE

    role = fields.String(required=True, metadata={"description": "Role name from the ontology (buyer, time, ...)."})
    entity = fields.String(allow_none=True, load_default=None,
                           metadata={"description": "Id of the linked entity, when the span names one."})
    value = fields.Raw(allow_none=True, load_default=None, validate=validate_value,
                       metadata={"description": 'Normalised value: ISO 8601 time or duration, '
                                                '{"amount", "currency"} for money, {"value"} for counts; '
                                                'null when none.',
                                 "oneOf": [{"type": "string", "minLength": 1},
                                           {"type": "object", "required": ["amount", "currency"],
                                            "additionalProperties": False,
                                            "properties": {"amount": {"type": "number"},
                                                           "currency": {"type": "string",
                                                                        "pattern": CURRENCY_PATTERN}}},
                                           {"type": "object", "required": ["value"], "additionalProperties": False,
                                            "properties": {"value": {"type": "number"}}},
                                           # OpenAPI 3.0 has no null type: a nullable object that only null fits
                                           {"type": "object", "nullable": True, "enum": [None]}],
                                 "nullable": True})
    confidence = _confidence()


class EventSchema(_Out):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES),
                         metadata={"enum": list(EVENT_TYPES)})
    trigger = fields.Nested(TriggerSchema, required=True)
    modality = fields.String(required=True, validate=validate.OneOf(MODALITIES),
                             metadata={"enum": list(MODALITIES)})
    confidence = _confidence()
    sentence = fields.Integer(required=True, validate=validate.Range(min=0),
                              metadata={"description": "Index of the sentence holding the trigger."})
    arguments = fields.List(fields.Nested(ArgumentSchema), required=True)


class MentionSchema(SpanSchema):
    pass


class EntitySchema(_Out):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_TYPES),
                         metadata={"enum": list(ENTITY_TYPES)})
    text = fields.String(required=True, metadata={"description": "Canonical name."})
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class SentenceSchema(_Out):
    index = fields.Integer(required=True, validate=validate.Range(min=0))
    start = _offset("Start offset.")
    end = _offset("End offset, exclusive.")
    text = fields.String(load_default=None, allow_none=True)


class WarningSchema(_Out):
    code = fields.String(required=True, metadata={"description": "Machine-readable code, e.g. sentence_cut, "
                                                                 "not_french."})
    message = fields.String(required=True)
    start = fields.Integer(load_default=None, allow_none=True)
    end = fields.Integer(load_default=None, allow_none=True)


class ModelSchema(_Out):
    name = fields.String(required=True)
    version = fields.String(required=True)
    source = fields.String(required=True, metadata={"description": "committed or official"})


class ExtractResponseSchema(_Out):
    id = fields.String(allow_none=True, load_default=None, metadata={"description": "The request's id, echoed."})
    document_date = fields.Date(required=True, metadata={"description": "Date the times were resolved against."})
    document_date_defaulted = fields.Boolean(required=True, metadata={
        "description": "True when the request had no document_date and today (UTC) was used."})
    events = fields.List(fields.Nested(EventSchema), required=True)
    entities = fields.List(fields.Nested(EntitySchema), metadata={"description": "When include has entities."})
    sentences = fields.List(fields.Nested(SentenceSchema), metadata={"description": "When include has sentences."})
    warnings = fields.List(fields.Nested(WarningSchema), required=True)
    model = fields.Nested(ModelSchema, required=True)
    timings = fields.Dict(keys=fields.String(), values=fields.Float(), required=True,
                          metadata={"description": "Milliseconds per stage (nlp, triggers, arguments, modality, "
                                                   "values, entities) and total."})


class ProblemSchema(_Out):
    """RFC 9457 problem details."""

    type = fields.String(required=True, metadata={"description": "URI reference naming the kind of problem."})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(load_default=None, allow_none=True)
    instance = fields.String(load_default=None, allow_none=True)
    request_id = fields.String(load_default=None, allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), load_default=None,
                         allow_none=True,
                         metadata={"description": "Field errors: dotted field path -> messages."})
    limit = fields.Integer(load_default=None, allow_none=True,
                           metadata={"description": "The limit that was exceeded, where one was."})


class BatchResultSchema(ExtractResponseSchema):
    """One document's result inside a batch: as ExtractResponse, the model named once at the top."""

    class Meta:
        exclude = ("model",)
        ordered = True


class BatchItemSchema(_Out):
    index = fields.Integer(required=True, metadata={"description": "Position of the document in the request."})
    id = fields.String(allow_none=True, load_default=None)
    status = fields.Integer(required=True, metadata={"description": "200, or the status of the error."})
    result = fields.Nested(BatchResultSchema, allow_none=True, load_default=None)
    error = fields.Nested(ProblemSchema, allow_none=True, load_default=None)


class BatchResponseSchema(_Out):
    results = fields.List(fields.Nested(BatchItemSchema), required=True)
    model = fields.Nested(ModelSchema, required=True)
    timings = fields.Dict(keys=fields.String(), values=fields.Float(), required=True,
                          metadata={"description": "Milliseconds for the whole batch."})


class HealthSchema(_Out):
    status = fields.String(required=True)
    model = fields.Nested(ModelSchema, allow_none=True, load_default=None)
    load_seconds = fields.Float(allow_none=True, load_default=None)


def dump_validated(schema: Schema, obj) -> dict:
    """Dump `obj` and validate the dumped payload; raises ValidationError on a contract break."""
    data = schema.dump(obj)
    errors = schema.validate(data)
    if errors:
        raise ValidationError(errors)
    return data


def offset_errors(text: str, payload: dict) -> list[str]:
    """Every trigger, argument, mention and sentence span must satisfy text[start:end] == reported text."""
    problems: list[str] = []

    def check(where: str, span: dict, exact: bool = True) -> None:
        s, e = span.get("start"), span.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
            problems.append(f"{where}: offsets {s}-{e} outside the text")
        elif exact and "text" in span and span["text"] is not None and text[s:e] != span["text"]:
            problems.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, reported {span['text']!r}")

    for ev in payload.get("events") or []:
        check(f"event {ev.get('id')} trigger", ev.get("trigger") or {})
        for i, arg in enumerate(ev.get("arguments") or []):
            check(f"event {ev.get('id')} argument {i} ({arg.get('role')})", arg)
    for ent in payload.get("entities") or []:
        for i, m in enumerate(ent.get("mentions") or []):
            check(f"entity {ent.get('id')} mention {i}", m)
    for sent in payload.get("sentences") or []:
        check(f"sentence {sent.get('index')}", sent)
    return problems
