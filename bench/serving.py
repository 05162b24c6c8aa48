"""What the loopback benchmarks share: a free port, the workers of a gunicorn master and their memory,
and latency percentiles (Linux /proc)."""
from __future__ import annotations

import socket
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master_pid: int) -> list[int]:
    """The children of a gunicorn master, [] once it is gone."""
    try:
        return sorted(int(p) for p in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split())
    except FileNotFoundError:
        return []


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (VmRSS), None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")
