"""A small, bounded HTTP load generator for loopback benchmarks (standard library only).

    python load.py --url http://127.0.0.1:8101/ --cookie sessionid=… [--cookie …]
                   [--processes 2] [--threads 4] [--seconds 10] [--max-requests 20000]

Several processes (so the generator is not bound to one core by the GIL), each with threads that
send GET requests one after another. It stops at --seconds or --max-requests, whichever comes
first, and prints one JSON object: requests, errors, seconds, req_per_s, p50_ms, p95_ms.
Only loopback addresses are accepted. Each thread uses its own cookie (round robin), so each
stands for one logged-in user with their own session.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import threading
import time
from urllib.parse import urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
HARD_MAX_SECONDS = 120
HARD_MAX_REQUESTS = 1_000_000


def _thread(urls, cookie, deadline, budget, lock, out):
    latencies, errors, n = [], 0, 0
    while time.monotonic() < deadline:
        with lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        parts = urlsplit(urls[n % len(urls)])
        n += 1
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            conn.request("GET", parts.path or "/", headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors += 1
                continue
        except OSError:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
    out.append((latencies, errors))


def _process(args):
    urls, cookies, threads, seconds, max_requests, offset = args
    deadline = time.monotonic() + seconds
    budget, lock, out = [max_requests], threading.Lock(), []
    workers = [
        threading.Thread(
            target=_thread,
            args=(
                urls,
                cookies[(offset + i) % len(cookies)] if cookies else "",
                deadline,
                budget,
                lock,
                out,
            ),
        )
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    latencies = [x for lat, _e in out for x in lat]
    return latencies, sum(e for _l, e in out)


def run(urls, cookies, *, processes=2, threads=4, seconds=10.0, max_requests=20_000) -> dict:
    for url in urls:
        if urlsplit(url).hostname not in LOOPBACK:
            raise SystemExit(f"refusing a non-loopback address: {url}")
    seconds = min(seconds, HARD_MAX_SECONDS)
    max_requests = min(max_requests, HARD_MAX_REQUESTS)
    per_process = max(1, max_requests // processes)
    jobs = [(urls, cookies, threads, seconds, per_process, p * threads) for p in range(processes)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_process, jobs)
    elapsed = time.perf_counter() - started
    latencies = sorted(x for lat, _e in results for x in lat)
    errors = sum(e for _l, e in results)

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": round(elapsed, 2),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50) if latencies else None,
        "p95_ms": pct(0.95) if latencies else None,
        "concurrency": processes * threads,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--cookie", action="append", default=[])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    args = parser.parse_args()
    result = run(
        args.url,
        args.cookie,
        processes=args.processes,
        threads=args.threads,
        seconds=args.seconds,
        max_requests=args.max_requests,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
