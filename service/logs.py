"""Structured JSON logs: one JSON object per line on stderr.

Fields given with ``extra=`` are written as top-level keys. The request log line
(logger ``eventx.request``) holds method, route, status, duration, request id,
characters and events; article text only when EVENTX_LOG_TEXT is true.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time

_STD = set(vars(logging.LogRecord("x", 0, "x", 0, "x", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    """Send the eventx loggers to stderr as JSON (once per process)."""
    for name in ("eventx",):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not any(getattr(h, "_eventx", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(JsonFormatter())
            handler._eventx = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
        logger.propagate = False


def gunicorn_logconfig(level: str | None = None) -> dict:
    """logging.dictConfig for gunicorn's own loggers, in the same JSON format.

    gunicorn merges this over its defaults key by key, so every default key is given here.
    """
    level = (level or os.environ.get("LOG_LEVEL") or "INFO").upper()
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service.logs.JsonFormatter"}},
        "handlers": {"console": dict(handler), "error_console": dict(handler)},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["error_console"], "propagate": False,
                               "qualname": "gunicorn.error"},
            "gunicorn.access": {"level": level, "handlers": [], "propagate": False,
                                "qualname": "gunicorn.access"},
        },
        "root": {"level": "WARNING", "handlers": ["console"]},
    }
