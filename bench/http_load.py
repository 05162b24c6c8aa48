"""HTTP load on loopback: gunicorn with 1 worker vs 2 workers, side by side in one run.

    python bench/http_load.py [--requests 12] [--article ../shared/gold/dev/seed-000.txt]

For each worker count it starts the production server (gunicorn.conf.py) on a free
127.0.0.1 port, times start to ready, warms up, then sends the article with one
request in flight per worker, then with twice as many (past saturation: requests
queue in the listen backlog), and prints documents/s, latency p50/p95/p99 and the
RSS of each worker. Loopback only; bounded in count and time.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from serving import free_port, percentile, rss_mb, worker_pids

ROOT = Path(__file__).resolve().parents[1]


def run_load(url: str, body: dict, total: int, in_flight: int) -> tuple[float, list[float], int]:
    def one(_):
        t0 = time.perf_counter()
        r = requests.post(url + "/v1/extract", json=body, timeout=300)
        return time.perf_counter() - t0, r.status_code

    t0 = time.perf_counter()
    with ThreadPoolExecutor(in_flight) as pool:
        results = list(pool.map(one, range(total)))
    elapsed = time.perf_counter() - t0
    errors = sum(1 for _, status in results if status != 200)
    return total / elapsed, [lat for lat, _ in results], errors


def bench(workers: int, body: dict, total: int) -> dict:
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="eventx-bench-")
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=tmp, WEB_CONCURRENCY=str(workers), LOG_LEVEL="WARNING")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        ready = 0
        while ready < workers and time.perf_counter() - t0 < 180:  # every worker answers ready
            try:
                ready = ready + 1 if requests.get(url + "/healthz/ready", timeout=2).status_code == 200 else 0
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        start_to_ready = time.perf_counter() - t0
        run_load(url, body, workers * 2, workers)  # warm-up
        rate, latencies, errors = run_load(url, body, total, workers)
        over_rate, over_latencies, over_errors = run_load(url, body, total, workers * 2)
        rss = [mb for mb in map(rss_mb, worker_pids(proc.pid)) if mb is not None]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    return {"workers": workers, "ready_s": start_to_ready, "rate": rate, "latencies": latencies, "errors": errors,
            "over_rate": over_rate, "over_latencies": over_latencies, "over_errors": over_errors, "rss": rss}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--article", type=Path, default=ROOT.parent / "shared" / "gold" / "dev" / "seed-000.txt")
    args = parser.parse_args(argv)
    text = args.article.read_text(encoding="utf-8")
    body = {"text": text, "document_date": "2023-04-12"}
    print(f"article: {args.article.name}, {len(text.split())} words; {args.requests} requests per measurement")
    results = [bench(w, body, args.requests) for w in (1, 2)]
    for r in results:
        lat = r["latencies"]
        over = r["over_latencies"]
        print(f"{r['workers']} worker(s): start to ready {r['ready_s']:.1f} s; RSS per worker {', '.join(f'{m:.0f} MB' for m in r['rss'])}")
        print(f"  one request in flight per worker: {r['rate']:.2f} docs/s, latency p50 {percentile(lat, .5):.2f} s "
              f"p95 {percentile(lat, .95):.2f} s p99 {percentile(lat, .99):.2f} s, errors {r['errors']}")
        print(f"  two in flight per worker (saturated): {r['over_rate']:.2f} docs/s, latency p50 {percentile(over, .5):.2f} s "
              f"p95 {percentile(over, .95):.2f} s, errors {r['over_errors']}")
    print(f"2 workers / 1 worker throughput: {results[1]['rate'] / results[0]['rate']:.2f}x (target >= 1.8x on 2 free cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
