"""Time trend queries (store/aggregate.py) over synthetic incidents in a temporary SQLite store.

Usage: python benchmarks/trend_query_benchmark.py [--sizes 100000 1000000] [--repeat 3] [--freqs week month day]
       [--keep DIR]

For each size a fresh store is migrated, the events rows are bulk-inserted through sqlite3
(indexes dropped, executemany in one transaction, indexes rebuilt), ANALYZE is run, and every trend query
with at most one filter is timed: each grouping field (and none) × each frequency × no filter, a date range,
country, admin1, actor and event type. Times are the best of --repeat runs, wall clock and CPU, including
building the zero-filled series in Python. The issue's bar: every single-filter query over 1,000,000
incidents answers in under 1 second. --keep DIR keeps the filled stores there and reuses them next time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from synthetic_store import bulk_insert

from conflictlens.store.aggregate import BY_FIELDS, trend_series
from conflictlens.store.db import Store
from conflictlens.store.events_table import month_of, week_of
from conflictlens.store.queries import EventFilter

TYPES = ("armed_assault", "armed_clash", "bombing", "shelling", "air_strike", "abduction", "execution")
ACTORS = ("Islamic State", "Iran-aligned militias", "Syrian government forces", "Turkish forces",
          "Hayat Tahrir al-Sham", "unknown")
TARGETS = ("military", "police", "civilians", "militia", "government", "unknown")
COUNTRIES = ("IQ", "SY")
FIRST_DAY = dt.date(2015, 1, 1)
FILTERS = (
    EventFilter(),
    EventFilter(since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31)),
    EventFilter(country="SY"),
    EventFilter(admin1="SY-03"),
    EventFilter(actor="islamic state"),
    EventFilter(event_type="bombing"),
)
GROUPINGS = (None, *BY_FIELDS)
TARGET_S = 1.0


def synthetic_rows(n: int, seed: int = 1) -> Iterator[tuple[object, ...]]:
    """``n`` events rows spread over about ten years, 28 provinces and 200 districts."""
    rng = random.Random(seed)
    span = 3650
    for i in range(n):
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        country = COUNTRIES[i % 2]
        province = rng.randrange(14)
        precision = "day" if rng.random() < 0.9 else rng.choice(("range", "month", "year"))
        yield (
            f"inc_{i:016x}", rng.choice(TYPES), day.isoformat(), day.isoformat(), precision,
            week_of(day).isoformat(), month_of(day).isoformat(), rng.choice(ACTORS), "stated",
            rng.choice(TARGETS), f"{country}-{province:02d}", f"province {province}",
            f"district {province}-{rng.randrange(8)}", rng.choice((None, 0, 1, 2, 5)), 1, 1,
        )


EVENT_COLUMNS = ("event_id", "event_type", "date_start", "date_end", "date_precision", "week", "month",
                 "perpetrator", "perpetrator_attribution", "target_type", "admin1_code", "admin1", "admin2",
                 "killed", "n_mentions", "n_sources", "country")


def fill(db: Path, n: int) -> float:
    """Bulk-insert ``n`` rows into the events table; returns the seconds taken."""
    rows = ((*row, str(row[10])[:2]) for row in synthetic_rows(n))
    return bulk_insert(db, {"events": (EVENT_COLUMNS, rows)})


def best_time(store: Store, freq: str, by: str | None, f: EventFilter, repeat: int) -> tuple[float, float, int]:
    """Best wall and CPU time of a trend query over ``repeat`` runs, and how many series it returned."""
    best, best_cpu, count = float("inf"), float("inf"), 0
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        count = len(trend_series(store, f, freq, by))
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu_started)
    return best, best_cpu, count


def store_of(folder: Path, n: int) -> Store:
    """A migrated store in ``folder`` holding ``n`` synthetic events (filled now unless already there)."""
    db = folder / f"trend-{n}.sqlite"
    fresh = not db.exists()
    store = Store(str(db))
    if fresh:
        print(f"{n:>9} bulk insert {fill(db, n):.1f} s", flush=True)
    return store


def run_size(folder: Path, n: int, freqs: list[str], repeat: int) -> list[float]:
    """Time every query on a store of ``n`` events, print one row each; return the wall times."""
    store = store_of(folder, n)
    times = []
    for f in FILTERS:
        what = ",".join(f"{k}={v}" for k, v in vars(f).items() if v) or "-"
        for by in GROUPINGS:
            for freq in freqs:
                seconds, cpu, count = best_time(store, freq, by, f, repeat)
                times.append(seconds)
                print(f"{n:>9} {freq:>5} {by or '-':>11} {what:>38} {count:>6} {seconds:>8.3f} {cpu:>8.3f}",
                      flush=True)
    store.close()
    return times


def main() -> None:
    """Run every size and print one table row per query, then the slowest query per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--freqs", nargs="+", default=["week", "month", "day"], choices=["day", "week", "month"])
    parser.add_argument("--keep", type=Path, help="keep the filled stores in this folder (and reuse them)")
    args = parser.parse_args()
    print(f"{'events':>9} {'freq':>5} {'by':>11} {'filter':>38} {'series':>6} {'wall s':>8} {'cpu s':>8}")
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            times = run_size(folder, n, args.freqs, args.repeat)
            over = sum(t >= TARGET_S for t in times)
            summary.append(f"{n:>9} events: {len(times)} queries, slowest {max(times):.3f} s, "
                           f"{over} at or over {TARGET_S:.0f} s")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
