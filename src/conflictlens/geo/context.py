"""Read a document's geographic context: the countries and provinces it names, and how (as places or as actors)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from conflictlens.geo.gazetteer import (
    WIDE_KINDS,
    Candidate,
    Gazetteer,
    demonyms,
    get_gazetteer,
)
from conflictlens.geo.scan import scan, stop_words

PROVINCE_WORDS = ("province", "governorate", "state", "region", "county", "wilayat", "department")


@dataclass(frozen=True)
class ContextHit:
    """A country or province the document names, with its character offsets."""

    code: str
    start: int
    end: int
    explicit: bool = False
    kind: str = "name"  # "name", "dateline", "city" (a large city of one country), "place", "actor", "demonym"


# Hits that say who acted rather than where: a demonym, or a country or city not named as a place.
WEAK_KINDS = frozenset({"demonym", "actor"})


@dataclass(frozen=True)
class GeoContext:
    """Countries and provinces a document names."""

    countries: tuple[ContextHit, ...] = ()
    provinces: tuple[ContextHit, ...] = ()
    weak: tuple[ContextHit, ...] = ()  # actors' countries bordering the ones named as places

    def country_codes(self) -> set[str]:
        """Countries a place may lie in: named, through one of their provinces, or as actors (``weak``)."""
        return self.strong_codes() | {h.code for h in self.weak}

    def strong_codes(self) -> set[str]:
        """Countries named as the document's places, directly or through one of their provinces."""
        return {h.code for h in self.countries} | {h.code[:2] for h in self.provinces}

    def main_country(self) -> str | None:
        """The country the document names most often (first named on a tie)."""
        codes = [h.code for h in self.countries] + [h.code[:2] for h in self.provinces]
        return max(codes, key=codes.count) if codes else None

    def near(self, hits: tuple[ContextHit, ...], start: int, end: int, window: int = 200) -> set[str]:
        """Codes of ``hits`` within ``window`` characters of a span."""
        return {h.code for h in hits if h.start < end + window and h.end > start - window}


def doc_context(text: str, *, gazetteer: Gazetteer | None = None) -> GeoContext:
    """Countries and provinces ``text`` names, with offsets (see the module docstring for the rules)."""
    gaz = gazetteer or get_gazetteer()
    scanned = scan(text, gaz)
    dateline = _dateline_hits(text, gaz)
    reporter_city = dateline and not any(c.kind == "admin1" for c in _span_candidates(scanned, dateline[0]))
    body = tuple(hit for hit in scanned if not reporter_city or hit[0] >= dateline[0].end)
    hits = _country_hits(text, scanned) + dateline + _city_hits(text, scanned) + _place_hits(text, body)
    placed = [h for h in hits if h.kind not in WEAK_KINDS]
    weak = [h for h in hits if h.kind in WEAK_KINDS] + _demonym_hits(text)
    provinces = _province_hits(text, body, {h.code for h in placed or weak}, {h.code for h in placed + weak})
    strong = {h.code for h in placed} | {h.code[:2] for h in provinces}
    if not strong:
        return GeoContext(_by_start(weak), tuple(provinces))
    agreeing = [h for h in weak if h.code in strong]
    bordering = [h for h in weak if h.code not in strong and strong & gaz.neighbours.get(h.code, set())]
    return GeoContext(_by_start(placed + agreeing), tuple(provinces), _by_start(bordering))


def _by_start(hits: list[ContextHit]) -> tuple[ContextHit, ...]:
    """Hits in text order."""
    return tuple(sorted(hits, key=lambda h: h.start))


def _span_candidates(scanned: tuple, hit: ContextHit) -> tuple[Candidate, ...]:
    """Candidates of the scanned name that starts where ``hit`` starts."""
    return next((cands for start, _, cands in scanned if start == hit.start), ())


_SPAN_PROVINCE = re.compile(r"\s(?:province|governorate|state|region|county|department)$", re.IGNORECASE)


def _country_hits(text: str, scanned: tuple) -> list[ContextHit]:
    """Countries named outright ("Iraq", "DRC"), but not a US-style "Georgia state"; kind "name" when
    named as a place ("in Iraq"), else "actor" ("Turkey blamed ...")."""
    hits = []
    for start, end, candidates in scanned:
        following = text[end:end + 16].lower().lstrip(" ,")
        is_state = following.startswith("state") and any(c.kind == "admin1" for c in candidates)
        country = next((c for c in candidates if c.kind == "country"), None)
        if country and not is_state:
            kind = "name" if named_as_place(text, start, end, scanned) else "actor"
            hits.append(ContextHit(country.country or "", start, end, True, kind))
    return hits


_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|into|inside|within|at|near|from|across|to|of|around|outside|throughout|rural|with|"
    r"(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)\s+(?:the\s+)?|[-–/])$",
    re.IGNORECASE,
)


_PLACE_AFTER = re.compile(
    r"^(?:(?:[-–/][A-Z][\w'’]*)*\s+(?:border|frontier|countryside|desert|city)\b|['’]s\s+"
    r"(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|border)\b)",
)


PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:area|district|sub-?district|town|village|camp|base|air\s?base|airport|countryside|outskirts|"
    r"crossing|checkpoint|market|oil field|gas field|front)\b",
    re.IGNORECASE,
)


def named_as_place(text: str, start: int, end: int, scanned: tuple) -> bool:
    """Whether a country or city is named as a place ("in Syria", "eastern Syria", "Hit, Iraq",
    "Syria's Hasakah", "the Iraq-Syria border") rather than as an actor ("Turkey blamed", "Ankara said")."""
    if _PLACE_BEFORE.search(text[max(0, start - 24):start]) or _PLACE_AFTER.match(text[end:end + 40]):
        return True
    apposition = re.search(r"([A-Z][\w'’-]*),\s*$", text[max(0, start - 40):start])
    if apposition and apposition.group(1).lower() not in stop_words():
        return True
    after = re.match(r"['’]s\s+", text[end:end + 4])
    return after is not None and any(s == end + after.end() for s, _, _ in scanned)


def cued_as_place(text: str, start: int, end: int, scanned: tuple) -> bool:
    """Whether the wording itself uses a name as a place: "in X", "near X", "X village", "X countryside",
    "Y, X", or "X, Y" / "X in Y" where Y is a known place (a chain such as "X, Kirkuk")."""
    if named_as_place(text, start, end, scanned) or locative(text, start, end):
        return True
    if PLACE_NOUN_AFTER.match(text[end:end + 24]):
        return True
    link = re.match(r",\s*|\s+(?:in|of|near)\s+(?:the\s+)?", text[end:end + 16])
    return link is not None and any(s == end + link.end() for s, _, _ in scanned)


def _province_hits(text: str, scanned: tuple, named: set[str], mentioned: set[str]) -> list[ContextHit]:
    """Provinces named: in a ``named`` country; or named as a place ("North Kivu province", "in X") in a
    country the text mentions only as an actor; or marked as a province ("Borno State") with no sizeable
    namesake in a country the text mentions, or a name that exists in one country only (not counting
    hamlets), used as a place ("in rural X")."""
    hits = []
    for start, end, candidates in scanned:
        if any(c.kind == "country" for c in candidates):
            continue
        following = text[end:end + 16].lower().lstrip(" ,")
        explicit = bool(_SPAN_PROVINCE.search(text[start:end])) or following.startswith(PROVINCE_WORDS) or (
            text[max(0, start - 12):start].lower().strip().endswith(("province of", "governorate of", "state of"))
        )
        countries = {c.country for c in candidates if _sizeable(c)}
        as_place = explicit or locative(text, start, end)
        for cand in candidates:
            if cand.kind != "admin1" or not cand.admin1_code:
                continue
            if cand.country in mentioned:
                keep = cand.country in named or as_place
            else:
                keep = not countries & mentioned and (explicit or (len(countries) == 1 and as_place))
            if keep:
                hits.append(ContextHit(cand.admin1_code, start, end, explicit))
    return hits


def _sizeable(cand: Candidate) -> bool:
    """Whether a namesake is worth weighing against a province name: a province, a curated place, or a
    town of 10k+ under its main name (not a hamlet, nor a town that only has the name as an alias)."""
    return cand.kind == "admin1" or cand.source.startswith("curated") or (cand.main_name and cand.population >= 10_000)


_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|across|to|of|around|outside|throughout|rural|"
    r"(?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)\s+$",
    re.IGNORECASE,
)


def locative(text: str, start: int, end: int) -> bool:
    """Whether a name is used as a place: after "in", "across", "eastern" ..., or before "countryside", "city", "'s"."""
    after = text[end:end + 12].lower()
    return bool(_LOCATIVE_BEFORE.search(text[max(0, start - 16):start])) or after.startswith(
        (" countryside", " city", "'s", "’s", " desert", " governorate", " province")
    )


def _city_hits(text: str, scanned: tuple) -> list[ContextHit]:
    """Countries implied by a large city (200k+) whose name no sizeable town or curated place elsewhere
    shares; kind "city" when named as a place, else "actor" ("pressure on Ankara")."""
    hits = []
    for start, end, candidates in scanned:
        towns = [c for c in candidates if c.kind in ("town", "village") and c.population >= 10_000]
        if any(c.kind == "country" for c in candidates) or not towns:
            continue
        country = towns[0].country
        curated_elsewhere = any(c.source.startswith("curated") and c.country != country for c in candidates)
        if max(c.population for c in towns) >= 200_000 and len({c.country for c in towns}) == 1 and not curated_elsewhere:
            kind = "city" if named_as_place(text, start, end, scanned) or locative(text, start, end) else "actor"
            hits.append(ContextHit(country or "", start, end, False, kind))
    return hits


def _place_hits(text: str, scanned: tuple) -> list[ContextHit]:
    """Countries implied by a curated place (the theatres' towns, bases, camps ...) named as a place
    ("near Sukhna", "the Tal Abyad market", not "Captain Jassem") that lies in one country only: when it
    shares its name with a city (100k+) elsewhere, only if another such place of that country is named
    too ("Arak ... the Palmyra desert")."""
    found: list[tuple[ContextHit, bool]] = []
    support: dict[str, set[int]] = {}
    for start, end, candidates in scanned:
        curated = [c for c in candidates if c.source.startswith("curated") and c.kind not in WIDE_KINDS]
        countries = {c.country or "" for c in curated}
        if len(countries) != 1 or any(c.kind in ("country", "admin1") for c in candidates):
            continue
        if not (named_as_place(text, start, end, scanned) or locative(text, start, end)
                or PLACE_NOUN_AFTER.match(text[end:end + 20])):
            continue
        code = countries.pop()
        rival = any(c.main_name and c.population >= 100_000 and c.country != code for c in candidates)
        found.append((ContextHit(code, start, end, False, "place"), rival))
        support.setdefault(code, set()).add(min(c.place_id for c in curated))
    return [hit for hit, rival in found if not rival or len(support[hit.code]) > 1]


_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z'’.\- ]{1,30}?)(?:\s*/\s*[A-Z][A-Za-z'’. -]{1,30}?)?(?:,[^—–:\n]{1,40}?)?"
    r"\s*(?:\([^)\n]{1,20}\)\s*)?(?:[—–:]|\s-\s)"
)


def _dateline_hits(text: str, gaz: Gazetteer) -> list[ContextHit]:
    """The country of a dateline city or province opening the text ("MOGADISHU —", "ERBIL, Kurdistan Region —")."""
    match = _DATELINE.match(text[:100])
    if match is None:
        return []
    found = gaz.candidates(match.group(1).strip())
    places = [
        c for c in found
        if c.kind in ("admin1", "district") or (c.kind in ("town", "village") and c.population >= 50_000)
    ]
    if not places and len({c.country for c in found}) == 1:
        places = list(found)
    if not places:
        return []
    best = max(places, key=lambda c: c.population)
    return [ContextHit(best.country or "", match.start(1), match.end(1), True, "dateline")]


@lru_cache(maxsize=1)
def _demonym_pattern() -> re.Pattern[str]:
    """Regex of every demonym, optionally plural ("Iraqis")."""
    words = sorted(demonyms(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")s?\b", re.IGNORECASE)


def _demonym_hits(text: str) -> list[ContextHit]:
    """Countries named by an adjective ("Nigerian troops", "Somalis")."""
    return [
        ContextHit(demonyms()[m.group(1).lower()], m.start(), m.end(), False, "demonym")
        for m in _demonym_pattern().finditer(text)
    ]

