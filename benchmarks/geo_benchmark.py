"""Benchmark of the geoparser: mentions resolved per second, index build time and size, RSS with the index open."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import gazetteer_info, get_gazetteer
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


def main() -> None:
    """Print a table of the figures."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    started = time.perf_counter()
    gaz = get_gazetteer(path)
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
    info = gazetteer_info(path)
    rows = [
        ("mentions resolved per second (cached lookups)", f"{per_second:,.0f}"),
        ("documents geocoded per second (find + resolve)", f"{docs_per_second:,.1f}"),
        ("index open time (s, built if missing)", f"{open_seconds:.2f}"),
        ("index build time (s)", f"{info['build_seconds']}"),
        ("index size (MB)", f"{info['size_mb']}"),
        ("places / names", f"{info['places']:,} / {info['names']:,}"),
        ("RSS with index open (MB, target < 300)", f"{info['rss_mb']}"),
    ]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
