"""Benchmark of the geoparser: mentions resolved per second, index build time and size, RSS with the index open.

Usage: python benchmarks/geo_benchmark.py [INDEX] [--synthetic N]
``--synthetic N`` also times loading an extract of N invented GeoNames rows (theatre countries,
random names and points) into an index without cities500: the load path's rows per CPU second and
bytes per row, since no real extract is shipped yet (geo/data/SOURCES.md).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import Gazetteer, build_index, gazetteer_info, get_gazetteer
from conflictlens.geo.geonames import load_selection, write_extract
from conflictlens.geo.resolve import find_place_names, geocode_text, resolve

TEXTS = (
    ("Rockets struck Ain al-Asad air base in Iraq's Anbar province, while gunmen attacked a checkpoint "
    "near Hit and another on the outskirts of Ramadi. Officials in Baghdad said the attacks came from "
    "the desert west of the Euphrates."),
    ("Cells of the group ambushed a patrol in the Deir Ezzor countryside near al-Mayadeen, Syria, and "
    "clashes followed in Raqqa and north of the country, according to a monitor in Hasakah."),
    ("Militants attacked Zurmi town in Zamfara state, Nigeria, and a village near Djibo in Burkina Faso's "
    "Sahel region; a second raid hit Palma in Cabo Delgado, Mozambique."),
)
SYLLABLES = ("al", "qa", "zar", "bu", "ham", "dun", "kur", "ta", "mir", "sha", "bal", "nu", "gho", "rid", "wa")


def synthetic_rows(n: int, seed: int = 7) -> list[str]:
    """``n`` dump rows of invented villages in the theatre countries (GeoNames' 19 columns)."""
    rng = random.Random(seed)
    countries = [c for c, admin1s in load_selection().countries.items() if admin1s is None]
    rows = []
    for i in range(n):
        name = " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title() for _ in range(2))
        alternates = ",".join(name.replace("a", v) for v in ("e", "aa"))
        cells = [str(50_000_000 + i), name, name, alternates, f"{rng.uniform(0, 37):.5f}", f"{rng.uniform(10, 60):.5f}",
                 "P", "PPL", rng.choice(countries), "", f"{rng.randint(1, 20):02d}", "", "", "", "0", "", "300",
                 "UTC", "2026-10-01"]
        rows.append("\t".join(cells))
    return rows


def synthetic_load(n: int) -> list[tuple[str, str]]:
    """Figures of loading an extract of ``n`` invented rows into an index without cities500."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dump.txt"
        dump.write_text("\n".join(synthetic_rows(n)) + "\n", encoding="utf-8")
        extract = Path(tmp) / "extract.tsv.gz"
        started = time.process_time()
        write_extract([dump], extract, load_selection())
        extract_cpu = time.process_time() - started
        base = build_index(Path(tmp) / "base.sqlite", include_towns=False)
        full = build_index(Path(tmp) / "full.sqlite", include_towns=False, extract=extract)
        base_meta, full_meta = Gazetteer(base).meta, Gazetteer(full).meta
        load_cpu = float(full_meta["build_cpu_seconds"]) - float(base_meta["build_cpu_seconds"])
        size = extract.stat().st_size
        return [
            ("synthetic extract: rows / gzip size (MB) / bytes per row", f"{n:,} / {size / 1e6:.1f} / {size / n:.0f}"),
            ("synthetic extract written (CPU s)", f"{extract_cpu:.1f}"),
            ("synthetic rows loaded into the index per CPU second", f"{n / max(load_cpu, 1e-9):,.0f}"),
            ("index bytes per synthetic row", f"{(full.stat().st_size - base.stat().st_size) / n:.0f}"),
        ]


def main() -> None:
    """Print a table of the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", nargs="?", type=Path, default=None)
    parser.add_argument("--synthetic", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    gaz = get_gazetteer(args.index)
    open_seconds = time.perf_counter() - started
    spans = [(text, find_place_names(text, gazetteer=gaz)) for text in TEXTS]
    mentions = [(text, s, e) for text, found in spans for s, e in found]
    contexts = {text: doc_context(text, gazetteer=gaz) for text in TEXTS}
    rounds, started = 50, time.perf_counter()
    for _ in range(rounds):
        for text, s, e in mentions:
            resolve(text[s:e], s, e, text, contexts[text], gazetteer=gaz)
    per_second = rounds * len(mentions) / (time.perf_counter() - started)
    started = time.perf_counter()
    for i in range(5):
        for text in TEXTS:
            geocode_text(f"{text} ({i})", gazetteer=gaz)
    docs_per_second = 5 * len(TEXTS) / (time.perf_counter() - started)
    info = gazetteer_info(args.index)
    rows = [
        ("mentions resolved per second (cached lookups)", f"{per_second:,.0f}"),
        ("documents geocoded per second (find + resolve)", f"{docs_per_second:,.1f}"),
        ("index open time (s, built if missing)", f"{open_seconds:.2f}"),
        ("index build time (wall s / CPU s)", f"{info['build_seconds']} / {info['build_cpu_seconds']}"),
        ("index size (MB)", f"{info['size_mb']}"),
        ("places / names", f"{info['places']:,} / {info['names']:,}"),
        ("GeoNames extract rows / source date", f"{info['geonames_rows']:,} / {info['source_date'] or '-'}"),
        ("RSS with index open (MB, target < 300)", f"{info['rss_mb']}"),
    ]
    if args.synthetic:
        rows += synthetic_load(args.synthetic)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
