"""Merge mentions of the same real event from different documents into incidents.

The jobs, one module each: ``records`` (the data read and returned), ``keys`` (the fields
matching reads), ``blocking`` (which pairs are compared), ``scoring`` (gates and agreement of a
pair), ``linkage`` (clusters from scored pairs), ``overrides`` (analyst split and merge
decisions), ``combine`` (an incident's fields) and ``stream`` (a whole batch merged in one
sweep over the days, holding only the days still open). Store I/O around them is in
``conflictlens.store.incident_store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from conflictlens.errors import InputError
from conflictlens.incidents.blocking import _closure, _Index
from conflictlens.incidents.combine import _combine
from conflictlens.incidents.linkage import _attach, _cluster
from conflictlens.incidents.overrides import _Apart, _apply_merges
from conflictlens.incidents.records import Incident, MatchRules, MentionRecord, Overrides
from conflictlens.incidents.stream import merge_day, merge_stream

__all__ = [
    "Incident",
    "MatchRules",
    "MentionRecord",
    "Overrides",
    "assign_incidents",
    "merge_day",
    "merge_stream",
]

_NO_OVERRIDES = Overrides()
_DEFAULT_RULES = MatchRules()


def assign_incidents(
    new: Sequence[MentionRecord],
    existing: Sequence[Incident] = (),
    overrides: Overrides = _NO_OVERRIDES,
    rules: MatchRules = _DEFAULT_RULES,
) -> list[Incident]:
    """Join a batch of mentions to existing incidents; return all incidents sorted by id.

    Only incidents reachable from the new mentions (by a match, a shared incident or an
    override) are rebuilt; the rest come back unchanged. The result equals a batch run over all
    mentions, in any order. ``existing`` may be limited to incidents near the batch's dates:
    others cannot match. A new record whose id is already known replaces the old one.
    """
    fresh = _unique(new)
    if not existing:
        ordered = sorted(fresh.values(), key=merge_day)
        return sorted(merge_stream(ordered, overrides, rules), key=lambda inc: inc.incident_id)
    records = {r.mention_id: r for inc in existing for r in inc.members}
    records.update(fresh)
    index = _Index((), rules, pending=records.values())
    seeds = set(fresh) | (overrides.mention_ids() & records.keys())
    scope, edges = _closure(seeds, records, index, existing, overrides)
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

