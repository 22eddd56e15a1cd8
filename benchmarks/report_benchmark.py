"""Benchmark the HTML report: build it for N synthetic incidents, print its size and its open time in Chromium.

Usage: PYTHONPATH=src python benchmarks/report_benchmark.py [--events 100000] [--out report.html]
The open time is measured from navigation start until the page sets html[data-ready="1"] (map, charts and
table drawn), in headless Chromium at /usr/bin/chromium with every non-file request aborted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from conflictlens.model import ATTRIBUTIONS, EVENT_TYPES, TARGET_TYPES
from conflictlens.report.html import render_report

# (country, admin1 code, admin1, lat, lon) centres to scatter synthetic incidents around
CENTRES = [
    ("IQ", "IQ-AN", "Anbar", 33.4, 42.0), ("IQ", "IQ-NI", "Nineveh", 36.3, 42.9), ("IQ", "IQ-DI", "Diyala", 33.9, 45.0),
    ("SY", "SY-DY", "Deir ez-Zor", 35.2, 40.3), ("SY", "SY-HM", "Homs", 34.6, 38.3), ("SY", "SY-HA", "Hasakah", 36.5, 40.8),
    ("NG", "NG-BO", "Borno", 11.8, 13.1), ("ML", "ML-7", "Gao", 16.3, 0.0), ("BF", "BF-SAH", "Sahel", 14.0, -0.5),
    ("SO", "SO-BN", "Banaadir", 2.05, 45.3), ("AF", "AF-NAN", "Nangarhar", 34.3, 70.5), ("YE", "YE-MA", "Marib", 15.5, 45.3),
    ("MZ", "MZ-P", "Cabo Delgado", -12.3, 40.3), ("CD", "CD-NK", "North Kivu", -0.7, 29.2), ("PK", "PK-KP", "Khyber Pakhtunkhwa", 34.0, 71.5),
]  # fmt: skip
ACTORS = ["Islamic State", "Iran-aligned militias", "Syrian government forces", "Iraqi security forces",
          "Syrian Democratic Forces", "International coalition", "Turkish armed forces", "unknown"]  # fmt: skip
WORDS = [
    "gunmen",
    "attacked",
    "checkpoint",
    "village",
    "convoy",
    "rockets",
    "landed",
    "near",
    "base",
    "killing",
    "soldiers",
    "civilians",
    "wounded",
]


def synthetic_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """n made-up incidents scattered around the theatre centres over two years."""
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    events = []
    for i in range(n):
        country, code, admin1, lat, lon = rng.choice(CENTRES)
        day = start + dt.timedelta(days=rng.randrange(730))
        killed = rng.choice([None, 0, 0, 1, 2, 3, 5, 8, 20])
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 32))).capitalize() + "."
        events.append({
            "event_id": f"{rng.getrandbits(64):016x}", "event_type": rng.choice(EVENT_TYPES),
            "date_start": day.isoformat(), "date_end": day.isoformat(), "date_precision": "day",
            "perpetrator": rng.choice(ACTORS), "perpetrator_attribution": rng.choice(ATTRIBUTIONS),
            "target": rng.choice(ACTORS[1:]), "target_type": rng.choice(TARGET_TYPES),
            "location": f"Place {rng.randrange(3000)}", "admin1": admin1, "admin1_code": code,
            "admin2": f"District {rng.randrange(40)}", "country": country,
            "lat": round(lat + rng.gauss(0, 1.2), 5), "lon": round(lon + rng.gauss(0, 1.2), 5),
            "geo_precision": rng.choice([1, 2, 3]), "killed": killed, "killed_low": killed, "killed_high": None,
            "wounded": rng.choice([None, 0, 2, 6]), "kidnapped": None,
            "evidence": [sentence, "A second sentence that the big report leaves out."],
            "sources": [f"https://outlet{rng.randrange(40)}.example/story/{i}"], "doc_ids": [f"doc{i}"],
        })  # fmt: skip
    return events


def monthly_series(events: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """Monthly counts and fatalities per value of one field."""
    cells: dict[tuple[str, str], list[int]] = {}
    for e in events:
        cell = cells.setdefault((str(e[field]), e["date_start"][:7]), [0, 0])
        cell[0] += 1
        cell[1] += e["killed"] or 0
    return [{"key": k, "period": p, "count": c, "fatalities": f} for (k, p), (c, f) in sorted(cells.items())]


def open_time(path: Path) -> tuple[float, float]:
    """Seconds from navigation start to the ready signal, and the report script's own time."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]  # fmt: skip
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=120_000)
        page.wait_for_selector("html[data-ready='1']", state="attached", timeout=120_000)
        wall = time.perf_counter() - t0
        script_ms = page.evaluate("window.__clReport.readyMs")
        browser.close()
    return wall, script_ms / 1000


def main() -> None:
    """Build the report, then print its size and open times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    events = synthetic_events(args.events)
    t0 = time.perf_counter()
    page = render_report(events, [], [], monthly_series(events, "event_type"), monthly_series(events, "perpetrator"),
                         f"Benchmark: {args.events:,} synthetic incidents", dt.datetime.now(dt.UTC))  # fmt: skip
    render_s = time.perf_counter() - t0
    out = args.out or Path(tempfile.mkdtemp()) / "report.html"
    out.write_text(page, encoding="utf-8")
    size = out.stat().st_size
    wall, script = open_time(out)
    print(f"{'events':<28}{args.events:>12,}")
    print(f"{'render (s)':<28}{render_s:>12.2f}")
    print(f"{'file size (MB)':<28}{size / 1e6:>12.2f}")
    print(f"{'open to ready (s)':<28}{wall:>12.2f}")
    print(f"{'  of which report.js (s)':<28}{script:>12.2f}")
    print(f"file: {out}")


if __name__ == "__main__":
    main()
