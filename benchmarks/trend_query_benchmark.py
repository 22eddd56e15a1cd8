"""Time trend queries (store/aggregate.py) over synthetic incidents in a temporary SQLite store.

Usage: PYTHONPATH=src python benchmarks/trend_query_benchmark.py [--sizes 100000 1000000] [--repeat 3]

For each size a fresh store is migrated, the events rows are bulk-inserted through sqlite3
(indexes dropped, executemany in one transaction, indexes rebuilt), ANALYZE is run, and each trend query is timed (best of
--repeat runs, wall clock, including building the zero-filled series in Python). The issue's bar:
a trend query over 1,000,000 incidents answers in under 1 second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from conflictlens.store.aggregate import trend_series
from conflictlens.store.db import Store
from conflictlens.store.events_table import month_of, week_of
from conflictlens.store.queries import EventFilter

TYPES = ("armed_assault", "armed_clash", "bombing", "shelling", "air_strike", "abduction", "execution")
ACTORS = ("Islamic State", "Iran-aligned militias", "Syrian government forces", "Turkish forces",
          "Hayat Tahrir al-Sham", "unknown")
TARGETS = ("military", "police", "civilians", "militia", "government", "unknown")
COUNTRIES = ("IQ", "SY")
FIRST_DAY = dt.date(2015, 1, 1)
QUERIES = (
    ("week", None, EventFilter()),
    ("week", "admin1", EventFilter()),
    ("month", "actor", EventFilter()),
    ("week", "event_type", EventFilter(country="SY")),
    ("day", "country", EventFilter(since=dt.date(2023, 1, 1))),
    ("month", "admin2", EventFilter(actor="islamic state")),
)


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


def fill(db: Path, n: int) -> float:
    """Bulk-insert ``n`` rows into the events table; returns the seconds taken."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='events'"
                           " AND sql IS NOT NULL").fetchall()
    with conn:
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        conn.executemany(
            "INSERT INTO events (event_id, event_type, date_start, date_end, date_precision, week, month,"
            " perpetrator, perpetrator_attribution, target_type, admin1_code, admin1, admin2, killed,"
            " n_mentions, n_sources, country) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,substr(?,1,2))",
            ((*row, row[10]) for row in synthetic_rows(n)),
        )
        for _, sql in indexes:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def best_time(store: Store, freq: str, by: str | None, f: EventFilter, repeat: int) -> tuple[float, int]:
    """Best wall time of a trend query over ``repeat`` runs, and how many series it returned."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        count = len(trend_series(store, f, freq, by))
        best = min(best, time.perf_counter() - started)
    return best, count


def main() -> None:
    """Run every size and print one table row per query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'events':>9} {'freq':>5} {'by':>10} {'filter':>22} {'series':>6} {'seconds':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.sqlite"
            store = Store(str(db))
            insert_s = fill(db, n)
            print(f"{n:>9} bulk insert {insert_s:.1f} s")
            for freq, by, f in QUERIES:
                seconds, count = best_time(store, freq, by, f, args.repeat)
                what = ",".join(f"{k}={v}" for k, v in vars(f).items() if v) or "-"
                print(f"{n:>9} {freq:>5} {by or '-':>10} {what:>22} {count:>6} {seconds:>8.3f}")
            store.close()


if __name__ == "__main__":
    main()
