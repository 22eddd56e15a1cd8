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
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from conflictlens.geo.gazetteer import Candidate, Gazetteer, demonyms, distance_km, get_gazetteer
from conflictlens.geo.names import ascii_fold, normalise, strip_generic, surface_variants
from conflictlens.model import Place

CURATED_FAC = frozenset(["base", "airport", "oil_field", "gas_field", "camp", "crossing", "dam", "prison", "landmark", "neighbourhood"])
WIDE_KINDS = frozenset({"desert", "region"})
# How far outside a province (from its nearest town) a place the text puts in it may lie:
# province boundaries differ between sources (GeoNames, GTD, news usage).
BOUNDARY_KM = 60.0
PROVINCE_WORDS = ("province", "governorate", "state", "region", "county", "wilayat", "department")
DIRECTIONS = {
    "north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1),
    "northeast": (1, 1), "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1),
    "central": (0, 0), "centre": (0, 0), "center": (0, 0),
}
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʿ][^\W\d_]+)*")
_ARTICLE_HYPHEN = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|ez|es|ed|er)-[A-Z]")
CONNECTORS = frozenset(["al", "el", "ez", "es", "ed", "er", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "de", "da", "du", "des", "la", "le", "bin", "ibn"])
MAX_WORDS = 6
_EXTRA_STOP = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "islamic", "state", "army", "police", "forces", "force", "government", "ministry", "president", "minister", "security", "council", "sunni", "shia", "shiite", "arab", "muslim", "christian", "coalition", "isis", "isil", "daesh", "mr", "mrs", "general", "colonel", "captain", "major", "observatory", "human", "rights", "news", "agency", "reuters", "associated", "press", "the", "a", "an", "in", "on", "at", "of", "seven", "thirteen", "fourteen", "sixteen", "seventeen", "eighteen", "nineteen", "dozens", "hundreds", "thousands", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "according", "sources", "said", "local", "officials", "official", "province", "governorate", "district", "city", "town", "village", "camp", "base", "democratic", "republic", "united", "nations", "national", "union", "party", "front", "brigade", "battalion", "division", "hospital", "university", "school", "mosque", "church", "market", "street", "road", "bridge", "airport", "international", "abu", "umm", "bin", "ibn", "al", "tal", "tall", "tell", "deir", "dayr", "ain", "ayn", "jabal", "jebel", "wadi", "ras", "sheikh", "khan", "bir", "qasr", "kafr", "beit", "bab", "hay", "hayy", "albu"]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Capitalised words that are never place names on their own."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_EXTRA_STOP)


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


@dataclass(frozen=True)
class ScoredCandidate:
    """A candidate with the score the resolver gave it and why."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class GeocodeResult:
    """One place mention: its span, the chosen Place (or None) and the candidates weighed."""

    start: int
    end: int
    text: str
    place: Place | None
    candidates: tuple[ScoredCandidate, ...] = field(default=())


@dataclass(frozen=True)
class _Mention:
    """A mention analysed: the core name and what the wording around it asks for."""

    core: str
    want: str  # "", "admin1", "town", "district", "near", "direction", "country_direction"
    direction: str = ""


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` with offsets; a possessive "'s" is cut off."""
    out = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        out.append((start, end, word))
    return out


def _capitalised(word: str) -> bool:
    """Whether a token can start or end a place name."""
    return word[:1].isupper() or bool(_ARTICLE_HYPHEN.match(word))


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence or a line."""
    before = text[:start].rstrip(" \"'“(")
    return not before or before[-1] in ".!?:\n"


@lru_cache(maxsize=64)
def _scan(text: str, gaz: Gazetteer) -> tuple[tuple[int, int, tuple[Candidate, ...]], ...]:
    """Longest capitalised n-grams of ``text`` that the gazetteer knows, left to right."""
    tokens = _tokens(text)
    stops = stop_words()
    lower_words = {w for _, _, w in tokens if w.islower()}
    found = []
    i = 0
    while i < len(tokens):
        hit = _longest_at(text, tokens, i, gaz, stops, lower_words)
        if hit is None:
            i += 1
            continue
        j, candidates = hit
        found.append((tokens[i][0], tokens[j][1], candidates))
        i = j + 1
    return tuple(found)


def _longest_at(
    text: str, tokens: list, i: int, gaz: Gazetteer, stops: frozenset[str], lower_words: set[str]
) -> tuple[int, tuple[Candidate, ...]] | None:
    """The longest known name starting at token ``i``: (last token index, candidates)."""
    if not _capitalised(tokens[i][2]):
        return None
    last = i
    while last + 1 < len(tokens) and last - i < MAX_WORDS - 1:
        nxt = tokens[last + 1]
        gap = text[tokens[last][1]:nxt[0]]
        if gap.strip(" -") or not (_capitalised(nxt[2]) or nxt[2] in CONNECTORS):
            break
        last += 1
    for j in range(last, i - 1, -1):
        if not _capitalised(tokens[j][2]):
            continue
        if j == i and _single_word_stop(text, tokens[i], stops, lower_words):
            return None
        candidates = gaz.candidates(text[tokens[i][0]:tokens[j][1]])
        if candidates:
            return j, candidates
    return None


def _single_word_stop(text: str, token: tuple[int, int, str], stops: frozenset[str], lower: set[str]) -> bool:
    """Whether a one-word name is a common word (a stop word, a demonym, or lower-case elsewhere at a sentence start)."""
    word = token[2].lower()
    adjectives = demonyms()
    if word in stops or word in adjectives or word.removesuffix("s") in adjectives or len(word) < 3:
        return True
    return _sentence_start(text, token[0]) and word in lower


def doc_context(text: str, *, gazetteer: Gazetteer | None = None) -> GeoContext:
    """Countries and provinces ``text`` names, with offsets (see the module docstring for the rules)."""
    gaz = gazetteer or get_gazetteer()
    scanned = _scan(text, gaz)
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
            kind = "name" if _named_as_place(text, start, end, scanned) else "actor"
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


_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:area|district|sub-?district|town|village|camp|base|air\s?base|airport|countryside|outskirts|"
    r"crossing|checkpoint|market|oil field|gas field|front)\b",
    re.IGNORECASE,
)


def _named_as_place(text: str, start: int, end: int, scanned: tuple) -> bool:
    """Whether a country or city is named as a place ("in Syria", "eastern Syria", "Hit, Iraq",
    "Syria's Hasakah", "the Iraq-Syria border") rather than as an actor ("Turkey blamed", "Ankara said")."""
    if _PLACE_BEFORE.search(text[max(0, start - 24):start]) or _PLACE_AFTER.match(text[end:end + 40]):
        return True
    apposition = re.search(r"([A-Z][\w'’-]*),\s*$", text[max(0, start - 40):start])
    if apposition and apposition.group(1).lower() not in stop_words():
        return True
    after = re.match(r"['’]s\s+", text[end:end + 4])
    return after is not None and any(s == end + after.end() for s, _, _ in scanned)


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
        as_place = explicit or _locative(text, start, end)
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


def _locative(text: str, start: int, end: int) -> bool:
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
            kind = "city" if _named_as_place(text, start, end, scanned) or _locative(text, start, end) else "actor"
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
        if not (_named_as_place(text, start, end, scanned) or _locative(text, start, end)
                or _PLACE_NOUN_AFTER.match(text[end:end + 20])):
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


def find_place_names(text: str, *, gazetteer: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Spans of place names in ``text`` (gazetteer lookup of capitalised n-grams, plus "northern Iraq")."""
    gaz = gazetteer or get_gazetteer()
    ctx = doc_context(text, gazetteer=gaz)
    spans = []
    for start, end, candidates in _scan(text, gaz):
        if any(
            _plausible(c, ctx, ()) or _known_anywhere(c) or _sensible_elsewhere(c, ctx, (), gaz) for c in candidates
        ):
            spans.append(_with_direction(text, start, end, candidates))
    spans += _country_direction_spans(text, ctx)
    return sorted(set(spans))


_DIR_ADJ = r"((?:north|south)(?:-?(?:east|west))?ern|eastern|western|central)"
DIRECTION_ADJ = {d: ("central" if d == "central" else f"{d}ern") for d in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central")}


def _with_direction(text: str, start: int, end: int, candidates: tuple[Candidate, ...]) -> tuple[int, int]:
    """Extend a country or province span to a preceding direction adjective ("northern Iraq")."""
    if not any(c.kind in ("country", "admin1") for c in candidates):
        return start, end
    match = re.search(_DIR_ADJ + r"\s+$", text[max(0, start - 24):start], re.IGNORECASE)
    return (start - len(match.group(0)), end) if match else (start, end)


_COUNTRY_DIRECTION = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:part\s+)?of\s+the\s+country"
    r"|(?:the|their|its|our)\s+country['’]s\s+(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?)\b",
    re.IGNORECASE,
)


def _country_direction_spans(text: str, ctx: GeoContext) -> list[tuple[int, int]]:
    """Spans of "north of the country" / "their country's north" when the document names a country."""
    if ctx.main_country() is None:
        return []
    return [(m.start(), m.end()) for m in _COUNTRY_DIRECTION.finditer(text)]


def _analyse(name: str, start: int, end: int, text: str) -> _Mention:
    """Core name and wanted kind from the mention and the words around it in the text."""
    if _COUNTRY_DIRECTION.fullmatch(name.strip()):
        return _Mention("", "country_direction", _direction_word(name))
    adj = re.match(r"^(?:the\s+)?" + _DIR_ADJ + r"\s+(.+)$", name, re.IGNORECASE)
    if adj:
        return _Mention(adj.group(2), "direction", _direction_word(adj.group(1)))
    prefix, core, suffix = strip_generic(name)
    before = text[max(0, start - 30):start].lower() if 0 <= start <= len(text) else ""
    after = text[end:end + 25].lower().lstrip(" ,") if 0 <= end <= len(text) else ""
    want = _want_from(prefix, suffix) or _want_from_text(before, after)
    return _Mention(core or name, want)


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


def _plausible(cand: Candidate, ctx: GeoContext, prior: Sequence[Place]) -> bool:
    """Whether a candidate may be chosen at all, given the countries the document names."""
    named = _named_countries(ctx, prior)
    if cand.kind == "country":
        return True
    if named:
        return cand.country in named
    return cand.kind not in ("town", "village") or cand.population >= 10_000


def _known_anywhere(cand: Candidate) -> bool:
    """Whether a candidate is worth marking as a place name whatever the context (a province, curated place or city)."""
    return cand.kind == "admin1" or cand.source.startswith("curated") or cand.population >= 100_000


def _named_countries(ctx: GeoContext, prior: Sequence[Place]) -> set[str]:
    """Countries the document names, directly, through a province or through a resolved place."""
    return ctx.country_codes() | {p.country for p in prior if p.country}


def _place_countries(ctx: GeoContext, prior: Sequence[Place]) -> set[str]:
    """Countries named as places (not only as actors) or holding a place already resolved in the document."""
    named = {h.code for h in ctx.countries if h.kind not in WEAK_KINDS} | {h.code[:2] for h in ctx.provinces}
    return named | {p.country for p in prior if p.country}


def _sensible_elsewhere(cand: Candidate, ctx: GeoContext, prior: Sequence[Place], gaz: Gazetteer) -> bool:
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
    cand: Candidate, mention: _Mention, start: int, end: int, ctx: GeoContext, prior: Sequence[Place],
    fuzzy: bool = False,
) -> ScoredCandidate:
    """Score one candidate and say why."""
    score, reasons = math.log10(cand.population + 1) * 0.6, ["spelling-tolerant match"] if fuzzy else []
    if cand.population:
        reasons.append(f"pop {_pop(cand.population)}")
    score += {"country": 3.0, "admin1": 2.5}.get(cand.kind, 0.0)
    if cand.source.startswith("curated"):
        score += 3.0
        reasons.append(f"curated {cand.kind}")
    if cand.main_name:
        score += 0.5
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


def _want_score(cand: Candidate, mention: _Mention, reasons: list[str]) -> float:
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
) -> tuple[_Mention, list[ScoredCandidate]]:
    """Every plausible candidate of a mention, best first."""
    gaz = gazetteer or get_gazetteer()
    mention = _analyse(name, start, end, text)
    if mention.want == "country_direction":
        return mention, []
    found = gaz.candidates(name) if mention.want != "direction" else ()
    if not found or not any(_plausible(c, ctx, prior) for c in found):
        found = gaz.candidates(mention.core)
    kept = [c for c in found if _plausible(c, ctx, prior)] or [
        c for c in found if _sensible_elsewhere(c, ctx, prior, gaz)
    ]
    places = _place_countries(ctx, prior)
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
    hit = _chain_province(end, text, ctx)
    if hit is None:
        return kept
    return [
        c for c in kept
        if c.admin1_code == hit.code or (
            not fuzzy and c.kind not in ("admin1", "country", "neighbourhood") and c.lat is not None
            and c.lon is not None and gaz.near_admin1(hit.code, c.lat, c.lon, BOUNDARY_KM)
        )
    ]


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
        return _country_direction_place(name, ctx, mention.direction, gaz), []
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
    trace = f"{len(scored)} candidate{'s' if len(scored) > 1 else ''}; chose " + _describe(best)
    place = _at_district_seat(_place(best.candidate, mention, trace, gaz), best.candidate, scored)
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
    hit = _chain_province(end, text, ctx)
    if hit is None or place.kind in ("admin1", "country") or hit.code == place.admin1_code:
        return place
    prov = gaz.place("admin1", hit.code)
    if prov is None or place.lat is None or place.lon is None:
        return place
    if not gaz.near_admin1(hit.code, place.lat, place.lon, BOUNDARY_KM):
        return place
    trace = f"{place.trace}; text puts it in {prov.name}"
    return replace(place, admin1=prov.name, admin1_code=prov.admin1_code, trace=trace)


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
        and all(_capitalised(w) or w.lower() in _CHAIN_WORDS for w in re.findall(r"[\w'’-]+", piece))
        for piece in pieces
    )


def _chain_province(end: int, text: str, ctx: GeoContext) -> ContextHit | None:
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


def _next_in_chain(end: int, text: str, gaz: Gazetteer) -> tuple[int, int] | None:
    """Span of the place named right after a mention ("X village, Y district", "X, in Y")."""
    if end < 0:
        return None
    for start, stop, _ in _scan(text, gaz):
        if start >= end:
            return (start, stop) if start - end <= 45 and _CHAIN_GAP.match(text[end:start]) else None
    return None


def _chain_fallback(
    name: str, end: int, text: str, ctx: GeoContext, prior: Sequence[Place], gaz: Gazetteer
) -> Place | None:
    """For a name the gazetteer lacks: the district or town named next to it (precision 2), else the
    province the text puts it in (precision 3)."""
    span = _next_in_chain(end, text, gaz)
    if span is not None and any(h.start == span[0] for h in ctx.provinces):
        span = None
    if span is not None:
        start, stop = span
        mention, scored = score_candidates(text[start:stop], start, stop, text, ctx, prior, gazetteer=gaz)
        best = scored[0].candidate if scored else None
        if best is not None and best.kind not in ("admin1", "country"):
            trace = f"'{name}' not in gazetteer; placed at {_describe(scored[0])}, named next to it"
            place = _place(best, _Mention(mention.core, "near"), trace, gaz)
            return _text_province(replace(place, name=name), end, text, ctx, gaz)
    hit = _chain_province(end, text, ctx)
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
    cand = gaz.place("country", country) if country in _place_countries(ctx, ()) else None
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


def _describe(best: ScoredCandidate) -> str:
    """Short text naming a chosen candidate and the reasons."""
    c = best.candidate
    where = ", ".join(x for x in (c.name, c.admin1 if c.kind != "admin1" else None, c.country) if x)
    return f"{where} ({c.kind}): " + ("; ".join(best.reasons) or "only match")


def _place(cand: Candidate, mention: _Mention, trace: str, gaz: Gazetteer) -> Place:
    """A model Place from the chosen candidate and the precision the wording implies."""
    if cand.kind == "country":
        lat, lon = _direction_point(gaz, cand, mention.direction)
        name = f"{DIRECTION_ADJ[mention.direction]} {cand.name}" if mention.direction else cand.name
        return Place(name, cand.country, None, None, None, lat, lon, 3, "country", trace)
    if cand.kind == "admin1":
        return Place(cand.name, cand.country, cand.name, cand.admin1_code, None, cand.lat, cand.lon, 3, "admin1", trace)
    precision = 1
    if mention.want in ("near", "district", "direction", "admin1") or cand.kind in ("mountain", "district"):
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


def _country_direction_place(name: str, ctx: GeoContext, direction: str, gaz: Gazetteer) -> Place | None:
    """Place for "north of the country": the document's main country, precision 3."""
    code = ctx.main_country()
    cand = gaz.place("country", code) if code else None
    if cand is None:
        return None
    trace = f"'{name}' refers to the document's main country ({code})"
    return _place(cand, _Mention("", "direction", direction), trace, gaz)


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
