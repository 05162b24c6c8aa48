"""Configuration, read once from environment variables.

Every variable is documented in README.md ("Configuration"). A malformed value fails
at start with a message naming the variable, never silently falls back.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, fields, replace
from typing import Mapping

from schemas.request import DEFAULT_MAX_BATCH_CHARS, DEFAULT_MAX_BATCH_DOCUMENTS, DEFAULT_MAX_TEXT_CHARS


class ConfigError(ValueError):
    """An environment variable has a value the service cannot use."""


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, minimum: float = 0.0) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} must be at least {minimum}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true/false)")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    models_dir: str | None = None            # EVENTX_MODELS_DIR (None: <repo>/models)
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS          # EVENTX_MAX_TEXT_CHARS
    max_batch_documents: int = DEFAULT_MAX_BATCH_DOCUMENTS  # EVENTX_MAX_BATCH_DOCUMENTS
    max_batch_chars: int = DEFAULT_MAX_BATCH_CHARS        # EVENTX_MAX_BATCH_CHARS
    max_body_bytes: int = 10 * 1024 * 1024   # EVENTX_MAX_BODY_BYTES -> Flask MAX_CONTENT_LENGTH
    request_timeout_s: float = 120.0         # EVENTX_REQUEST_TIMEOUT_S (0: no budget)
    log_text: bool = False                   # EVENTX_LOG_TEXT
    log_level: str = "INFO"                  # LOG_LEVEL
    prometheus_multiproc_dir: str | None = None  # PROMETHEUS_MULTIPROC_DIR
    retry_after_s: int = 10                  # EVENTX_RETRY_AFTER_S (Retry-After while loading)
    load_wait_s: float = 30.0                # EVENTX_LOAD_WAIT_S (an extraction request on a loading worker waits)
    load_models: bool = True                 # EVENTX_LOAD_MODELS (false: never load; ready stays 503)
    torch_threads: int = 1                   # EVENTX_TORCH_THREADS (torch.set_num_threads per worker)
    # gunicorn.conf.py (the server, read in the master)
    port: int = 8000                         # PORT (bind 0.0.0.0:PORT)
    web_concurrency: int = 2                 # WEB_CONCURRENCY (sync workers)
    graceful_timeout_s: int = 30             # GUNICORN_GRACEFUL_TIMEOUT
    max_requests: int = 0                    # GUNICORN_MAX_REQUESTS (0: never recycle a worker)
    max_requests_jitter: int = 0             # GUNICORN_MAX_REQUESTS_JITTER
    control_socket: str | None = None        # GUNICORN_CONTROL_SOCKET (None: no control socket)
    forwarded_allow_ips: str = "127.0.0.1"   # FORWARDED_ALLOW_IPS
    extra: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise ConfigError(f"LOG_LEVEL={level!r} is not one of {', '.join(LOG_LEVELS)}")
        return cls(
            models_dir=env.get("EVENTX_MODELS_DIR") or None,
            max_text_chars=_int(env, "EVENTX_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS),
            max_batch_documents=_int(env, "EVENTX_MAX_BATCH_DOCUMENTS", DEFAULT_MAX_BATCH_DOCUMENTS),
            max_batch_chars=_int(env, "EVENTX_MAX_BATCH_CHARS", DEFAULT_MAX_BATCH_CHARS),
            max_body_bytes=_int(env, "EVENTX_MAX_BODY_BYTES", cls.max_body_bytes, minimum=1024),
            request_timeout_s=_float(env, "EVENTX_REQUEST_TIMEOUT_S", cls.request_timeout_s),
            log_text=_bool(env, "EVENTX_LOG_TEXT", False),
            log_level=level,
            prometheus_multiproc_dir=env.get("PROMETHEUS_MULTIPROC_DIR") or None,
            retry_after_s=_int(env, "EVENTX_RETRY_AFTER_S", cls.retry_after_s),
            load_wait_s=_float(env, "EVENTX_LOAD_WAIT_S", cls.load_wait_s),
            load_models=_bool(env, "EVENTX_LOAD_MODELS", True),
            torch_threads=_int(env, "EVENTX_TORCH_THREADS", 1),
            port=_int(env, "PORT", cls.port),
            web_concurrency=_int(env, "WEB_CONCURRENCY", cls.web_concurrency),
            graceful_timeout_s=_int(env, "GUNICORN_GRACEFUL_TIMEOUT", cls.graceful_timeout_s, minimum=0),
            max_requests=_int(env, "GUNICORN_MAX_REQUESTS", 0, minimum=0),
            max_requests_jitter=_int(env, "GUNICORN_MAX_REQUESTS_JITTER", 0, minimum=0),
            control_socket=env.get("GUNICORN_CONTROL_SOCKET") or None,
            forwarded_allow_ips=env.get("FORWARDED_ALLOW_IPS", "").strip() or cls.forwarded_allow_ips,
        )

    @property
    def worker_timeout_s(self) -> int:
        """gunicorn's worker timeout: above the longest allowed request (the wait for the models,
        then the time budget) plus the time to answer; 600 s plus the wait when there is no budget."""
        budget = self.request_timeout_s if self.request_timeout_s > 0 else 570
        return int(math.ceil(self.load_wait_s + budget)) + 30

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    def public(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
