"""Find place names in a text and resolve each to one Place, using the document's own context.

Precision codes (codebook ``geo_precision``):
  1  the place itself: "Hit", "Idlib city", "Muqdadiyah area" (an "area" is named after and
     centred on its place), a base, field, camp or crossing.
  2  near it or its district: "near X", "outskirts of X", "X countryside", "vicinity of X",
     "north of X", "X district", and curated mountains.
  3  a province, a wide region or a direction: "Anbar province", "Deir ez-Zor" when only the
     province matches, curated deserts and regions ("the Badiya"), "northern Iraq",
     "the country's north".
Context (``doc_context``): countries named as places ("in Syria", "Syria's Hasakah", "Hit, Iraq"),
a dateline city ("MOGADISHU —"), large cities that exist in one country only and have no curated
namesake elsewhere, provinces (a province name that exists in one country implies it), and the
theatres' curated places (towns, bases, camps ...) that lie in one country only. Countries named
only as actors ("Turkey blamed", "put pressure on Ankara") and demonyms ("Turkish drone",
"Iranian-backed") say who acted, not where: they count only when nothing stronger is named, or
agree with it; beside stronger evidence, one bordering a strongly named country stays possible
(``GeoContext.weak``) but earns no points.
Candidates are scored by: a province or country named in the document (more if named within
200 characters of the mention), places already resolved in the document (``prior``), the kind
the wording asks for ("X province" wants the province, "X district" the district, "X city" the
town), and population. A candidate in a country the document does not name is dropped unless no
candidate lies in a named country and it is a town or curated place of a bordering country; with
no country named, small villages are dropped. A spelling-tolerant match is tried only for a name
the gazetteer has no curated place of, and only in countries named as places. A place the text
puts in a province ("X, Y district, Diyala province") must lie in or near that province; a name the
gazetteer lacks is placed at the next place of such a chain ("X village, Y district" gives Y at
precision 2), else at the province (precision 3), else at the country if it is named as a place.

The jobs live in their own modules: ``scan`` (known names in a text), ``context`` (the document's
countries and provinces), ``mentions`` (what a mention's wording asks for), ``chains`` ("X, Y
district, Z province"), ``priors`` (population and feature class), ``scoring`` (candidates
weighed), ``precision`` (the chosen Place) and ``patterns`` (entity-ruler spellings); this module
puts them together. A name that only the GeoNames extract knows is taken as a place only where the
wording uses it as one (``context.cued_as_place``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from conflictlens.geo.chains import chain_province, next_in_chain
from conflictlens.geo.context import GeoContext, cued_as_place, doc_context
from conflictlens.geo.gazetteer import (
    Candidate,
    Gazetteer,
    get_gazetteer,
)
from conflictlens.geo.mentions import Mention, country_direction_spans, with_direction
from conflictlens.geo.names import ascii_fold
from conflictlens.geo.precision import country_direction_place, describe, to_place
from conflictlens.geo.scan import scan
from conflictlens.geo.scoring import (
    BOUNDARY_KM,
    ScoredCandidate,
    known_anywhere,
    place_countries,
    plausible,
    score_candidates,
    sensible_elsewhere,
)
from conflictlens.model import Place


@dataclass(frozen=True)
class GeocodeResult:
    """One place mention: its span, the chosen Place (or None) and the candidates weighed."""

    start: int
    end: int
    text: str
    place: Place | None
    candidates: tuple[ScoredCandidate, ...] = field(default=())


def find_place_names(text: str, *, gazetteer: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Spans of place names in ``text`` (gazetteer lookup of capitalised n-grams, plus "northern Iraq")."""
    gaz = gazetteer or get_gazetteer()
    ctx = doc_context(text, gazetteer=gaz)
    spans = []
    scanned = scan(text, gaz)
    for start, end, candidates in scanned:
        if all(c.source.startswith("geonames:") for c in candidates) and not cued_as_place(text, start, end, scanned):
            # a name only the GeoNames extract knows (a hamlet, a wadi) is too often a person's or
            # tribe's name: it counts only where the wording uses it as a place ("in X", "X village")
            continue
        if any(
            plausible(c, ctx, ()) or known_anywhere(c) or sensible_elsewhere(c, ctx, (), gaz) for c in candidates
        ):
            spans.append(with_direction(text, start, end, candidates))
    spans += country_direction_spans(text, ctx)
    return sorted(set(spans))


def resolve(
    name: str, start: int, end: int, text: str, ctx: GeoContext, prior: Sequence[Place] = (),
    *, gazetteer: Gazetteer | None = None,
) -> Place | None:
    """The place ``text[start:end]`` (named ``name``) refers to, or None when nothing sensible fits."""
    return _resolve_scored(name, start, end, text, ctx, prior, gazetteer)[0]


def _resolve_scored(
    name: str, start: int, end: int, text: str, ctx: GeoContext, prior: Sequence[Place],
    gazetteer: Gazetteer | None,
) -> tuple[Place | None, list[ScoredCandidate]]:
    """The chosen Place and all scored candidates."""
    gaz = gazetteer or get_gazetteer()
    mention, scored = score_candidates(name, start, end, text, ctx, prior, gazetteer=gaz)
    if mention.want == "country_direction":
        return country_direction_place(name, ctx, mention.direction, gaz), []
    if any(h.start == start and h.end == end and h.kind == "actor" for h in ctx.weak):
        # "put pressure on Ankara" in a report about Syria: who acted, not where
        return None, scored
    if not scored:
        core = mention.core or name
        place = _chain_fallback(core, end, text, ctx, prior, gaz)
        if place is None and not _known_elsewhere(core, gaz):
            place = _document_fallback(core, start, end, ctx, gaz)
        return place, []
    best = scored[0]
    trace = f"{len(scored)} candidate{'s' if len(scored) > 1 else ''}; chose " + describe(best)
    place = _at_district_seat(to_place(best.candidate, mention, trace, gaz), best.candidate, scored)
    return _text_province(place, end, text, ctx, gaz), scored


def _at_district_seat(place: Place, chosen: Candidate, scored: list[ScoredCandidate]) -> Place:
    """A district named after its seat town ("Baiji district") placed at that town, not its centroid."""
    if chosen.kind != "district":
        return place
    seat = next(
        (s.candidate for s in scored
         if s.candidate.kind in ("town", "village") and s.candidate.admin1_code == chosen.admin1_code),
        None,
    )
    if seat is None:
        return place
    return replace(place, lat=seat.lat, lon=seat.lon, trace=f"{place.trace}; at its seat {seat.name}")


def _text_province(place: Place, end: int, text: str, ctx: GeoContext, gaz: Gazetteer) -> Place:
    """Trust the text over the gazetteer when it puts the place in a nearby province ("X, Diyala province")."""
    hit = chain_province(end, text, ctx)
    if hit is None or place.kind in ("admin1", "country") or hit.code == place.admin1_code:
        return place
    prov = gaz.place("admin1", hit.code)
    if prov is None or place.lat is None or place.lon is None:
        return place
    if not gaz.near_admin1(hit.code, place.lat, place.lon, BOUNDARY_KM):
        return place
    trace = f"{place.trace}; text puts it in {prov.name}"
    return replace(place, admin1=prov.name, admin1_code=prov.admin1_code, trace=trace)


def _chain_fallback(
    name: str, end: int, text: str, ctx: GeoContext, prior: Sequence[Place], gaz: Gazetteer
) -> Place | None:
    """For a name the gazetteer lacks: the district or town named next to it (precision 2), else the
    province the text puts it in (precision 3)."""
    span = next_in_chain(end, text, gaz)
    if span is not None and any(h.start == span[0] for h in ctx.provinces):
        span = None
    if span is not None:
        start, stop = span
        mention, scored = score_candidates(text[start:stop], start, stop, text, ctx, prior, gazetteer=gaz)
        best = scored[0].candidate if scored else None
        if best is not None and best.kind not in ("admin1", "country"):
            trace = f"'{name}' not in gazetteer; placed at {describe(scored[0])}, named next to it"
            place = to_place(best, Mention(mention.core, "near"), trace, gaz)
            return _text_province(replace(place, name=name), end, text, ctx, gaz)
    hit = chain_province(end, text, ctx)
    cand = gaz.place("admin1", hit.code) if hit else None
    if cand is None:
        return None
    trace = f"'{name}' not in gazetteer; province named next to it ({cand.name})"
    return Place(name, cand.country, cand.name, cand.admin1_code, None, cand.lat, cand.lon, 3, "admin1", trace)


def _known_elsewhere(name: str, gaz: Gazetteer) -> bool:
    """Whether some place anywhere bears exactly this name (then an unplaced mention stays unresolved)."""
    folded = ascii_fold(name)
    return any(ascii_fold(c.name) == folded for c in gaz.candidates(name))


def _document_fallback(name: str, start: int, end: int, ctx: GeoContext, gaz: Gazetteer) -> Place | None:
    """For a name no place bears and the text does not place: the one province named near
    it or most of the document's province mentions, else the document's main country if it is named
    as a place (precision 3)."""
    nearby = ctx.near(ctx.provinces, start, end) if start >= 0 else set()
    code = next(iter(nearby)) if len(nearby) == 1 else _main_province(ctx)
    prov = gaz.place("admin1", code) if code else None
    if prov is not None:
        trace = f"'{name}' not in gazetteer; the document's province ({prov.name})"
        return Place(name, prov.country, prov.name, prov.admin1_code, None, prov.lat, prov.lon, 3, "admin1", trace)
    country = ctx.main_country()
    cand = gaz.place("country", country) if country in place_countries(ctx, ()) else None
    if cand is None:
        return None  # a country named only by its actors ("Turkish shelling") says nothing of where
    trace = f"'{name}' not in gazetteer; the document's main country ({cand.name})"
    return Place(name, cand.country, None, None, None, cand.lat, cand.lon, 3, "country", trace)


def _main_province(ctx: GeoContext) -> str | None:
    """The province the document names most often, each mention counted once (None on a tie)."""
    weights: dict[str, float] = {}
    for hit in ctx.provinces:
        same_span = sum(1 for h in ctx.provinces if h.start == hit.start)
        weights[hit.code] = weights.get(hit.code, 0.0) + 1 / same_span
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def geocode_text(text: str, *, gazetteer: Gazetteer | None = None) -> list[GeocodeResult]:
    """Every place mention in ``text`` with its chosen Place and the candidates weighed."""
    gaz = gazetteer or get_gazetteer()
    ctx = doc_context(text, gazetteer=gaz)
    results: list[GeocodeResult] = []
    prior: list[Place] = []
    for start, end in find_place_names(text, gazetteer=gaz):
        place, scored = _resolve_scored(text[start:end], start, end, text, ctx, prior, gaz)
        if place is not None:
            prior.append(place)
        results.append(GeocodeResult(start, end, text[start:end], place, tuple(scored[:8])))
    return results

