"""Analyse a place mention's wording: its core name, the kind it asks for ("X province", "near X") and directions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflictlens.geo.context import PROVINCE_WORDS, GeoContext
from conflictlens.geo.gazetteer import (
    Candidate,
)
from conflictlens.geo.names import strip_generic


@dataclass(frozen=True)
class Mention:
    """A mention analysed: the core name and what the wording around it asks for."""

    core: str
    want: str  # "", "admin1", "town", "district", "near", "direction", "country_direction"
    direction: str = ""


_DIR_ADJ = r"((?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)"


DIRECTION_ADJ = {d: ("central" if d == "central" else f"{d}ern") for d in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central")}


def with_direction(text: str, start: int, end: int, candidates: tuple[Candidate, ...]) -> tuple[int, int]:
    """Extend a country or province span to a preceding direction adjective ("northern Iraq")."""
    if not any(c.kind in ("country", "admin1") for c in candidates):
        return start, end
    match = re.search(_DIR_ADJ + r"\s+$", text[max(0, start - 24):start], re.IGNORECASE)
    return (start - len(match.group(0)), end) if match else (start, end)


COUNTRY_DIRECTION = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:part\s+)?of\s+the\s+country"
    r"|(?:the|their|its|our)\s+country['’]s\s+(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?)\b",
    re.IGNORECASE,
)


def country_direction_spans(text: str, ctx: GeoContext) -> list[tuple[int, int]]:
    """Spans of "north of the country" / "their country's north" when the document names a country."""
    if ctx.main_country() is None:
        return []
    return [(m.start(), m.end()) for m in COUNTRY_DIRECTION.finditer(text)]


def analyse(name: str, start: int, end: int, text: str) -> Mention:
    """Core name and wanted kind from the mention and the words around it in the text."""
    if COUNTRY_DIRECTION.fullmatch(name.strip()):
        return Mention("", "country_direction", _direction_word(name))
    adj = re.match(r"^(?:the\s+)?" + _DIR_ADJ + r"\s+(.+)$", name, re.IGNORECASE)
    if adj:
        return Mention(adj.group(2), "direction", _direction_word(adj.group(1)))
    prefix, core, suffix = strip_generic(name)
    before = text[max(0, start - 30):start].lower() if 0 <= start <= len(text) else ""
    after = text[end:end + 25].lower().lstrip(" ,") if 0 <= end <= len(text) else ""
    want = _want_from(prefix, suffix) or _want_from_text(before, after)
    return Mention(core or name, want)


def _direction_word(phrase: str) -> str:
    """The compass word of a phrase like "their country's north" ("north", "southeast" ...)."""
    word = re.search(r"(?:north|south)(?:-?(?:east|west))?|east|west|central", phrase.lower())
    return word.group(0).replace("-", "") if word else ""


def _want_from(prefix: str, suffix: str) -> str:
    """Wanted kind from generic words inside the mention itself."""
    if suffix in ("governorate", "province", "provinces", "region", "state", "county"):
        return "admin1"
    if suffix in ("district", "subdistrict", "sub-district", "local government area", "lga"):
        return "district"
    if suffix in ("countryside", "outskirts", "suburbs") or prefix in (
        "near", "outskirts of", "the outskirts of", "vicinity of", "the vicinity of", "around"
    ):
        return "near"
    if suffix in ("city", "town", "village", "area") or prefix.endswith(("city of", "town of", "village of")):
        return "town"
    return ""


def _want_from_text(before: str, after: str) -> str:
    """Wanted kind from the words just before and after the mention in the text."""
    if after.startswith(PROVINCE_WORDS) or before.rstrip().endswith(("province of", "governorate of")):
        return "admin1"
    if after.startswith(("district", "sub-district", "subdistrict", "local government")):
        return "district"
    if after.startswith(("countryside", "outskirts", "suburbs", "desert")) or re.search(
        r"(near|outskirts of|vicinity of|around|close to|(north|south|east|west)(-?(east|west))?(ern)?"
        r" (?:of|outskirts of))\s+(the\s+)?(city of |town of |village of )?$",
        before,
    ):
        return "near"
    if after.startswith(("city", "town", "village", "area", "camp", "base")):
        return "town"
    return ""

