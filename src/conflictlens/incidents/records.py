"""The records incident merging reads and returns: mentions with their document, analyst
overrides, matching thresholds and the incidents built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from conflictlens.model import Mention


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
