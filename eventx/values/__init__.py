"""Value normalisers and the value-span finder (no Stanza): French knowledge lives in
eventx/lexicons/values/ (word lists and rules), the engine here.

    find_value_spans(text, document_date) -> [ValueSpan(kind, start, end, text, value)]
    normalize_time(text, document_date) -> "2025-05-24" | None
    normalize_duration(text) -> "PT2H" | None
    normalize_money(text, default_currency=None) -> {"amount": 44000000000, "currency": "USD"} | None
    normalize_count(text) -> {"value": 1500} | None
"""
from .lexicon import LexiconError, load_lexicon
from .normalize import normalize_count, normalize_duration, normalize_money, normalize_time
from .spans import ValueSpan, find_value_spans

__all__ = [
    "ValueSpan", "find_value_spans", "normalize_time", "normalize_duration", "normalize_money",
    "normalize_count", "LexiconError", "load_lexicon",
]
