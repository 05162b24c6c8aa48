"""Small helpers shared by the request and response schemas."""
from __future__ import annotations

from marshmallow import ValidationError


def not_blank(value: str) -> None:
    """A text must have at least one non-whitespace character."""
    if not value or not value.strip():
        raise ValidationError("Must not be empty or whitespace only.")


def encodable(value: str) -> None:
    """Reject unpaired surrogates (a JSON "\\ud800" escape): the text must be valid Unicode."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(f"Contains an unpaired surrogate at character {exc.start}; "
                              f"the text must be valid Unicode.") from None


def flatten_errors(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested error dict -> {"options.types.0": ["..."], ...}.

    The root of the body is named "_schema" (marshmallow's name for whole-object errors).
    """
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, sub in messages.items():
            key = str(key)
            if key == "_schema":
                path = prefix or "_schema"
            else:
                path = f"{prefix}.{key}" if prefix else key
            for p, msgs in flatten_errors(sub, path).items():
                flat.setdefault(p, []).extend(msgs)
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            flat.setdefault(prefix or "_schema", []).extend(messages)
        else:
            for m in messages:
                for p, msgs in flatten_errors(m, prefix).items():
                    flat.setdefault(p, []).extend(msgs)
    else:
        flat.setdefault(prefix or "_schema", []).append(str(messages))
    return flat
