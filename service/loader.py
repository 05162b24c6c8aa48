"""Holds this process's Extractor and loads it once, in a background thread.

Gunicorn calls ``start()`` from ``post_worker_init`` (after fork: PyTorch models loaded
before fork can deadlock, gunicorn #2478, stanza #570). Outside gunicorn the first
request that needs the extractor starts the load. While loading, /healthz/ready answers 503
with Retry-After at once; an extraction request waits for the load (``get(wait=...)``, up to
EVENTX_LOAD_WAIT_S) and only then answers 503. A sync worker that is waiting accepts no other
request, so the other workers serve the traffic while a replaced worker (after a crash, a kill
or max_requests) loads its models, instead of this one answering 503 to everything it accepts.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

log = logging.getLogger("eventx.service")


class NotReady(Exception):
    """The extractor is not loaded (yet, or loading failed)."""

    def __init__(self, state: str, detail: str):
        super().__init__(detail)
        self.state = state
        self.detail = detail


class ExtractorHolder:
    NEW, LOADING, READY, FAILED, DISABLED = "new", "loading", "ready", "failed", "disabled"

    def __init__(self, factory: Callable[[], object] | None, *, enabled: bool = True,
                 on_loaded: Callable[[float], None] | None = None):
        self._factory = factory
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._extractor = None
        self._error: str | None = None
        self.load_seconds: float | None = None
        self.state = self.NEW if enabled and factory is not None else self.DISABLED
        self._on_loaded = on_loaded

    @classmethod
    def ready_with(cls, extractor) -> "ExtractorHolder":
        holder = cls(None, enabled=False)
        holder._extractor = extractor
        holder.state = cls.READY
        holder.load_seconds = 0.0
        return holder

    def start(self) -> None:
        """Start loading in a daemon thread (idempotent)."""
        with self._lock:
            if self.state != self.NEW:
                return
            self.state = self.LOADING
            self._thread = threading.Thread(target=self._load, name="eventx-model-load", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        t0 = time.perf_counter()
        log.info("model_load_start", extra={"event": "model_load_start"})
        try:
            extractor = self._factory()
            warm_up(extractor)
        except BaseException as exc:  # noqa: BLE001 - any failure leaves the worker unready, and says why
            self._error = f"{type(exc).__name__}: {exc}"
            self.state = self.FAILED
            log.error("model_load_failed", extra={"event": "model_load_failed", "error": self._error})
            return
        self.load_seconds = time.perf_counter() - t0
        self._extractor = extractor
        self.state = self.READY
        info = getattr(extractor, "model_info", {}) or {}
        log.info("model_loaded", extra={"event": "model_loaded", "load_seconds": round(self.load_seconds, 3),
                                        "model": {k: info.get(k) for k in ("name", "version", "source")}})
        if self._on_loaded:
            self._on_loaded(self.load_seconds)

    def wait(self, timeout: float | None = None) -> bool:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state == self.READY

    @property
    def ready(self) -> bool:
        return self.state == self.READY

    def get(self, wait: float = 0.0):
        """The extractor, or NotReady (starting the load if nobody has). While loading, wait up
        to `wait` seconds for the load to end."""
        if self.state == self.READY:
            return self._extractor
        if self.state == self.NEW:
            self.start()
        if self.state == self.LOADING and wait > 0:
            self.wait(wait)
            if self.state == self.READY:
                return self._extractor
        if self.state == self.FAILED:
            raise NotReady(self.state, f"The models failed to load: {self._error}")
        if self.state == self.DISABLED:
            raise NotReady(self.state, "Model loading is disabled in this process (EVENTX_LOAD_MODELS=false).")
        raise NotReady(self.state, "The models are still loading; retry shortly.")

    @property
    def error(self) -> str | None:
        return self._error


def warm_up(extractor) -> None:
    """One small extraction before the worker says ready: lazily built lexicons, compiled value
    rules and caches are built now, not in a client's first request, and an extractor that cannot
    extract at all keeps the worker unready (its error on /healthz/ready) instead of answering 500s."""
    extractor.warm_up()


def default_factory(models_dir: str | None, torch_threads: int = 1):
    """Build the real Extractor (imports torch/stanza only when called, in the loading thread,
    so that the worker answers /healthz/live meanwhile)."""
    def factory():
        import torch

        torch.set_num_threads(torch_threads)  # intra-op pool of this process: one thread per worker
        from eventx.engine import Extractor

        return Extractor.load(models_dir)
    return factory
