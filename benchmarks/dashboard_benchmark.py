"""Benchmark the dashboard (`conflictlens serve`) over a synthetic store: p50/p95 latency per page, peak RSS.

Usage: PYTHONPATH=src python benchmarks/dashboard_benchmark.py [--incidents 100000] [--db PATH] [--keep]
       [--requests 30]

The store is filled in bulk by `synthetic_store.fill_incidents` (1.5 reports per incident on average,
a claim in every 50th report); --keep keeps it (at --db, or a fixed file under the temporary folder)
and reuses it next time. The real CLI then serves it under uvicorn in a child process on a free port
of 127.0.0.1, and each URL below is requested once to warm up, then --requests times in a row over one
keep-alive connection; latency is the client's wall time to the whole body. The server's RSS is sampled
with psutil every 20 ms; its peak (VmHWM, Linux) is read at the end. The target: p95 < 300 ms everywhere.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
from synthetic_store import fill_incidents

from conflictlens.store.db import Store

TARGET_MS = 300.0
PAGE = 50
# One value of each filter of the events table, chosen to select a few per cent of the store or less
FILTERS = {
    "country": "country=SY",
    "actor": "actor=islamic",
    "type": "type=bombing",
    "date range": "since=2024-01-01&until=2024-03-31",
    "text search": "q=place%20123",
}
SQL_OF = {
    "country": "upper(country) = 'SY'",
    "actor": "lower(perpetrator) LIKE '%islamic%'",
    "type": "event_type = 'bombing'",
    "date range": "date_start BETWEEN '2024-01-01' AND '2024-03-31'",
    "text search": "1",  # the deep page of a text search uses the count the page itself reports
}


def _free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(db: Path, n: int, keep: bool) -> None:
    """A store of ``n`` synthetic incidents at ``db``: reused when kept and already filled, else built now."""
    if db.exists() and keep:
        with sqlite3.connect(db) as conn:
            have = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        if have == n:
            print(f"reusing {db} ({n:,} incidents)", file=sys.stderr)
            Store(str(db)).close()  # migrate it if the schema moved on since it was filled
            return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    Store(str(db)).close()
    print(f"filled {db} with {n:,} incidents in {fill_incidents(db, n):.1f} s", file=sys.stderr)


@contextmanager
def serving(db: Path) -> Iterator[tuple[str, psutil.Process]]:
    """`conflictlens serve` over ``db`` in a child process; yields its base URL and process, stops it after."""
    port = _free_port()
    code = "from conflictlens.cli import main; main()"
    child = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port)],
                             stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/overrides", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield base, psutil.Process(child.pid)
    finally:
        child.terminate()
        try:
            child.wait(10)
        except subprocess.TimeoutExpired:  # a request still running holds the worker: stop it anyway
            child.kill()
            child.wait()


class RssSampler:
    """The largest RSS of a process seen by sampling it every ``every`` seconds in a thread."""

    def __init__(self, process: psutil.Process, every: float = 0.02) -> None:
        """Start sampling ``process``."""
        self.process, self.every, self.peak = process, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.every)

    def stop(self) -> int:
        """Stop sampling; the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def high_water_mark(process: psutil.Process) -> int | None:
    """The kernel's peak RSS of the process (VmHWM) in bytes, where /proc has it."""
    try:
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def deep_offset(count: int) -> int:
    """The offset of a page nine tenths of the way through ``count`` rows."""
    return max(0, (count * 9 // 10) // PAGE * PAGE)


def cases(db: Path, requests: int) -> list[tuple[str, Callable[[int], str]]]:
    """(name, request number → path) for every page and API call measured."""
    rng = random.Random(14)
    with sqlite3.connect(db) as conn:
        counts = {name: conn.execute(f"SELECT count(*) FROM events WHERE {sql}").fetchone()[0]
                  for name, sql in SQL_OF.items()}
        total = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        event_ids = [r[0] for r in conn.execute("SELECT event_id FROM events")]
        doc_ids = [r[0] for r in conn.execute("SELECT doc_id FROM documents")]
    events = rng.sample(event_ids, min(requests + 1, len(event_ids)))
    docs = rng.sample(doc_ids, min(requests + 1, len(doc_ids)))
    out: list[tuple[str, Callable[[int], str]]] = [
        ("overview `/`", lambda i: "/"),
        ("events, first page", lambda i: "/events"),
        (f"events, deep page (offset {deep_offset(total):,})", lambda i: f"/events?offset={deep_offset(total)}"),
    ]
    for name, query in FILTERS.items():
        out.append((f"events, {name}, first page", lambda i, q=query: f"/events?{q}"))
        if name != "text search":
            off = deep_offset(counts[name])
            out.append((f"events, {name}, deep page (offset {off:,})",
                        lambda i, q=query, off=off: f"/events?{q}&offset={off}"))
    country_deep = deep_offset(counts["country"])
    out += [
        ("event page", lambda i: f"/events/{events[i % len(events)]}"),
        ("document page", lambda i: f"/documents/{docs[i % len(docs)]}"),
        ("API events, first page", lambda i: "/api/v1/events"),
        (f"API events, country, deep page (offset {country_deep:,})",
         lambda i: f"/api/v1/events?country=SY&offset={country_deep}"),
        ("API trends (by admin1, week)", lambda i: "/api/v1/trends?by=admin1&freq=week"),
        ("API surges (by admin1, week)", lambda i: "/api/v1/surges"),
        ("API map clusters (world, zoom 2)",
         lambda i: "/api/v1/map?west=-180&south=-90&east=180&north=90&zoom=2"),
        ("API map, one province box (zoom 7)",
         lambda i: "/api/v1/map?west=41.0&south=32.5&east=43.5&north=34.5&zoom=7"),
    ]
    return out


def measure(base: str, path_of: Callable[[int], str], requests: int, client: httpx.Client) -> list[float]:
    """Milliseconds of each request after one warm-up (each must answer 200)."""
    times = []
    for i in range(-1, requests):
        path = path_of(max(i, 0) if i >= 0 else requests)
        started = time.perf_counter()
        response = client.get(base + path)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}: {response.text[:300]}")
        if i >= 0:
            times.append(elapsed)
    return times


def main() -> None:
    """Build or reuse the store, serve it, time every case and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="SQLite file to fill (default: under the temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the store and reuse it when already filled")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per case")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--skip", help="leave out the cases whose name contains this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tempfile.gettempdir()) if args.keep else Path(tmp)
        db = args.db or folder / f"conflictlens-dashboard-{args.incidents}.sqlite"
        prepare(db, args.incidents, args.keep)
        selected = [(name, path_of) for name, path_of in cases(db, args.requests)
                    if (not args.only or args.only in name) and not (args.skip and args.skip in name)]
        load_before = os.getloadavg()
        with serving(db) as (base, process), httpx.Client(timeout=120) as client:
            idle = process.memory_info().rss
            sampler = RssSampler(process)
            rows = []
            for name, path_of in selected:
                times = measure(base, path_of, args.requests, client)
                rows.append((name, percentile(times, 50), percentile(times, 95), max(times)))
                print(f"{name}: p50 {rows[-1][1]:.0f} ms, p95 {rows[-1][2]:.0f} ms", file=sys.stderr, flush=True)
            peak = sampler.stop()
            hwm = high_water_mark(process)
        load_after = os.getloadavg()
    print(f"{args.incidents:,} incidents, {args.requests} requests per case after one warm-up; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; {os.cpu_count()} CPUs\n")
    print("| request | p50 ms | p95 ms | max ms | p95 < 300 ms |")
    print("|---|---:|---:|---:|---|")
    for name, p50, p95, top in rows:
        print(f"| {name} | {p50:.0f} | {p95:.0f} | {top:.0f} | {'yes' if p95 < TARGET_MS else '**no**'} |")
    mb = 1024 * 1024
    print(f"\nserver RSS: {idle / mb:.0f} MB idle after start, peak {peak / mb:.0f} MB sampled"
          + (f", {hwm / mb:.0f} MB VmHWM" if hwm else ""))


if __name__ == "__main__":
    main()
