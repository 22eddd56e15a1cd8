"""Merge mentions of the same real event from different documents into incidents.

How two mentions are compared (all rules in ``MatchRules`` and the tables below):

* Blocking (never all pairs): a mention is indexed under its event type, each day of its date
  window, and a grid cell (0.25 degree at geo precision 1, 0.5 at precision 2) when it has
  coordinates, or its admin1 and its admin2 when it only has a province or district (precision
  3, or no coordinates). A mention is compared only with those of a compatible type sharing a
  day and a cell within the match radius, or a day and an admin1 or admin2.
* Types: the same type; a close pair (``_CLOSE_TYPES``: armed_assault with armed_clash,
  assassination or abduction; armed_clash with security_operation; bombing with
  attack_on_property; assassination with execution); or a supported pair (``_SUPPORTED_TYPES``:
  armed_assault with bombing, one complex attack told as gunmen by one report and as a bomb by
  another; air_strike with shelling, a drone or a shell), which matches only when both killed
  figures are given and agree (score at least 0.7, a rising toll included) and the places agree
  as closely (place score at least 0.7: the same name, or points within 60% of the match
  radius, or the same admin2). Any other pair never matches.
* Gates (any one fails, no match): same document (a document's events are distinct by
  construction); incompatible types; dates apart by more than one day (one day is allowed
  between two day-or-range dates, for a report that says "yesterday" and one that gives the
  date; month and year dates cover their whole calendar month or year and must overlap);
  farther than 25 km (50 km when either is "near" a place, precision 2), or two distinct named
  places (precision 1) more than 5 km apart (the codebook's "one event per place"); a
  province-level mention in another admin1 or admin2 (a place without admin1, such as a region
  across two provinces, matches by its admin2 in the same country); two different perpetrators
  both stated or claimed, except for armed_clash and security_operation (``_JOINT_TYPES``: a
  joint raid, or a clash each report tells from one side). Dates one day apart also need killed
  figures that overlap (or one missing): close but different tolls (1 vs 2) are as likely the
  next day's other attack; and they fail when both documents dated their event on their own
  publication day (two same-day reports of two days).
* Score: a weighted mean of type, date, place, actor, target and casualty agreement; pairs at or
  above ``threshold`` are edges. Killed figures that differ agree at 0.7 when they are close
  (within one, or the smaller at least 60% of the larger) or when the later-published report
  gives the higher one (tolls rise as the dead are counted), else 0.1.
* Clustering: edges by descending score (ties by mention ids) join clusters only when every
  cross pair is an edge and no document appears twice (complete linkage, so "day 1 ~ day 2 ~
  day 3" cannot chain), which makes the result a function of the set of mentions, whatever
  their order. Then a cluster of province-level mentions only joins a cluster holding a precise
  mention when that cluster is the only one any of its members softly matches (same type, the
  same single day, the same admin1 with no admin2 conflict, no actor gate, killed figures not
  contradicting) and the two share no document: one report names the town, the other only the
  province. Analyst overrides come last: ``split`` groups are kept apart (a group of one stands
  alone) and ``merge`` groups are joined; where they disagree, split wins.

An incident's combined fields: the most precise date and place (ties: the one most mentions
give); the named perpetrator over ``unknown``, then the strongest attribution (stated > claimed >
suspected > unknown), then the most frequent name. Killed ``best`` is the upper median of the
sources' best figures: a figure some source actually reported, robust to one outlier source, and
independent of ingest order (a "most recent report" rule would depend on publication dates that
are often missing); the upper one of two middle figures because early tolls tend to rise.
``killed_low``/``killed_high`` are the lowest low and highest high any source gave.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from conflictlens.errors import InputError
from conflictlens.model import EVENT_TYPES, Mention, Place

logger = logging.getLogger(__name__)

__all__ = ["Incident", "MatchRules", "MentionRecord", "Overrides", "assign_incidents"]

_ATTRIBUTION_RANK = {"stated": 0, "claimed": 1, "suspected": 2, "unknown": 3}
_DATE_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}
_CLOSE_TYPES = frozenset(
    frozenset(pair)
    for pair in (
        ("armed_assault", "armed_clash"),
        ("armed_assault", "assassination"),
        ("armed_assault", "abduction"),
        ("armed_clash", "security_operation"),
        ("bombing", "attack_on_property"),
        ("assassination", "execution"),
    )
)
# Types that reports of one complex attack or one strike often split between (gunmen and a
# bomb; a drone or a shell): such a pair matches only with support from both casualty figures
# and the place (see ``_SUPPORT``).
_SUPPORTED_TYPES = frozenset(
    frozenset(pair) for pair in (("armed_assault", "bombing"), ("air_strike", "shelling"))
)
# Least killed and place agreement a supported pair of types needs: both figures given and
# agreeing, and the same town (or admin2 for province-level places).
_SUPPORT = 0.7
# The score that marks a "soft" pair: a province-level mention and a precise one that may be
# one event but score too low to be an edge (see ``_attach``).
_SOFT = -1.0
# Types whose actors act together or against each other (a joint raid, a clash of two sides):
# two different named actors do not rule a match out.
_JOINT_TYPES = frozenset({"armed_clash", "security_operation"})
# Each type with the types it may match, itself included.
_COMPATIBLE = {
    t: frozenset({t}).union(*(pair for pair in _CLOSE_TYPES | _SUPPORTED_TYPES if t in pair))
    for t in EVENT_TYPES
}
# Grid cell size in degrees by geo precision: at least the match radius at precision 1 (25 km)
# and 2 (50 km), so that neighbouring cells cover it.
_CELL_DEG = {1: 0.25, 2: 0.5}
_KM_PER_DEG = 111.2
_EARTH_KM = 6371.0


@dataclass(frozen=True)
class MentionRecord:
    """A mention with its id and the document it came from."""

    mention_id: str
    doc_id: str
    source: str | None
    published: dt.date | None
    mention: Mention


@dataclass(frozen=True)
class Overrides:
    """Analyst decisions applied over automatic matching; every group names mention ids.

    ``split``: the mentions of each group end in different incidents; a group of one mention
    forces it out of its incident. ``merge``: the incidents holding the mentions of each group
    become one incident (name any one mention of an incident to stand for it).
    """

    split: tuple[frozenset[str], ...] = ()
    merge: tuple[frozenset[str], ...] = ()

    def mention_ids(self) -> set[str]:
        """Every mention id any override names."""
        return {m for group in (*self.split, *self.merge) for m in group}


@dataclass(frozen=True)
class MatchRules:
    """Thresholds of blocking and matching (distances in km, tolerance in days)."""

    radius_km: float = 25.0
    near_radius_km: float = 50.0
    distinct_place_km: float = 5.0
    day_tolerance: int = 1
    threshold: float = 0.7
    weights: tuple[float, float, float, float, float, float] = (0.2, 0.2, 0.25, 0.1, 0.1, 0.15)


@dataclass(frozen=True)
class Incident:
    """One real event: its mentions (sorted by id), sources and combined fields.

    ``summary`` carries no evidence spans (a span belongs to one document): the evidence is in
    ``members``. ``incident_id`` hashes the smallest mention id, so it is stable until a mention
    with a smaller id joins.
    """

    incident_id: str
    mention_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    sources: tuple[str, ...]
    summary: Mention
    killed_low: int | None
    killed_best: int | None
    killed_high: int | None
    members: tuple[MentionRecord, ...] = field(repr=False)


class _Key:
    """The fields of one mention that matching reads, precomputed once."""

    __slots__ = (
        "admin2",
        "area",
        "areas",
        "attr",
        "cos",
        "country",
        "doc",
        "etype",
        "gp",
        "hi",
        "id",
        "kbest",
        "khi",
        "klo",
        "lat",
        "lo",
        "lon",
        "name",
        "perp",
        "prec",
        "precise",
        "pub",
        "start",
        "target",
        "ttype",
    )

    def __init__(self, rec: MentionRecord, start: dt.date) -> None:
        m, p = rec.mention, rec.mention.place
        self.id, self.doc = rec.mention_id, rec.doc_id
        self.prec = m.date_precision or "day"
        self.start = start.toordinal()
        self.lo, self.hi = _window(start, m.date_end or start, self.prec)
        self.pub = rec.published.toordinal() if rec.published else None
        self.lat = p.lat if p else None
        self.lon = p.lon if p else None
        self.cos = math.cos(math.radians(self.lat)) if self.lat is not None else 1.0
        self.gp = p.precision if p else 3
        self.precise = self.lat is not None and self.lon is not None and self.gp in (1, 2)
        self.area = _norm((p.admin1_code or p.admin1) if p else None)
        self.admin2 = _norm(p.admin2 if p else None)
        self.country = _norm(p.country if p else None)
        self.areas = _area_labels(self.area, self.admin2, self.country)
        self.name = _norm(m.location or (p.name if p else None))
        self.etype = m.event_type
        self.perp = _norm(m.perpetrator) if m.perpetrator != "unknown" else ""
        self.attr = m.perpetrator_attribution
        self.ttype = m.target_type
        self.target = _norm(m.target)
        self.kbest = _best_killed(m)
        self.klo = m.killed_low if m.killed_low is not None else self.kbest
        self.khi = m.killed_high if m.killed_high is not None else self.kbest


def assign_incidents(
    new: Sequence[MentionRecord],
    existing: Sequence[Incident] = (),
    overrides: Overrides = Overrides(),
    rules: MatchRules = MatchRules(),
) -> list[Incident]:
    """Join a batch of mentions to existing incidents; return all incidents sorted by id.

    Only incidents reachable from the new mentions (by a match, a shared incident or an
    override) are rebuilt; the rest come back unchanged. The result equals a batch run over all
    mentions, in any order. ``existing`` may be limited to incidents near the batch's dates:
    others cannot match. A new record whose id is already known replaces the old one.
    """
    fresh = _unique(new)
    records = {r.mention_id: r for inc in existing for r in inc.members}
    records.update(fresh)
    if existing:
        index = _Index((), rules, pending=records.values())
        seeds = set(fresh) | (overrides.mention_ids() & records.keys())
        scope, edges = _closure(seeds, records, index, existing, overrides)
    else:
        index = _Index(_keys(records.values()).values(), rules)
        scope, edges = set(records), index.all_edges()
    apart = _Apart(overrides)
    groups = _attach(_cluster(scope, index.by_id, edges, apart), index.by_id, edges, apart)
    built = [_combine([records[m] for m in sorted(g)]) for g in _apply_merges(groups, overrides)]
    kept = [inc for inc in existing if scope.isdisjoint(inc.mention_ids)]
    return sorted(kept + built, key=lambda inc: inc.incident_id)


def _unique(new: Iterable[MentionRecord]) -> dict[str, MentionRecord]:
    """Index records by id; the same id twice with different content is an error."""
    out: dict[str, MentionRecord] = {}
    for rec in new:
        if out.setdefault(rec.mention_id, rec) != rec:
            raise InputError(f"mention {rec.mention_id}: given twice with different content")
    return out


def _keys(records: Iterable[MentionRecord]) -> dict[str, _Key]:
    """Matching keys of every dated record (undated mentions never match automatically)."""
    return {
        r.mention_id: _Key(r, r.mention.date_start)
        for r in records
        if r.mention.date_start is not None
    }


class _Index:
    """Blocking index by day, filtered by compatible type on lookup: grid cells for located
    mentions (0.25 degree at precision 1, 0.5 at precision 2), admin1 and admin2 for all (the
    province-level ones look up both kinds, the precise ones the province-level ones).

    Records given as ``pending`` are only filed by week and indexed when a query reaches their
    days, so that an incremental batch touches little of a large store.
    """

    def __init__(
        self, keys: Iterable[_Key], rules: MatchRules, pending: Iterable[MentionRecord] = ()
    ) -> None:
        self.rules = rules
        self.by_id: dict[str, _Key] = {}
        self.grids: dict[int, defaultdict[tuple[int, int, int], list[_Key]]] = {
            1: defaultdict(list),
            2: defaultdict(list),
        }
        self.coarse: defaultdict[tuple[tuple[str, ...], int], list[_Key]] = defaultdict(list)
        self.precise_by_area: defaultdict[tuple[tuple[str, ...], int], list[_Key]] = (
            defaultdict(list)
        )
        self.pending: defaultdict[int, list[MentionRecord]] = defaultdict(list)
        for k in keys:
            self._add(k)
        for rec in pending:
            self._file(rec)

    def _file(self, rec: MentionRecord) -> None:
        """File a record under the weeks its padded date window covers."""
        m = rec.mention
        if m.date_start is None:
            return
        lo, hi = _window(m.date_start, m.date_end or m.date_start, m.date_precision or "day")
        pad = self.rules.day_tolerance
        for week in range((lo - pad) // 7, (hi + pad) // 7 + 1):
            self.pending[week].append(rec)

    def _load(self, lo: int, hi: int) -> None:
        """Index the pending records filed under the weeks of days ``lo`` to ``hi``."""
        for week in range(lo // 7, hi // 7 + 1):
            for rec in self.pending.pop(week, ()):
                if rec.mention_id not in self.by_id:
                    self._add(_Key(rec, rec.mention.date_start))  # type: ignore[arg-type]

    def key(self, rec: MentionRecord) -> _Key | None:
        """The key of a record (None when undated), indexing it if it is not yet."""
        if rec.mention.date_start is None:
            return None
        if rec.mention_id not in self.by_id:
            self._add(_Key(rec, rec.mention.date_start))
        return self.by_id[rec.mention_id]

    def _add(self, k: _Key) -> None:
        """Index ``k`` under every day a partner's own date may fall on."""
        self.by_id[k.id] = k
        pad = self.rules.day_tolerance if k.prec in ("day", "range") else 0
        if k.precise:
            size = _CELL_DEG[k.gp]
            cy, cx = _cell(k.lat, size), _cell(k.lon, size)  # type: ignore[arg-type]
        for day in range(k.lo - pad, k.hi + pad + 1):
            if k.precise:
                self.grids[k.gp][(cy, cx, day)].append(k)
            by_area = self.precise_by_area if k.precise else self.coarse
            for label in k.areas:
                by_area[(label, day)].append(k)

    def candidates(self, k: _Key) -> set[_Key]:
        """Keys of a compatible type sharing a block with ``k`` (``k`` itself excluded)."""
        if self.pending:
            self._load(k.lo, k.hi)
        buckets: list[list[_Key]] = []
        cells = self._cells(k) if k.precise else []
        for day in range(k.lo, k.hi + 1):
            buckets += [self.grids[gp].get((cy, cx, day), []) for gp, cy, cx in cells]
            for label in k.areas:
                buckets.append(self.coarse.get((label, day), []))
                if not k.precise:
                    buckets.append(self.precise_by_area.get((label, day), []))
        types = _COMPATIBLE.get(k.etype, frozenset({k.etype}))
        found = {other for bucket in buckets for other in bucket if other.etype in types}
        found.discard(k)
        return found

    def _cells(self, k: _Key) -> list[tuple[int, int, int]]:
        """Cells of both grids within the match radius of ``k`` (grid precision first)."""
        out = []
        for gp, size in _CELL_DEG.items():
            radius = self.rules.radius_km if gp == k.gp == 1 else self.rules.near_radius_km
            cell_km = size * _KM_PER_DEG
            dy = math.ceil(radius / cell_km)
            dx = math.ceil(radius / (cell_km * max(k.cos, 0.05)))
            cy, cx = _cell(k.lat, size), _cell(k.lon, size)  # type: ignore[arg-type]
            out += [
                (gp, y, x) for y in range(cy - dy, cy + dy + 1) for x in range(cx - dx, cx + dx + 1)
            ]
        return out

    def edges_of(self, k: _Key) -> Iterator[tuple[float, str, str]]:
        """Matching and soft pairs of ``k`` with every candidate, as (score, low id, high id)."""
        for other in self.candidates(k):
            a, b = (k, other) if k.id < other.id else (other, k)
            score = _pair_score(a, b, self.rules)
            if score is not None:
                yield (score, a.id, b.id)

    def all_edges(self) -> list[tuple[float, str, str]]:
        """Every matching or soft pair among the indexed keys, once each (from its lower id's side)."""
        return [edge for k in list(self.by_id.values()) for edge in self.edges_of(k) if edge[1] == k.id]


def _closure(
    seeds: set[str],
    records: dict[str, MentionRecord],
    index: _Index,
    existing: Sequence[Incident],
    overrides: Overrides,
) -> tuple[set[str], list[tuple[float, str, str]]]:
    """Mentions reachable from ``seeds`` by matches, shared incidents and overrides."""
    owner = {m: inc.mention_ids for inc in existing for m in inc.mention_ids}
    named: defaultdict[str, set[str]] = defaultdict(set)
    for group in (*overrides.split, *overrides.merge):
        for m in group:
            named[m].update(group)
    scope, todo, edges = set(seeds), sorted(seeds), set()
    while todo:
        mid = todo.pop()
        nearby = set(owner.get(mid, ())) | named.get(mid, set())
        key = index.key(records[mid])
        if key is not None:
            for edge in index.edges_of(key):
                edges.add(edge)
                nearby.update(edge[1:])
        for other in sorted(nearby - scope):
            scope.add(other)
            todo.append(other)
    return scope, list(edges)


class _Apart:
    """The ``split`` overrides as constraints: isolated mentions and pairs kept apart."""

    def __init__(self, overrides: Overrides) -> None:
        self.isolated = {next(iter(g)) for g in overrides.split if len(g) == 1}
        self.forbidden: defaultdict[str, set[str]] = defaultdict(set)
        for group in overrides.split:
            for m in group:
                self.forbidden[m].update(group - {m})

    def blocks(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether joining clusters ``a`` and ``b`` breaks a split override."""
        if not self.forbidden:
            return False
        a, b = set(a), set(b)
        if (a | b) & self.isolated:
            return True
        return any(self.forbidden.get(m, set()) & b for m in a)


def _cluster(
    scope: set[str],
    keys: dict[str, _Key],
    edges: list[tuple[float, str, str]],
    apart: _Apart,
) -> list[list[str]]:
    """Complete-linkage clustering of ``scope`` over ``edges`` (soft pairs ignored), best first."""
    edges = [e for e in edges if e[0] != _SOFT]
    edge_set = {(a, b) for _, a, b in edges}
    root = {m: m for m in scope}
    members = {m: [m] for m in scope}
    docs = {m: {keys[m].doc} if m in keys else set() for m in scope}
    for _, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ra, rb = root[a], root[b]
        if ra == rb or docs[ra] & docs[rb] or apart.blocks(members[ra], members[rb]):
            continue
        if not all((min(x, y), max(x, y)) in edge_set for x in members[ra] for y in members[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        for m in members[gone]:
            root[m] = keep
        members[keep].extend(members.pop(gone))
        docs[keep] |= docs.pop(gone)
    return list(members.values())


def _attach(
    groups: list[list[str]],
    keys: dict[str, _Key],
    edges: list[tuple[float, str, str]],
    apart: _Apart,
) -> list[list[str]]:
    """Join each cluster of province-level mentions to the one cluster with a precise mention
    that all its members softly match, when there is exactly one such cluster.

    Candidates are read from the clusters as complete linkage left them, and clusters join in
    the order of their smallest id, so the result does not depend on input order.
    """
    where = {m: i for i, g in enumerate(groups) for m in g}
    reach: defaultdict[str, set[int]] = defaultdict(set)
    for score, a, b in edges:
        if score == _SOFT:
            reach[a].add(where[b])
            reach[b].add(where[a])
    joined = [list(g) for g in groups]
    for i in sorted(range(len(groups)), key=lambda i: min(groups[i])):
        members = groups[i]
        if any(m not in keys or keys[m].precise for m in members):
            continue
        shared = set.intersection(*(reach[m] for m in members)) - {i}
        if len(shared) != 1 or len(set.union(*(reach[m] for m in members)) - {i}) != 1:
            continue
        j = shared.pop()
        docs = {keys[m].doc for m in joined[j] if m in keys}
        if docs & {keys[m].doc for m in members} or apart.blocks(members, joined[j]):
            continue
        joined[j] += members
        joined[i] = []
    return [g for g in joined if g]


def _apply_merges(groups: list[list[str]], overrides: Overrides) -> list[list[str]]:
    """Join the clusters each ``merge`` override names, unless a split keeps them apart."""
    apart = _Apart(overrides)
    where = {m: i for i, g in enumerate(groups) for m in g}
    for group in sorted(sorted(g) for g in overrides.merge):
        present = [m for m in group if m in where]
        for m in present[1:]:
            i, j = where[present[0]], where[m]
            if i == j:
                continue
            if apart.blocks(groups[i], groups[j]):
                logger.warning(
                    "merge of %s and %s not applied: a split keeps them apart", present[0], m
                )
                continue
            for moved in groups[j]:
                where[moved] = i
            groups[i] = groups[i] + groups[j]
            groups[j] = []
    return [g for g in groups if g]


def _pair_score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """The score of a matching pair, ``_SOFT`` for a soft pair, None for neither."""
    score = _score(a, b, r)
    if score is None and _soft(a, b, r):
        return _SOFT
    return score


def _soft(a: _Key, b: _Key, r: MatchRules) -> bool:
    """A province-level and a precise mention of one type, day and area that no gate rules out
    (one report names the town, the other only the province)."""
    if a.precise == b.precise or a.doc == b.doc or a.etype != b.etype:
        return False
    if not (a.prec == b.prec == "day" and a.lo == a.hi == b.lo == b.hi):
        return False
    return (
        _place_score(a, b, r) is not None
        and _actor_score(a, b) is not None
        and _killed_score(a, b) >= 0.5
    )


def _score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """Agreement of two mentions in [0, 1], or None when a gate rules a match out."""
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)
    if gap > 0 and (
        gap > r.day_tolerance or a.prec not in ("day", "range") or b.prec not in ("day", "range")
    ):
        return None
    type_s = _type_score(a.etype, b.etype)
    if a.doc == b.doc or type_s == 0.0:
        return None
    place_s = _place_score(a, b, r)
    if place_s is None:
        return None
    actor_s = _actor_score(a, b)
    if actor_s is None:
        return None
    killed_s = _killed_score(a, b)
    # Dates a day apart need figures that overlap, or one missing (0.5): a toll that is only
    # close (1 vs 2, 0.7) is as likely the next day's other attack.
    figures_differ = killed_s != 0.5 and killed_s < 0.9
    if gap > 0 and (figures_differ or _same_day_reports(a, b)):
        return None
    if frozenset((a.etype, b.etype)) in _SUPPORTED_TYPES and min(killed_s, place_s) < _SUPPORT:
        return None
    w = r.weights
    total = (
        w[0] * type_s
        + w[1] * _date_score(a, b, gap)
        + w[2] * place_s
        + w[3] * actor_s
        + w[4] * _target_score(a, b)
        + w[5] * killed_s
    )
    return round(total, 6) if total >= r.threshold else None


def _type_score(a: str, b: str) -> float:
    """1 for the same type, 0.6 for close or supported types, 0 for incompatible ones."""
    if a == b:
        return 1.0
    pair = frozenset((a, b))
    return 0.6 if pair in _CLOSE_TYPES or pair in _SUPPORTED_TYPES else 0.0


def _date_score(a: _Key, b: _Key, gap: int) -> float:
    """How closely two date windows agree."""
    if gap > 0:
        return 0.6
    if a.prec == b.prec == "day":
        return 1.0 if a.start == b.start else 0.6
    if a.prec in ("day", "range") and b.prec in ("day", "range"):
        return 0.8
    return 0.4


def _place_score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """How closely two places agree, or None when they cannot be the same place."""
    if a.precise and b.precise:
        km = _distance_km(a, b)
        limit = r.radius_km if a.gp == b.gp == 1 else r.near_radius_km
        same_name = bool(a.name) and a.name == b.name
        distinct = a.gp == b.gp == 1 and not same_name and km > r.distinct_place_km
        if km > limit or distinct:
            return None
        return 1.0 if same_name else 1.0 - 0.5 * km / limit
    if a.area and b.area:
        if a.area != b.area:
            return None
        if a.admin2 and b.admin2:
            return 0.7 if a.admin2 == b.admin2 else None
        return 0.4
    # A place the geocoder left without admin1 (a region across two provinces) still has its
    # admin2: the same admin2 in the same country is the same district.
    same_admin2 = bool(a.admin2) and a.admin2 == b.admin2 and a.country == b.country
    return 0.7 if same_admin2 else None


def _actor_score(a: _Key, b: _Key) -> float | None:
    """Perpetrator agreement; two different actors both stated or claimed cannot match, except
    in a joint operation or a clash (``_JOINT_TYPES``), where each report may name another side."""
    if not a.perp or not b.perp:
        return 0.5 if a.perp == b.perp else 0.6
    if a.perp == b.perp:
        return 1.0
    if a.etype in _JOINT_TYPES and b.etype in _JOINT_TYPES:
        return 0.5
    strong = ("stated", "claimed")
    return None if a.attr in strong and b.attr in strong else 0.2


def _target_score(a: _Key, b: _Key) -> float:
    """Target agreement: by type, lowered when both name different targets."""
    if "unknown" in (a.ttype, b.ttype):
        return 0.5
    if a.ttype != b.ttype:
        return 0.2
    return 0.8 if a.target and b.target and a.target != b.target else 1.0


def _killed_score(a: _Key, b: _Key) -> float:
    """Casualty agreement: 0.5 when a figure is missing, low when figures contradict; a toll
    that rose from the earlier report to the later one is a near agreement (0.7)."""
    a_lo, a_hi, b_lo, b_hi = a.klo, a.khi, b.klo, b.khi
    if a.kbest is None or b.kbest is None:
        return 0.5
    # The bounds fall back to the best figure, so they are known whenever it is.
    if a_lo is None or a_hi is None or b_lo is None or b_hi is None:
        return 0.5
    if max(a_lo, b_lo) <= min(a_hi, b_hi):
        return 1.0 if a.kbest == b.kbest else 0.9
    small, big = sorted((a.kbest, b.kbest))
    return 0.7 if big - small <= 1 or small >= 0.6 * big or _toll_rose(a, b) else 0.1


def _toll_rose(a: _Key, b: _Key) -> bool:
    """The report published later gives the higher killed figure (tolls rise as the dead are
    counted; they rarely fall)."""
    if a.pub is None or b.pub is None or a.pub == b.pub:
        return False
    early, late = (a, b) if a.pub < b.pub else (b, a)
    return late.kbest > early.kbest  # type: ignore[operator]


def _same_day_reports(a: _Key, b: _Key) -> bool:
    """Both reports date their event on their own, different, publication days."""
    return (
        a.pub is not None
        and b.pub is not None
        and a.pub != b.pub
        and (a.start == a.pub and b.start == b.pub)
    )


def _distance_km(a: _Key, b: _Key) -> float:
    """Great-circle distance between two located keys."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _window(start: dt.date, end: dt.date, precision: str) -> tuple[int, int]:
    """Ordinal days a date covers: a month or year date covers its whole month or year."""
    end = max(start, end)
    if precision == "month":
        nxt = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return start.replace(day=1).toordinal(), nxt.toordinal() - 1
    if precision == "year":
        return dt.date(start.year, 1, 1).toordinal(), dt.date(end.year, 12, 31).toordinal()
    return start.toordinal(), end.toordinal()


def _area_labels(admin1: str, admin2: str, country: str) -> tuple[tuple[str, ...], ...]:
    """Blocking labels of a place's areas: its admin1, and its admin2 within its country (so a
    place without admin1 still meets the places of its district)."""
    labels: list[tuple[str, ...]] = []
    if admin1:
        labels.append(("admin1", admin1))
    if admin2:
        labels.append(("admin2", country, admin2))
    return tuple(labels)


def _cell(deg: float, size: float) -> int:
    """Grid cell index of a coordinate."""
    return math.floor(deg / size)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ARTICLE = re.compile(r"^(al|el|the)(?=[a-z])")


def _norm(name: str | None) -> str:
    """Lowercase letters and digits only, without a leading article ("al-Hol" = "Hol")."""
    if not name:
        return ""
    return _ARTICLE.sub("", _NON_ALNUM.sub("", name.lower()))


def _best_killed(m: Mention) -> int | None:
    """A mention's best killed figure, falling back to its bounds."""
    for value in (m.killed, m.killed_low, m.killed_high):
        if value is not None:
            return value
    return None


def _combine(records: list[MentionRecord]) -> Incident:
    """Build an incident from its records (sorted by mention id)."""
    mentions = [r.mention for r in records]
    bests = [b for b in map(_best_killed, mentions) if b is not None]
    lows = [m.killed_low if m.killed_low is not None else _best_killed(m) for m in mentions]
    highs = [m.killed_high if m.killed_high is not None else _best_killed(m) for m in mentions]
    killed = statistics.median_high(bests) if bests else None
    low = min((v for v in lows if v is not None), default=None)
    high = max((v for v in highs if v is not None), default=None)
    dated, placed = _pick_date(mentions), _pick_place(mentions)
    perpetrator, attribution = _pick_perpetrator(mentions)
    target_type, target = _pick_target(mentions)
    summary = Mention(
        event_type=_most_common(m.event_type for m in mentions) or mentions[0].event_type,
        date_start=dated.date_start,
        date_end=dated.date_end,
        date_precision=dated.date_precision,
        perpetrator=perpetrator,
        perpetrator_attribution=attribution,
        target=target,
        target_type=target_type,
        location=placed.location,
        place=placed.place,
        killed=killed,
        killed_low=low,
        killed_high=high,
        wounded=_median_high(m.wounded for m in mentions),
        kidnapped=_median_high(m.kidnapped for m in mentions),
    )
    ids = tuple(r.mention_id for r in records)
    return Incident(
        incident_id="inc_" + hashlib.sha1(min(ids).encode()).hexdigest()[:16],
        mention_ids=ids,
        doc_ids=tuple(sorted({r.doc_id for r in records})),
        sources=tuple(sorted({r.source for r in records if r.source})),
        summary=summary,
        killed_low=low,
        killed_best=killed,
        killed_high=high,
        members=tuple(records),
    )


def _pick_date(mentions: list[Mention]) -> Mention:
    """The mention with the most precise, narrowest, most often given date."""
    dated = [m for m in mentions if m.date_start is not None] or mentions
    votes = Counter((m.date_start, m.date_end) for m in dated)

    def rank(m: Mention) -> tuple[int, int, int, int]:
        start = m.date_start or dt.date.min
        width = ((m.date_end or start) - start).days
        precision = _DATE_RANK.get(m.date_precision or "", 4)
        return (precision, width, -votes[(m.date_start, m.date_end)], start.toordinal())

    return min(dated, key=rank)


def _pick_place(mentions: list[Mention]) -> Mention:
    """The mention with the most precise, most often given place."""
    votes = Counter(m.place.name for m in mentions if m.place)

    def rank(m: Mention) -> tuple[int, int, int, int, str]:
        p = m.place or Place(name="", precision=9)
        return (p.precision, p.lat is None, p.admin2 is None, -votes[p.name], p.name)

    return min(mentions, key=rank)


def _pick_perpetrator(mentions: list[Mention]) -> tuple[str, str]:
    """A named actor over unknown, then the strongest attribution, then the most named."""
    votes = Counter(m.perpetrator for m in mentions)

    def rank(m: Mention) -> tuple[bool, int, int, str]:
        strength = _ATTRIBUTION_RANK.get(m.perpetrator_attribution, 3)
        return (m.perpetrator == "unknown", strength, -votes[m.perpetrator], m.perpetrator)

    best = min(mentions, key=rank)
    return best.perpetrator, best.perpetrator_attribution


def _pick_target(mentions: list[Mention]) -> tuple[str, str | None]:
    """The most given known target type, and the most given target of that type."""
    target_type = _most_common(m.target_type for m in mentions if m.target_type != "unknown")
    if target_type is None:
        return "unknown", _most_common(m.target for m in mentions if m.target)
    return target_type, _most_common(
        m.target for m in mentions if m.target and m.target_type == target_type
    )


def _most_common(values: Iterable[str]) -> str | None:
    """The most frequent value (ties: alphabetically first), or None."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _median_high(values: Iterable[int | None]) -> int | None:
    """Upper median of the known values, or None."""
    known = [v for v in values if v is not None]
    return statistics.median_high(known) if known else None
