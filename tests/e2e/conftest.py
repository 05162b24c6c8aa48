"""A real gunicorn server (gunicorn.conf.py, committed models, real Extractor), started once
per test session on a free loopback port, called over HTTP with requests."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.conftest import REPO_ROOT

WORKERS = 2
START_TIMEOUT_S = float(os.environ.get("EVENTX_E2E_START_TIMEOUT_S", "240"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log_path: Path
    metrics_dir: Path
    ready_seen: list = field(default_factory=list)  # (status, content type) of /healthz/ready before it was 200

    def log_records(self) -> list[dict]:
        out = []
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
        return out

    def get(self, path, **kw):
        return requests.get(self.url + path, timeout=60, **kw)

    def post(self, path, **kw):
        return requests.post(self.url + path, timeout=120, **kw)


def start_server(tmp: Path, *, workers: int = WORKERS, env_extra: dict | None = None) -> Server:
    port = free_port()
    metrics_dir = tmp / "metrics"
    metrics_dir.mkdir(parents=True, exist_ok=True)
    (metrics_dir / "stale.db").write_bytes(b"left over from an earlier run")  # on_starting must empty it
    env = dict(os.environ)
    env.update({"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "LOG_LEVEL": "INFO", "PYTHONUNBUFFERED": "1"})
    env.pop("EVENTX_MODELS_DIR", None)
    env.update(env_extra or {})
    log_path = tmp / "server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
                            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    return Server(proc, f"http://127.0.0.1:{port}", log_path, metrics_dir)


def stop_server(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(timeout=10)


def worker_pids(server: Server) -> list[int]:
    """The pids of the gunicorn workers now: the children of the master (Linux /proc)."""
    master = server.proc.pid
    try:
        return sorted(int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split())
    except FileNotFoundError:  # the master is gone
        return []


def wait_live(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.proc.returncode}):\n{server.log_path.read_text()[-4000:]}")
        try:
            if requests.get(server.url + "/healthz/live", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.05)
    raise RuntimeError("gunicorn did not answer /healthz/live in time:\n" + server.log_path.read_text()[-4000:])


def wait_all_workers_loaded(server: Server, workers: int, timeout: float = START_TIMEOUT_S) -> None:
    """Poll readiness (recording what it said before) until every worker logged model_loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log_path.read_text()[-4000:]}")
        records = server.log_records()
        failed = [r for r in records if r.get("event") == "model_load_failed"]
        if failed:
            raise RuntimeError(f"a worker failed to load the models: {failed[0].get('error')}")
        loaded = {r["pid"] for r in records if r.get("event") == "model_loaded"}
        if len(loaded) >= workers:
            return
        r = requests.get(server.url + "/healthz/ready", timeout=5)
        if r.status_code != 200:
            server.ready_seen.append((r.status_code, r.headers.get("Content-Type"), r.headers.get("Retry-After")))
        time.sleep(0.1)
    raise RuntimeError("workers did not load the models in time:\n" + server.log_path.read_text()[-4000:])


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("gunicorn"))
    try:
        wait_live(srv)
        wait_all_workers_loaded(srv, WORKERS)
        yield srv
    finally:
        stop_server(srv)
