"""gunicorn.conf.py read the way gunicorn reads it, under different environments."""
from __future__ import annotations

import runpy

import pytest

from tests.conftest import REPO_ROOT

CONF = str(REPO_ROOT / "gunicorn.conf.py")
VARS = ("PORT", "WEB_CONCURRENCY", "EVENTX_REQUEST_TIMEOUT_S", "GUNICORN_CONTROL_SOCKET")


def load(monkeypatch, **env) -> dict:
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(CONF)


def test_defaults(monkeypatch):
    conf = load(monkeypatch)
    assert conf["wsgi_app"] == "service.wsgi:app"
    assert conf["bind"] == ["0.0.0.0:8000"]
    assert conf["workers"] == 2
    assert conf["worker_class"] == "sync"
    assert conf["preload_app"] is False
    assert conf["timeout"] > 120  # above the default time budget of a request
    assert conf["graceful_timeout"] > 0
    assert conf["control_socket_disable"] is True
    for hook in ("on_starting", "post_fork", "post_worker_init", "child_exit"):
        assert callable(conf[hook])


def test_environment(monkeypatch):
    conf = load(monkeypatch, PORT="9001", WEB_CONCURRENCY="4", EVENTX_REQUEST_TIMEOUT_S="300")
    assert conf["bind"] == ["0.0.0.0:9001"]
    assert conf["workers"] == 4
    assert conf["timeout"] > 300


class _QuietServer:
    """What on_starting and on_exit read of gunicorn's arbiter: a logger."""

    class log:
        @staticmethod
        def info(*args):
            pass


def test_on_starting_empties_the_metrics_folder(monkeypatch, tmp_path):
    conf = load(monkeypatch)
    (tmp_path / "counter_123.db").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    conf["on_starting"](_QuietServer())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["OMP_NUM_THREADS"])
def test_one_thread(monkeypatch, name):
    monkeypatch.delenv(name, raising=False)
    load(monkeypatch)
    import os
    assert os.environ[name] == "1"


def test_settings_come_from_service_config(monkeypatch):
    """gunicorn.conf.py reads nothing itself: service/config.py reads the environment and names
    a malformed variable."""
    from service.config import ConfigError

    conf = load(monkeypatch, GUNICORN_GRACEFUL_TIMEOUT="45", GUNICORN_MAX_REQUESTS="1000", LOG_LEVEL="warning")
    assert (conf["graceful_timeout"], conf["max_requests"], conf["loglevel"]) == (45, 1000, "warning")
    with pytest.raises(ConfigError, match="PORT"):
        load(monkeypatch, PORT="eighty")
    with pytest.raises(ConfigError, match="EVENTX_REQUEST_TIMEOUT_S"):
        load(monkeypatch, EVENTX_REQUEST_TIMEOUT_S="soon")


def test_a_temporary_metrics_folder_is_made_and_removed(monkeypatch):
    conf = load(monkeypatch)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # empty = not given; restored after the test

    conf["on_starting"](_QuietServer())
    import os
    path = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    assert os.path.isdir(path) and not os.listdir(path)
    conf["on_exit"](_QuietServer())
    assert not os.path.exists(path)


def test_gunicorn_own_errors_are_problems(monkeypatch):
    import json

    from gunicorn import util

    from service import server_errors

    raw = server_errors.problem_bytes(414, "URI Too Long", "Request Line is too large (5014 > 4094)")
    head, body = raw.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 414 URI Too Long"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Content-Length"]) == len(body)
    problem = json.loads(body)
    assert problem["status"] == 414 and problem["type"].endswith("/uri-too-long")
    assert problem["request_id"] == headers["X-Request-ID"]
    monkeypatch.setattr(util, "write_error", util.write_error)  # restored after the test
    server_errors.install()
    assert util.write_error is server_errors.write_problem
