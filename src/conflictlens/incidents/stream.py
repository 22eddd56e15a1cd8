"""Streaming merge: incidents from mentions given in date order, holding only the open days.

Two mentions can only be compared when their date windows come within ``day_tolerance`` days of
each other (see ``blocking``), so a sweep over the days settles everything: once the sweep has
passed a mention's last day plus the tolerance, all its partners are known; once it has passed
every member of a group of connected mentions (matching and soft pairs), no later mention can
reach the group, which is clustered, built and handed out, and its blocks are forgotten. Memory
holds the days still open, not the store. Groups holding a mention an override names wait to
the end of the stream (an override may join mentions of any dates).

The result is the same as clustering all mentions at once: clustering, attachment and overrides
only ever act inside such a connected group.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Iterator

from conflictlens.errors import InputError
from conflictlens.incidents.blocking import _Index
from conflictlens.incidents.combine import _combine
from conflictlens.incidents.keys import _Key, _window
from conflictlens.incidents.linkage import _attach, _cluster
from conflictlens.incidents.overrides import _Apart, _apply_merges
from conflictlens.incidents.records import Incident, MatchRules, MentionRecord, Overrides

_NO_OVERRIDES = Overrides()
_DEFAULT_RULES = MatchRules()


def merge_day(rec: MentionRecord) -> int:
    """The order ``merge_stream`` reads dated records in: the first day of the date window (of
    its whole month or year for a coarse date) as an ordinal; undated records may come anywhere
    and count as day 0."""
    m = rec.mention
    if m.date_start is None:
        return 0
    return _window(m.date_start, m.date_end or m.date_start, m.date_precision or "day")[0]


def merge_stream(
    records: Iterable[MentionRecord],
    overrides: Overrides = _NO_OVERRIDES,
    rules: MatchRules = _DEFAULT_RULES,
) -> Iterator[Incident]:
    """Merge ``records`` given in ``merge_day`` order into incidents, yielding each incident as
    soon as no later record can reach it.

    Raises InputError for a record out of order, or an id given twice with different content
    while the first is still open.
    """
    sweep = _Sweep(overrides, rules)
    for rec in records:
        yield from sweep.add(rec)
    yield from sweep.finish()


class _Sweep:
    """The state of one streaming merge: the open records, their keys and connected groups."""

    def __init__(self, overrides: Overrides, rules: MatchRules) -> None:
        self.overrides, self.rules = overrides, rules
        self.apart = _Apart(overrides)
        self.named = overrides.mention_ids()
        self.index = _Index((), rules)
        self.pad = rules.day_tolerance
        self.day = 0  # the merge day of the last record read
        self.records: dict[str, MentionRecord] = {}
        self.keys: dict[str, _Key] = {}
        self.unscored: list[tuple[int, str]] = []  # (last day + pad, id) of keys to score
        self.open_lo: deque[tuple[int, str]] = deque()  # (first day, id) of keys, in read order
        self.scored: set[str] = set()
        self.root: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.edges: dict[str, list[tuple[float, str, str]]] = {}
        self.reach: dict[str, int] = {}  # root -> last day + pad of its members
        self.closing: list[tuple[int, str]] = []  # (reach, root), stale entries skipped
        self.held: set[str] = set()  # roots of groups that wait for the end (overrides)

    def add(self, rec: MentionRecord) -> Iterator[Incident]:
        """Read one record; yield the incidents it proves closed."""
        seen = self.records.get(rec.mention_id)
        if seen is not None:
            if seen != rec:
                raise InputError(f"mention {rec.mention_id}: given twice with different content")
            return
        if rec.mention.date_start is None:
            self.records[rec.mention_id] = rec
            self._open(rec.mention_id)
            if rec.mention_id not in self.named:
                yield from self._close(rec.mention_id)
            return
        day = merge_day(rec)
        if day < self.day:
            raise InputError(f"mention {rec.mention_id}: out of date order for a streaming merge")
        if day > self.day:
            self.day = day
            yield from self._advance(day)
        self.records[rec.mention_id] = rec
        self._open(rec.mention_id)
        k = _Key(rec, rec.mention.date_start)
        self.keys[k.id] = k
        self.index._add(k)
        heapq.heappush(self.unscored, (k.hi + self.pad, k.id))
        self.open_lo.append((k.lo, k.id))
        self._set_reach(k.id, k.hi + self.pad)

    def finish(self) -> Iterator[Incident]:
        """Score what is left and yield every remaining incident."""
        while self.unscored:
            self._score(heapq.heappop(self.unscored)[1])
        roots = sorted({self._find(m) for m in self.records})
        yield from self._build([m for r in roots for m in self.members[r]], roots)

    def _advance(self, day: int) -> Iterator[Incident]:
        """Score the keys whose partners are all read, then close the groups no record from
        ``day`` on can reach."""
        while self.unscored and self.unscored[0][0] < day:
            self._score(heapq.heappop(self.unscored)[1])
        while self.open_lo and self.open_lo[0][1] in self.scored:
            self.scored.discard(self.open_lo.popleft()[1])
        low = min(day, self.open_lo[0][0]) if self.open_lo else day
        while self.closing and self.closing[0][0] < low:
            reach, root = heapq.heappop(self.closing)
            if self.root.get(root) == root and self.reach[root] == reach and root not in self.held:
                yield from self._close(root)
        self.index.forget_before(low)

    def _score(self, mid: str) -> None:
        """Find the pairs of ``mid`` with every partner of a higher id and join their groups."""
        self.scored.add(mid)
        for edge in self.index.edges_of(self.keys[mid], higher_only=True):
            a, b = self._find(edge[1]), self._find(edge[2])
            if a != b:
                a = self._union(a, b)
            self.edges[a].append(edge)

    def _open(self, mid: str) -> None:
        """Start a group of one; a mention an override names holds its group to the end."""
        self.root[mid] = mid
        self.members[mid] = [mid]
        self.edges[mid] = []
        self.reach[mid] = -1
        if mid in self.named:
            self.held.add(mid)

    def _find(self, mid: str) -> str:
        """The root of the group of ``mid`` (paths halved on the way)."""
        root = self.root
        while root[mid] != mid:
            root[mid] = root[root[mid]]
            mid = root[mid]
        return mid

    def _union(self, a: str, b: str) -> str:
        """Join the groups of roots ``a`` and ``b`` (the larger absorbs); return the new root."""
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.root[b] = a
        self.members[a] += self.members.pop(b)
        self.edges[a] += self.edges.pop(b)
        if b in self.held:
            self.held.discard(b)
            self.held.add(a)
        self._set_reach(a, self.reach.pop(b))
        return a

    def _set_reach(self, root: str, reach: int) -> None:
        """Raise the last day a group may still be reached on, and queue it for closing."""
        if reach > self.reach[root]:
            self.reach[root] = reach
            heapq.heappush(self.closing, (reach, root))

    def _close(self, root: str) -> Iterator[Incident]:
        """Build the incidents of one closed group and forget its records."""
        yield from self._build(self.members[root], [root])

    def _build(self, scope_ids: list[str], roots: list[str]) -> Iterator[Incident]:
        """Cluster, attach and apply overrides over the groups of ``roots`` (all of
        ``scope_ids``), yield their incidents, and forget them."""
        edges = [e for r in roots for e in self.edges[r]]
        keys = {m: self.keys[m] for m in scope_ids if m in self.keys}
        scope = set(scope_ids)
        groups = _attach(_cluster(scope, keys, edges, self.apart), keys, edges, self.apart)
        built = [
            _combine([self.records[m] for m in sorted(g)])
            for g in _apply_merges(groups, self.overrides)
        ]
        for r in roots:
            del self.members[r], self.edges[r], self.reach[r]
            self.held.discard(r)
        for m in scope_ids:
            del self.root[m], self.records[m]
            self.keys.pop(m, None)
        yield from sorted(built, key=lambda inc: inc.incident_id)

