"""Self-check of the geoparser on the gold dev files: admin1 accuracy and share within 25 km."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import distance_km, get_gazetteer
from conflictlens.geo.names import normalise, skeleton, strip_generic
from conflictlens.geo.resolve import find_place_names, resolve
from conflictlens.geo.scan import word_tokens

EVAL = Path("/work/shared/eval/dev")


def _resolve_location(location: str, text: str, gaz: object) -> object:
    """Resolve the gold location string: each place name in it, the first that resolves wins."""
    ctx = doc_context(text, gazetteer=gaz)
    spans = find_place_names(location, gazetteer=gaz) + [(0, len(location))]
    for start, end in spans:
        name = location[start:end]
        begin, stop = _locate(name, text)
        place = resolve(name, begin, stop, text, ctx, gazetteer=gaz)
        if place is not None:
            return place
    return None


def _locate(name: str, text: str) -> tuple[int, int]:
    """Offsets in ``text`` of the n-gram spelling ``name`` (same key or consonant skeleton), or (-1, -1)."""
    core = strip_generic(name)[1] or name
    key, skel = normalise(core), skeleton(core)
    tokens = word_tokens(text)
    for keyer, wanted in ((normalise, key), (skeleton, skel)):
        for size in (1, 2, 3, 4):
            for i in range(len(tokens) - size + 1):
                if keyer(text[tokens[i][0]:tokens[i + size - 1][1]]) == wanted:
                    return tokens[i][0], tokens[i + size - 1][1]
    return -1, -1


def check(path: Path, show_errors: bool) -> None:
    """Print admin1 accuracy, country accuracy and share within 25 km for one gold file."""
    gaz = get_gazetteer(Path(sys.argv[2])) if len(sys.argv) > 2 else get_gazetteer()
    n_admin = ok_admin = n_country = ok_country = n_km = ok_km = 0
    for line in path.open(encoding="utf-8"):
        doc = json.loads(line)
        for event in doc["events"]:
            if not event.get("location"):
                continue
            place = _resolve_location(event["location"], doc["text"], gaz)
            if event.get("admin1_code"):
                n_admin += 1
                good = place is not None and place.admin1_code == event["admin1_code"]
                ok_admin += good
                if show_errors and not good:
                    print("ADMIN1", event["location"], event["admin1_code"], place and (place.name, place.admin1_code, place.trace))
            if event.get("country"):
                n_country += 1
                ok_country += place is not None and place.country == event["country"]
            if event.get("lat") is not None:
                n_km += 1
                near = place is not None and place.lat is not None and distance_km(
                    place.lat, place.lon, event["lat"], event["lon"]) <= 25
                ok_km += near
                if show_errors and not near and place is not None:
                    print("KM", event["location"], (event["lat"], event["lon"]), (place.name, place.lat, place.lon, place.trace))
    print(f"{path.name}: admin1 {ok_admin / max(1, n_admin):.3f} ({ok_admin}/{n_admin})  "
          f"country {ok_country / max(1, n_country):.3f} ({ok_country}/{n_country})  "
          f"25km {ok_km / max(1, n_km):.3f} ({ok_km}/{n_km})")


if __name__ == "__main__":
    errors = len(sys.argv) > 1 and sys.argv[1] == "-v"
    for name in ("gtd_iraq_dev.gold.jsonl", "news_dev.gold.jsonl"):
        if (EVAL / name).exists():
            check(EVAL / name, errors)
