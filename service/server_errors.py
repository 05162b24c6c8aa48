"""Errors gunicorn answers itself, before the app sees a request (a request line or header
too long, a malformed request, a crash outside the app): as application/problem+json like
every other error, never gunicorn's HTML page.

gunicorn's workers answer those through ``gunicorn.util.write_error``; ``install()`` (called
from gunicorn.conf.py's post_fork, in each worker) replaces it with ``write_problem``.
"""
from __future__ import annotations

import json
import uuid

from service.errors import PROBLEM_CONTENT_TYPE, TYPE_BASE

_KINDS = {400: "bad-request", 403: "forbidden", 414: "uri-too-long", 417: "expectation-failed",
          431: "header-fields-too-large", 500: "internal-error", 501: "not-implemented"}


def problem_bytes(status: int, reason: str, detail: str) -> bytes:
    body = {"type": TYPE_BASE + _KINDS.get(status, f"http-{status}"), "title": reason, "status": status,
            "detail": detail or ("The server failed to process the request." if status >= 500 else reason),
            "request_id": uuid.uuid4().hex}
    payload = json.dumps(body).encode("utf-8")  # ASCII only (json.dumps escapes)
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_CONTENT_TYPE}\r\n"
            f"Content-Length: {len(payload)}\r\nX-Request-ID: {body['request_id']}\r\n\r\n")
    return head.encode("latin-1") + payload


def write_problem(sock, status_int, reason, mesg) -> None:
    from gunicorn import util

    util.write_nonblock(sock, problem_bytes(int(status_int), str(reason), str(mesg or "")))


def install() -> None:
    from gunicorn import util

    util.write_error = write_problem
