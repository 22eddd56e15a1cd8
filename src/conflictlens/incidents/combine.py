"""An incident's combined fields, built from its mentions.

The most precise date and place (ties: the one most mentions give); the named perpetrator over
``unknown``, then the strongest attribution (stated > claimed > suspected > unknown), then the
most frequent name. Killed ``best`` is the upper median of the sources' best figures: a figure
some source actually reported, robust to one outlier source, and independent of ingest order (a
"most recent report" rule would depend on publication dates that are often missing); the upper
one of two middle figures because early tolls tend to rise. ``killed_low``/``killed_high`` are
the lowest low and highest high any source gave.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import Counter
from collections.abc import Iterable

from conflictlens.incidents.keys import _best_killed
from conflictlens.incidents.records import Incident, MentionRecord
from conflictlens.model import Mention, Place

_ATTRIBUTION_RANK = {"stated": 0, "claimed": 1, "suspected": 2, "unknown": 3}


_DATE_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}


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
