"""spaCy entity_ruler patterns for the place names the gazetteer marks as surface spellings."""

from __future__ import annotations

from conflictlens.geo.gazetteer import (
    CURATED_FAC,
    Gazetteer,
    get_gazetteer,
)
from conflictlens.geo.names import normalise, surface_variants
from conflictlens.geo.scan import stop_words

_FAC_LABELS = {kind: "FAC" for kind in CURATED_FAC} | {"mountain": "LOC", "desert": "LOC", "region": "LOC"}


def ruler_patterns(*, gazetteer: Gazetteer | None = None) -> list[dict[str, str]]:
    """spaCy entity_ruler patterns (case-sensitive phrases) for curated places, admin1 names and Iraqi/Syrian towns."""
    gaz = gazetteer or get_gazetteer()
    stops = stop_words()
    rows = gaz.conn.execute(
        "SELECT p.kind, p.country, p.source, s.name FROM surface s JOIN place p ON p.id = s.place_id"
    ).fetchall()
    patterns: dict[str, dict[str, str]] = {}
    for kind, country, source, surface in rows:
        label = _FAC_LABELS.get(kind, "GPE")
        if kind == "admin1" and country not in ("IQ", "SY") and (len(surface) < 5 or " " in surface):
            continue
        for variant in surface_variants(surface) if source.startswith("curated") or country in ("IQ", "SY") else [surface]:
            if variant.lower() in stops or len(normalise(variant)) < 3:
                continue
            patterns.setdefault(variant, {"label": label, "pattern": variant, "id": normalise(variant)})
    return list(patterns.values())

