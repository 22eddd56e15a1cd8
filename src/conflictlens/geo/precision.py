"""Turn a chosen candidate into a model Place with the precision its wording implies, directions included."""

from __future__ import annotations

from conflictlens.geo.context import GeoContext
from conflictlens.geo.gazetteer import (
    WIDE_KINDS,
    Candidate,
    Gazetteer,
)
from conflictlens.geo.mentions import DIRECTION_ADJ, Mention
from conflictlens.geo.scoring import ScoredCandidate
from conflictlens.model import Place

DIRECTIONS = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (1, 1), "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1),
    "central": (0, 0), "centre": (0, 0), "center": (0, 0),
}


def describe(best: ScoredCandidate) -> str:
    """Short text naming a chosen candidate and the reasons."""
    c = best.candidate
    where = ", ".join(x for x in (c.name, c.admin1 if c.kind != "admin1" else None, c.country) if x)
    return f"{where} ({c.kind}): " + ("; ".join(best.reasons) or "only match")


def to_place(cand: Candidate, mention: Mention, trace: str, gaz: Gazetteer) -> Place:
    """A model Place from the chosen candidate and the precision the wording implies."""
    if cand.kind == "country":
        lat, lon = _direction_point(gaz, cand, mention.direction)
        name = f"{DIRECTION_ADJ[mention.direction]} {cand.name}" if mention.direction else cand.name
        return Place(name, cand.country, None, None, None, lat, lon, 3, "country", trace)
    if cand.kind == "admin1":
        return Place(cand.name, cand.country, cand.name, cand.admin1_code, None, cand.lat, cand.lon, 3, "admin1", trace)
    precision = 1
    if mention.want in ("near", "district", "direction", "admin1") or cand.kind in ("mountain", "valley", "district"):
        precision = 2
    if cand.kind in WIDE_KINDS:
        precision = 3
    return Place(
        cand.name, cand.country, cand.admin1, cand.admin1_code, cand.admin2, cand.lat, cand.lon,
        precision, cand.kind, trace,
    )


def _direction_point(gaz: Gazetteer, cand: Candidate, direction: str) -> tuple[float | None, float | None]:
    """A point in the named part of a country (a quarter of its extent from the edge)."""
    box = gaz.country_bbox(cand.country or "")
    if not direction or box is None or direction not in DIRECTIONS:
        return cand.lat, cand.lon
    minlon, minlat, maxlon, maxlat = box
    dlat, dlon = DIRECTIONS[direction]
    lat = (minlat + maxlat) / 2 + dlat * (maxlat - minlat) / 4
    lon = (minlon + maxlon) / 2 + dlon * (maxlon - minlon) / 4
    return round(lat, 4), round(lon, 4)


def country_direction_place(name: str, ctx: GeoContext, direction: str, gaz: Gazetteer) -> Place | None:
    """Place for "north of the country": the document's main country, precision 3."""
    code = ctx.main_country()
    cand = gaz.place("country", code) if code else None
    if cand is None:
        return None
    trace = f"'{name}' refers to the document's main country ({code})"
    return to_place(cand, Mention("", "direction", direction), trace, gaz)

