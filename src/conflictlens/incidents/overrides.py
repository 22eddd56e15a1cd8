"""Analyst overrides applied over automatic matching: ``split`` groups are kept apart (a group
of one stands alone) and ``merge`` groups are joined; where they disagree, split wins."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from conflictlens.incidents.records import Overrides

logger = logging.getLogger(__name__)


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
