"""Weigh a mention's candidates: which may be chosen at all, and the points context, priors and wording give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conflictlens.geo.chains import chain_province
from conflictlens.geo.context import WEAK_KINDS, GeoContext
from conflictlens.geo.gazetteer import (
    Candidate,
    Gazetteer,
    distance_km,
    get_gazetteer,
)
from conflictlens.geo.mentions import Mention, analyse
from conflictlens.geo.priors import load_priors
from conflictlens.model import Place

# How far outside a province (from its nearest town) a place the text puts in it may lie:
# province boundaries differ between sources (GeoNames, GTD, news usage).
BOUNDARY_KM = 60.0


@dataclass(frozen=True)
class ScoredCandidate:
    """A candidate with the score the resolver gave it and why."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]


def plausible(cand: Candidate, ctx: GeoContext, prior: Sequence[Place]) -> bool:
    """Whether a candidate may be chosen at all, given the countries the document names."""
    named = _named_countries(ctx, prior)
    if cand.kind == "country":
        return True
    if named:
        return cand.country in named
    return cand.kind not in ("town", "village") or cand.population >= 10_000


def known_anywhere(cand: Candidate) -> bool:
    """Whether a candidate is worth marking as a place name whatever the context (a province, curated place or city)."""
    return cand.kind == "admin1" or cand.source.startswith("curated") or cand.population >= 100_000


def _named_countries(ctx: GeoContext, prior: Sequence[Place]) -> set[str]:
    """Countries the document names, directly, through a province or through a resolved place."""
    return ctx.country_codes() | {p.country for p in prior if p.country}


def place_countries(ctx: GeoContext, prior: Sequence[Place]) -> set[str]:
    """Countries named as places (not only as actors) or holding a place already resolved in the document."""
    named = {h.code for h in ctx.countries if h.kind not in WEAK_KINDS} | {h.code[:2] for h in ctx.provinces}
    return named | {p.country for p in prior if p.country}


def sensible_elsewhere(cand: Candidate, ctx: GeoContext, prior: Sequence[Place], gaz: Gazetteer) -> bool:
    """Whether a candidate outside the named countries may be chosen when nothing else fits: a city
    (100k+; 10k+ when the countries are named only by demonyms such as "Turkish shelling") or curated
    place of a country bordering one the document names, unless the document names provinces."""
    named = _named_countries(ctx, prior)
    bordering = any(cand.country in gaz.neighbours.get(code, ()) for code in named)
    only_demonyms = all(h.kind in WEAK_KINDS for h in ctx.countries)
    wide = cand.population >= (10_000 if only_demonyms else 100_000) or (
        cand.source.startswith("curated") and cand.kind not in ("town", "village", "neighbourhood")
    )
    return bordering and cand.main_name and wide and not ctx.provinces


def _score(
    cand: Candidate, mention: Mention, start: int, end: int, ctx: GeoContext, prior: Sequence[Place],
    fuzzy: bool = False,
) -> ScoredCandidate:
    """Score one candidate and say why."""
    score, reasons = load_priors().score(cand), ["spelling-tolerant match"] if fuzzy else []
    if cand.population:
        reasons.append(f"pop {_pop(cand.population)}")
    if cand.source.startswith("curated"):
        reasons.append(f"curated {cand.kind}")
    elif cand.source.startswith("geonames:"):
        reasons.append(f"GeoNames {cand.source.rsplit(':', 1)[-1]}")
    score += _context_score(cand, start, end, ctx, reasons)
    score += _prior_score(cand, prior, reasons)
    score += _want_score(cand, mention, reasons)
    return ScoredCandidate(cand, round(score, 2), tuple(reasons))


def _context_score(cand: Candidate, start: int, end: int, ctx: GeoContext, reasons: list[str]) -> float:
    """Points for a country or province the document names (more when near the mention)."""
    score = 0.0
    if cand.admin1_code and cand.kind != "admin1":
        if cand.admin1_code in ctx.near(ctx.provinces, start, end):
            score += 5.0
            reasons.append(f"in province named nearby ({cand.admin1})")
        elif cand.admin1_code in {h.code for h in ctx.provinces}:
            score += 3.0
            reasons.append(f"in province named in text ({cand.admin1})")
    if cand.country in ctx.near(ctx.countries, start, end):
        score += 3.0
        reasons.append(f"in country named nearby ({cand.country})")
    elif cand.country in ctx.strong_codes():
        score += 2.0
        reasons.append(f"in country named in text ({cand.country})")
    return score


def _prior_score(cand: Candidate, prior: Sequence[Place], reasons: list[str]) -> float:
    """Points for closeness to places already resolved in the document."""
    if cand.lat is None or cand.lon is None:
        return 0.0
    near = [p for p in prior if p.lat is not None and p.lon is not None and p.precision < 3
            and distance_km(cand.lat, cand.lon, p.lat, p.lon) <= 60]
    if near:
        reasons.append(f"near {near[0].name} (already in text)")
        return 2.0
    if any(p.admin1_code and p.admin1_code == cand.admin1_code for p in prior):
        reasons.append("same province as a place already in text")
        return 1.5
    return 0.0


def _want_score(cand: Candidate, mention: Mention, reasons: list[str]) -> float:
    """Points for the kind the wording asks for ("X province" wants the province)."""
    if mention.want == "admin1":
        reasons.append("wording names a province")
        return 6.0 if cand.kind == "admin1" else -3.0
    if mention.want == "district" and cand.kind == "district":
        reasons.append("wording names a district")
        return 4.0
    if mention.want in ("town", "district", "near") and cand.kind in ("admin1", "country"):
        return -4.0
    if cand.kind == "district":
        return -1.0
    if mention.want == "direction" and cand.kind in ("admin1", "country"):
        return 2.0
    return 0.0


def _pop(population: int) -> str:
    """A population as a short figure ("100k")."""
    if population >= 1_000_000:
        return f"{population / 1e6:.1f}M"
    return f"{round(population / 1000)}k" if population >= 1000 else str(population)


def score_candidates(
    name: str, start: int, end: int, text: str, ctx: GeoContext, prior: Sequence[Place] = (),
    *, gazetteer: Gazetteer | None = None,
) -> tuple[Mention, list[ScoredCandidate]]:
    """Every plausible candidate of a mention, best first."""
    gaz = gazetteer or get_gazetteer()
    mention = analyse(name, start, end, text)
    if mention.want == "country_direction":
        return mention, []
    found = gaz.candidates(name) if mention.want != "direction" else ()
    if not found or not any(plausible(c, ctx, prior) for c in found):
        found = gaz.candidates(mention.core)
    kept = [c for c in found if plausible(c, ctx, prior)] or [
        c for c in found if sensible_elsewhere(c, ctx, prior, gaz)
    ]
    places = place_countries(ctx, prior)
    fuzzy = not kept and bool(places) and not any(c.source.startswith("curated") for c in found)
    if fuzzy:
        provinces = {h.code for h in ctx.provinces}
        kept = [
            c for c in gaz.fuzzy_candidates(mention.core)
            if c.kind != "country" and c.country in places and (not provinces or c.admin1_code in provinces)
        ]
    kept = _in_stated_province(kept, end, text, ctx, gaz, fuzzy)
    scored = [_score(c, mention, start, end, ctx, prior, fuzzy) for c in kept]
    return mention, sorted(scored, key=lambda s: (-s.score, s.candidate.place_id))


def _in_stated_province(
    kept: list[Candidate], end: int, text: str, ctx: GeoContext, gaz: Gazetteer, fuzzy: bool
) -> list[Candidate]:
    """The candidates the text's province allows ("X, Y district, Diyala province"): those in it, or
    (exact matches only, since boundaries differ between sources) within BOUNDARY_KM of a place in it.
    A city neighbourhood gets no such margin: it lies in its city's province or not at all."""
    hit = chain_province(end, text, ctx)
    if hit is None:
        return kept
    return [
        c for c in kept
        if c.admin1_code == hit.code or (
            not fuzzy and c.kind not in ("admin1", "country", "neighbourhood") and c.lat is not None
            and c.lon is not None and gaz.near_admin1(hit.code, c.lat, c.lon, BOUNDARY_KM)
        )
    ]

