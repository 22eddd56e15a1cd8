"""Read comma chains of place names ("X village, Y district, Diyala province") around a mention."""

from __future__ import annotations

import re

from conflictlens.geo.context import ContextHit, GeoContext
from conflictlens.geo.gazetteer import (
    Gazetteer,
)
from conflictlens.geo.scan import capitalised, scan

# A compass bearing from the next place ("X, east of Baqubah"): the mention lies near that place.
_COMPASS = r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)"


_CHAIN_GAP = re.compile(
    r"^(?:\s+(?:village|town|city|area|district|sub-district|subdistrict|neighbou?rhood|camp|region|"
    r"community|county|administrative post|local government area|LGA))?"
    r"(?:\s*,\s*|\s+(?:in|of|near)\s+)(?:in\s+|near\s+|" + _COMPASS + r"\s+of\s+)?(?:the\s+)?"
    r"(?:(?:village|town|city|district|sub-district|area|region)\s+of\s+)?$",
    re.IGNORECASE,
)


_CHAIN_BREAK = re.compile(r"[.;:!?()\n]|\band\b")


# Lower-case words that may sit inside a chain of place names ("X village, in the Y district of Z").
_CHAIN_WORDS = frozenset(
    ["village", "town", "city", "area", "district", "sub-district", "subdistrict", "neighbourhood", "neighborhood", "camp", "region", "community", "county", "administrative", "post", "local", "government", "lga", "countryside", "desert", "outskirts", "province", "governorate", "state", "crossing", "border", "oil", "gas", "field", "facility", "base", "airbase", "airport", "dam", "bridge", "market", "checkpoint", "road", "highway", "in", "of", "the", "near", "close", "to", "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ez", "a", "an", "its", "rural", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west", "northern", "southern", "eastern", "western", "central"]
)


def _chain_gap(gap: str) -> bool:
    """Whether the text between two names only links places ("X area, Y district, in Z")."""
    if len(gap) > 90 or _CHAIN_BREAK.search(gap) or not re.search(r",|\bin\b|\bof\b", gap):
        return False
    pieces = gap.split(",")
    return all(
        len(piece.split()) <= 6
        and all(capitalised(w) or w.lower() in _CHAIN_WORDS for w in re.findall(r"[\w'’-]+", piece))
        for piece in pieces
    )


def chain_province(end: int, text: str, ctx: GeoContext) -> ContextHit | None:
    """The province the text puts a mention in, later in the same comma chain
    ("X, Kirkuk", "X district, Anbar province", "X village, Y, Nineveh")."""
    if end < 0:
        return None
    for hit in sorted(ctx.provinces, key=lambda h: h.start):
        if hit.start >= end and _chain_gap(text[end:hit.start]):
            return hit
        if hit.start > end + 90:
            break
    return None


def next_in_chain(end: int, text: str, gaz: Gazetteer) -> tuple[int, int] | None:
    """Span of the place named right after a mention ("X village, Y district", "X, in Y")."""
    if end < 0:
        return None
    for start, stop, _ in scan(text, gaz):
        if start >= end:
            return (start, stop) if start - end <= 45 and _CHAIN_GAP.match(text[end:start]) else None
    return None

