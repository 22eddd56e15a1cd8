"""Blocking: which mentions are compared at all (never all pairs), and the closure of a batch.

A mention is indexed under each day of its date window, and a grid cell (0.25 degree at geo
precision 1, 0.5 at precision 2) when it has coordinates, or its admin1 and its admin2 when it
only has a province or district (precision 3, or no coordinates). A mention is compared only
with those of a compatible type sharing a day and a cell within the match radius, or a day and
an admin1 or admin2.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from conflictlens.incidents.keys import _Key, _window
from conflictlens.incidents.records import Incident, MatchRules, MentionRecord, Overrides
from conflictlens.incidents.scoring import _COMPATIBLE, _pair_score

# Grid cell size in degrees by geo precision: at least the match radius at precision 1 (25 km)
# and 2 (50 km), so that neighbouring cells cover it.
_CELL_DEG = {1: 0.25, 2: 0.5}


_KM_PER_DEG = 111.2


# How many places' neighbouring cells the index keeps (places repeat: towns, gazetteer points).
_NEAR_CACHE = 50_000


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
        self.days: dict[int, _Day] = {}
        self.near: dict[tuple[int, float, float], list[tuple[int, int, int]]] = {}
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
            cell = (_cell(k.lat, size), _cell(k.lon, size))  # type: ignore[arg-type]
        for day in range(k.lo - pad, k.hi + pad + 1):
            block = self.days.get(day)
            if block is None:
                block = self.days[day] = _Day()
            if k.precise:
                block.grids[k.gp][cell].append(k)
            by_area = block.precise_by_area if k.precise else block.coarse
            for label in k.areas:
                by_area[label].append(k)

    def forget_before(self, day: int) -> None:
        """Drop the blocks of the days before ``day`` and the keys filed only there."""
        for old in [d for d in self.days if d < day]:
            del self.days[old]
        pad = self.rules.day_tolerance
        for kid in [kid for kid, k in self.by_id.items() if k.hi + pad < day]:
            del self.by_id[kid]

    def candidates(self, k: _Key, higher_only: bool = False) -> set[_Key]:
        """Keys of a compatible type sharing a block with ``k`` (``k`` itself excluded; only
        those with a higher id when ``higher_only``)."""
        if self.pending:
            self._load(k.lo, k.hi)
        buckets: list[list[_Key]] = []
        cells = self._cells(k) if k.precise else []
        for day in range(k.lo, k.hi + 1):
            block = self.days.get(day)
            if block is None:
                continue
            for gp, cy, cx in cells:
                found_cell = block.grids[gp].get((cy, cx))
                if found_cell:
                    buckets.append(found_cell)
            for label in k.areas:
                buckets.append(block.coarse.get(label, []))
                if not k.precise:
                    buckets.append(block.precise_by_area.get(label, []))
        types = _COMPATIBLE.get(k.etype, frozenset({k.etype}))
        if higher_only:
            kid = k.id
            return {o for bucket in buckets for o in bucket if o.etype in types and o.id > kid}
        found = {other for bucket in buckets for other in bucket if other.etype in types}
        found.discard(k)
        return found

    def _cells(self, k: _Key) -> list[tuple[int, int, int]]:
        """Cells of both grids within the match radius of ``k`` (grid precision first), kept
        per place (at most ``_NEAR_CACHE`` places)."""
        place = (k.gp, k.lat, k.lon)
        found = self.near.get(place)  # type: ignore[arg-type]
        if found is not None:
            return found
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
        if len(self.near) >= _NEAR_CACHE:
            self.near.clear()
        self.near[place] = out  # type: ignore[index]
        return out

    def edges_of(self, k: _Key, higher_only: bool = False) -> Iterator[tuple[float, str, str]]:
        """Matching and soft pairs of ``k`` with every candidate (only those with a higher id when
        ``higher_only``), as (score, low id, high id)."""
        for other in self.candidates(k, higher_only):
            a, b = (k, other) if k.id < other.id else (other, k)
            score = _pair_score(a, b, self.rules)
            if score is not None:
                yield (score, a.id, b.id)

    def all_edges(self) -> list[tuple[float, str, str]]:
        """Every matching or soft pair among the indexed keys, once each (from its lower id's side)."""
        return [edge for k in list(self.by_id.values()) for edge in self.edges_of(k, True)]


class _Day:
    """One day's blocks: grid cells by geo precision, and areas of province-level and of precise
    mentions."""

    __slots__ = ("coarse", "grids", "precise_by_area")

    def __init__(self) -> None:
        self.grids: dict[int, defaultdict[tuple[int, int], list[_Key]]] = {
            1: defaultdict(list),
            2: defaultdict(list),
        }
        self.coarse: defaultdict[tuple[str, ...], list[_Key]] = defaultdict(list)
        self.precise_by_area: defaultdict[tuple[str, ...], list[_Key]] = defaultdict(list)


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


def _cell(deg: float, size: float) -> int:
    """Grid cell index of a coordinate."""
    return math.floor(deg / size)
