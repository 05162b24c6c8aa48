"""Soak test on loopback: steady load for a bounded time, worker memory before and after.

    python bench/soak.py [--minutes 10] [--workers 2] [--dev ../shared/gold/dev]
    python bench/soak.py --url http://127.0.0.1:8000 --master-pid PID [--minutes 10]

Starts gunicorn with its production config (gunicorn.conf.py, committed models) on a free
127.0.0.1 port, or targets a running server given by --url (loopback only; --master-pid is
the gunicorn master, whose children are the workers). Sends the dev articles (*.txt, dates
from NAME.gold.json) continuously, one request in flight per worker, for --minutes in all.

Warm-up comes first: every client sends every article once, and at least --warmup-fraction of
the time passes. Then the load pauses until no request is in flight, the RSS of every worker
is read (/proc/<pid>/status VmRSS), and the load resumes; it is read again under load every
--sample-s seconds, and at rest at the end. Prints requests, errors, RSS per worker at start
and end, growth per worker, and PASS/FAIL against the targets: RSS growth <= --max-growth-pct
(5 %) for every worker, zero errors, and no worker replaced. Exit status 0 on PASS, 1 on FAIL.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import requests
from serving import free_port, percentile, rss_mb, worker_pids

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "gold" / "dev"
sys.path.insert(0, str(ROOT))


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_articles(folder: Path) -> list[dict]:
    """Request bodies for the *.txt of `folder`, dated from a sibling NAME.gold.json (eventx.cli.read_folder)."""
    from eventx.cli import read_folder

    return [{"text": d.text, "id": d.id, **({"document_date": d.document_date} if d.document_date else {})}
            for d in read_folder(folder) if d.text is not None]


class Load:
    """`clients` threads, each with one request in flight, that can be paused between requests."""

    def __init__(self, url: str, articles: list[dict], clients: int, timeout: float):
        self.url, self.articles, self.clients, self.timeout = url, articles, clients, timeout
        self.stop = threading.Event()
        self.running = threading.Event()
        self.running.set()
        self.cond = threading.Condition()
        self.in_flight = 0
        self.passes_done = 0  # clients that have sent every article once
        self.measuring = False
        self.requests = 0
        self.errors: Counter = Counter()
        self.latencies: list[float] = []
        self.threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(clients)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def _client(self, index: int) -> None:
        rng = random.Random(index)
        session = requests.Session()
        sent = 0
        while not self.stop.is_set():
            order = list(self.articles)
            rng.shuffle(order)
            for body in order:
                self.running.wait()
                if self.stop.is_set():
                    return
                with self.cond:
                    self.in_flight += 1
                t0 = time.perf_counter()
                try:
                    r = session.post(self.url + "/v1/extract", json=body, timeout=self.timeout)
                    outcome = r.status_code
                except requests.RequestException as exc:
                    outcome = type(exc).__name__
                elapsed = time.perf_counter() - t0
                with self.cond:
                    self.in_flight -= 1
                    self.requests += 1
                    if outcome != 200:
                        self.errors[str(outcome)] += 1
                    elif self.measuring:
                        self.latencies.append(elapsed)
                    sent += 1
                    if sent == len(self.articles):
                        self.passes_done += 1
                    self.cond.notify_all()

    def pause(self, timeout: float) -> None:
        """Hold the clients between requests and wait until none is in flight."""
        self.running.clear()
        with self.cond:
            self.cond.wait_for(lambda: self.in_flight == 0, timeout)

    def resume(self) -> None:
        self.running.set()

    def finish(self, timeout: float) -> None:
        self.stop.set()
        self.running.set()
        for t in self.threads:
            t.join(timeout)


def start_server(workers: int, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=tempfile.mkdtemp(prefix="eventx-soak-metrics-"),
               WEB_CONCURRENCY=str(workers), LOG_LEVEL="WARNING")
    env.pop("EVENTX_MODELS_DIR", None)
    log = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return proc, f"http://127.0.0.1:{port}"


def wait_ready(url: str, workers: int, proc: subprocess.Popen | None, timeout: float) -> float:
    """Seconds until `workers` consecutive /healthz/ready answers were 200."""
    t0 = time.perf_counter()
    streak = 0
    while streak < workers * 2:
        if time.perf_counter() - t0 > timeout:
            raise SystemExit(f"the server was not ready after {timeout:.0f} s")
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            streak = streak + 1 if requests.get(url + "/healthz/ready", timeout=5).status_code == 200 else 0
        except requests.RequestException:
            streak = 0
        time.sleep(0.2)
    return time.perf_counter() - t0


def sample(master_pid: int) -> dict[int, float | None]:
    return {pid: rss_mb(pid) for pid in worker_pids(master_pid)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="total time, warm-up included (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers to start (default 2)")
    parser.add_argument("--url", help="a running server on loopback instead of starting one")
    parser.add_argument("--master-pid", type=int, help="with --url: the gunicorn master's pid (its children are read)")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="folder of *.txt articles (default ../shared/gold/dev)")
    parser.add_argument("--warmup-fraction", type=float, default=0.2,
                        help="least share of the time spent warming up (default 0.2); at least one pass of the articles")
    parser.add_argument("--sample-s", type=float, default=30.0, help="RSS samples under load every N s (default 30)")
    parser.add_argument("--max-growth-pct", type=float, default=5.0, help="RSS growth target per worker (default 5)")
    parser.add_argument("--request-timeout", type=float, default=300.0)
    args = parser.parse_args(argv)

    if args.minutes <= 0 or not 0 <= args.warmup_fraction < 1:
        parser.error("--minutes must be > 0 and --warmup-fraction in [0, 1)")
    articles = load_articles(args.dev)
    if not articles:
        parser.error(f"no *.txt in {args.dev}")
    proc = None
    log_path = None
    if args.url:
        if not is_loopback(args.url):
            parser.error(f"--url must be on loopback (127.0.0.1, ::1 or localhost), not {args.url}")
        if not args.master_pid:
            parser.error("--url needs --master-pid (the gunicorn master) to read the workers' RSS")
        url, master = args.url.rstrip("/"), args.master_pid
        if not worker_pids(master):
            parser.error(f"pid {master} has no children: not a gunicorn master?")
        workers = len(worker_pids(master))
    else:
        workers = args.workers
        log_path = Path(tempfile.mkdtemp(prefix="eventx-soak-")) / "server.log"
        proc, url = start_server(workers, log_path)
        master = proc.pid
    total_s = args.minutes * 60
    began = time.monotonic()
    deadline = began + total_s
    chars = sum(len(a["text"]) for a in articles)
    print(f"soak: {len(articles)} articles ({chars} characters) from {args.dev}, {workers} workers, "
          f"{workers} request(s) in flight, {args.minutes:g} min in all; server {url} (master {master})", flush=True)

    load = Load(url, articles, workers, args.request_timeout)
    try:
        ready_s = wait_ready(url, workers, proc, timeout=300)
        print(f"ready after {ready_s:.1f} s", flush=True)
        deadline = time.monotonic() + total_s  # the time starts once the server is ready
        warm_until = time.monotonic() + args.warmup_fraction * total_s
        load.start()
        while (load.passes_done < workers or time.monotonic() < warm_until) and time.monotonic() < deadline:
            time.sleep(0.2)
        if time.monotonic() >= deadline:
            print("FAIL: the warm-up (one pass of the articles per client) did not end within --minutes; "
                  "give more minutes", flush=True)
            return 1
        warmup_s = time.monotonic() - (deadline - total_s)
        load.pause(timeout=args.request_timeout)
        start_pids = worker_pids(master)
        start = sample(master)
        with load.cond:
            warm_requests, warm_errors = load.requests, sum(load.errors.values())
            load.measuring = True
        load.resume()
        print(f"warm-up: {warmup_s:.0f} s, {warm_requests} requests, {warm_errors} errors; RSS at rest "
              + ", ".join(f"{pid}: {mb:.0f} MB" for pid, mb in start.items()), flush=True)
        measured_from = time.monotonic()
        trend: list[tuple[float, dict]] = []
        next_sample = measured_from + args.sample_s
        while time.monotonic() < deadline:
            time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            if time.monotonic() >= next_sample and time.monotonic() < deadline:
                trend.append((time.monotonic() - measured_from, sample(master)))
                next_sample += args.sample_s
                print(f"  {trend[-1][0]:5.0f} s: {load.requests} requests, {sum(load.errors.values())} errors, RSS "
                      + ", ".join(f"{pid}: {mb:.0f} MB" for pid, mb in trend[-1][1].items() if mb), flush=True)
        load.pause(timeout=args.request_timeout)
        measured_s = time.monotonic() - measured_from
        end_pids = worker_pids(master)
        end = sample(master)
        load.finish(timeout=args.request_timeout)
    finally:
        load.finish(timeout=5)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    measured_requests = load.requests - warm_requests
    errors = sum(load.errors.values())
    print()
    print(f"requests: {load.requests} ({warm_requests} in warm-up, {measured_requests} measured over {measured_s:.0f} s: "
          f"{measured_requests / measured_s:.2f} docs/s; latency p50 {percentile(load.latencies, .5):.2f} s, "
          f"p95 {percentile(load.latencies, .95):.2f} s)")
    print(f"errors: {errors}" + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(load.errors.items()))})" if errors else ""))
    print("RSS per worker (at rest, after warm-up -> at the end):")
    verdicts = []
    for pid in start_pids:
        a, b = start.get(pid), end.get(pid)
        if a is None or b is None:
            print(f"  worker {pid}: {a or 0:.0f} MB -> gone (replaced or died)")
            verdicts.append(False)
            continue
        growth = (b - a) / a * 100
        peak = max([a, b] + [s[pid] for _, s in trend if s.get(pid)])
        ok = growth <= args.max_growth_pct
        verdicts.append(ok)
        print(f"  worker {pid}: {a:.1f} MB -> {b:.1f} MB, growth {growth:+.2f} % (peak under load {peak:.1f} MB) "
              f"{'ok' if ok else 'over'} (target <= {args.max_growth_pct:g} %)")
    replaced = sorted(set(end_pids) - set(start_pids))
    if replaced:
        print(f"new workers during the soak: {replaced} (a worker was replaced)")
    passed = all(verdicts) and errors == 0 and not replaced and len(start_pids) == workers
    print(f"{'PASS' if passed else 'FAIL'}: RSS growth <= {args.max_growth_pct:g} % per worker, zero errors, "
          f"no worker replaced ({args.minutes:g} min, {workers} workers)")
    if log_path is not None and not passed:
        print(f"server log: {log_path}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
