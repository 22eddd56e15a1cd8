"""Clustering of scored pairs into incidents: complete linkage, then province-level attachment.

Edges by descending score (ties by mention ids) join clusters only when every cross pair is an
edge and no document appears twice (complete linkage, so "day 1 ~ day 2 ~ day 3" cannot chain),
which makes the result a function of the set of mentions, whatever their order. Then a cluster
of province-level mentions only joins a cluster holding a precise mention when that cluster is
the only one any of its members softly matches (same type, the same single day, the same admin1
with no admin2 conflict, no actor gate, killed figures not contradicting) and the two share no
document: one report names the town, the other only the province.
"""

from __future__ import annotations

from collections import defaultdict

from conflictlens.incidents.keys import _Key
from conflictlens.incidents.overrides import _Apart
from conflictlens.incidents.scoring import _SOFT


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
