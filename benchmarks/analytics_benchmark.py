"""Benchmark incident merging and trend counts on synthetic mentions: time, memory, growth.

Usage: PYTHONPATH=src python benchmarks/analytics_benchmark.py [--sizes 100000 1000000]

Each size runs in its own process, so peak memory (ru_maxrss) belongs to that size alone. The
synthetic stream keeps a constant density, about 100 incidents a day over a 5 x 8 degree region,
each told by 1 to 4 documents: a larger set covers a longer period, as a growing store does.
About 20% of mentions only name the province, 10% give the day before ("yesterday").
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import resource
import subprocess
import sys
import time

from conflictlens.analytics.trends import count_series
from conflictlens.incidents import MentionRecord, Overrides, assign_incidents
from conflictlens.model import Mention, Place

TYPES = ("armed_assault", "armed_clash", "bombing", "shelling", "air_strike", "abduction")
ACTORS = ("Islamic State", "Iran-aligned militias", "Syrian government forces", "unknown")
INCIDENTS_PER_DAY = 100
FIRST_DAY = dt.date(2020, 1, 1)


def _places(rng: random.Random) -> tuple[list[Place], dict[str, Place]]:
    """Two thousand towns in 16 provinces of a 5 x 8 degree box, and one place per province."""
    towns: list[Place] = []
    provinces: dict[str, Place] = {}
    for i in range(2000):
        lat, lon = rng.uniform(32.0, 37.0), rng.uniform(36.0, 44.0)
        code = f"XX-{int((lat - 32) // 1.25)}{int((lon - 36) // 2)}"
        district = f"{code}-d{int(lat * 4) % 4}{int(lon * 4) % 4}"
        towns.append(Place(f"town{i}", "XX", code, code, district, lat, lon, 1))
        provinces.setdefault(
            code, Place(f"{code} countryside", "XX", code, code, None, None, None, 3)
        )
    return towns, provinces


def synthetic_mentions(
    n: int, seed: int = 1, days: int = 0, prefix: str = "m", first_day: dt.date = FIRST_DAY
) -> list[MentionRecord]:
    """``n`` mention records of about ``n / 2.5`` incidents, at constant daily density unless
    ``days`` is given."""
    rng = random.Random(seed)
    towns, provinces = _places(random.Random(0))
    weights = [1 / (i + 1) ** 0.8 for i in range(len(towns))]  # a few hot spots
    days = days or max(1, round(n / 2.5 / INCIDENTS_PER_DAY))
    out: list[MentionRecord] = []
    event = 0
    while len(out) < n:
        event += 1
        day = first_day + dt.timedelta(days=rng.randrange(days))
        town = rng.choices(towns, weights)[0]
        etype, actor = rng.choice(TYPES), rng.choice(ACTORS)
        killed = rng.choice((None, 0, 1, 2, 3, 5, 8))
        for copy in range(rng.randint(1, 4)):
            told = day - dt.timedelta(days=1) if rng.random() < 0.1 else day
            place = provinces[town.admin1_code or ""] if rng.random() < 0.2 else town
            mention = Mention(
                event_type=etype,
                date_start=told,
                date_end=told,
                date_precision="day",
                perpetrator=actor,
                perpetrator_attribution="stated" if actor != "unknown" else "unknown",
                target_type="military",
                location=place.name,
                place=place,
                killed=killed,
            )
            out.append(
                MentionRecord(
                    f"{prefix}{event}-{copy}",
                    f"{prefix}doc{event}-{copy}",
                    f"outlet{copy}",
                    day + dt.timedelta(days=1),
                    mention,
                )
            )
    return out[:n]


def run_one(n: int) -> dict[str, float]:
    """Time the stages on ``n`` mentions in this process; peak memory in MB."""
    t0 = time.perf_counter()
    records = synthetic_mentions(n)
    rss_input = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t1 = time.perf_counter()
    incidents = assign_incidents(records, [], Overrides())
    t2 = time.perf_counter()
    series = count_series(incidents, "week", by="admin1")
    t3 = time.perf_counter()
    # A new batch: 1,000 mentions dated in the last 30 days of the period, as fresh reports are.
    last_day = FIRST_DAY + dt.timedelta(days=round(n / 2.5 / INCIDENTS_PER_DAY))
    late = synthetic_mentions(
        1000, seed=2, days=30, prefix="late", first_day=last_day - dt.timedelta(days=30)
    )
    t4 = time.perf_counter()
    assign_incidents(late, incidents, Overrides())
    t5 = time.perf_counter()
    return {
        "mentions": n,
        "incidents": len(incidents),
        "series": len(series),
        "generate_s": t1 - t0,
        "merge_s": t2 - t1,
        "trends_s": t3 - t2,
        "incremental_1k_s": t5 - t4,
        "rss_input_mb": rss_input,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    """Run every size in a child process and print one table with growth ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for n in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        rows.append(json.loads(done.stdout))
    cols = (
        "mentions",
        "incidents",
        "generate_s",
        "merge_s",
        "trends_s",
        "incremental_1k_s",
        "rss_input_mb",
        "rss_peak_mb",
    )
    print(" | ".join(f"{c:>16}" for c in cols))
    for row in rows:
        print(
            " | ".join(
                f"{row[c]:>16.2f}" if isinstance(row[c], float) else f"{row[c]:>16}" for c in cols
            )
        )
    for small, big in itertools.pairwise(rows):
        print(_growth(small, big))


def _growth(small: dict[str, float], big: dict[str, float]) -> str:
    """How much time and memory grew from one size to the next."""

    def extra_mb(row: dict[str, float]) -> float:
        return max(1.0, row["rss_peak_mb"] - row["rss_input_mb"])

    return (
        f"growth x{big['mentions'] / small['mentions']:.0f} mentions: "
        f"merge time x{big['merge_s'] / small['merge_s']:.2f}, "
        f"trends time x{big['trends_s'] / small['trends_s']:.2f}, "
        f"memory above input x{extra_mb(big) / extra_mb(small):.2f}"
    )


if __name__ == "__main__":
    main()
