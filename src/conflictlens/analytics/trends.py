"""Count incidents and fatalities per day, week or month, split by place, actor or type.

Weeks start on Monday (ISO 8601). An incident falls in the period holding its summary's
``date_start``. Incidents dated less precisely than the period (a month-dated incident in a
weekly series, any year-dated one) are left out: putting them in one period would invent a
spike. Fatalities are the sum of the incidents' best killed figure (missing counts as 0). Every
series of one call shares the same zero-filled run of periods.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from conflictlens.errors import InputError
from conflictlens.incidents import Incident

__all__ = [
    "IncidentFilter",
    "Point",
    "Series",
    "count_series",
    "period_end",
    "period_start",
    "periods",
    "sparkline",
]

FREQS = ("day", "week", "month")
# Date precisions each frequency can place in a single period.
_PLACEABLE = {
    "day": ("day", "range"),
    "week": ("day", "range"),
    "month": ("day", "range", "month"),
}
_BLOCKS = "▁▂▃▄▅▆▇█"


class Point(NamedTuple):
    """One period of a series: its first day, incident count and fatalities."""

    period_start: dt.date
    incidents: int
    fatalities: int


@dataclass(frozen=True)
class Series:
    """Counts for one key (e.g. one admin1) over consecutive periods, zeros included."""

    key: str
    by: str | None
    freq: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents to count; an empty set means no restriction on that field."""

    start: dt.date | None = None
    end: dt.date | None = None
    countries: frozenset[str] = frozenset()
    admin1_codes: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    event_types: frozenset[str] = frozenset()
    target_types: frozenset[str] = frozenset()

    def accepts(self, incident: Incident) -> bool:
        """Whether ``incident`` passes every restriction (dates inclusive)."""
        s, place = incident.summary, incident.summary.place
        day = s.date_start
        checks = (
            (self.countries, place.country if place else None),
            (self.admin1_codes, place.admin1_code if place else None),
            (self.actors, s.perpetrator),
            (self.event_types, s.event_type),
            (self.target_types, s.target_type),
        )
        if day is None or (self.start and day < self.start) or (self.end and day > self.end):
            return False
        return all(not wanted or value in wanted for wanted, value in checks)


def _place_attr(attr: str) -> Callable[[Incident], str | None]:
    """Key function reading one field of the summary's place."""
    return lambda inc: getattr(inc.summary.place, attr) if inc.summary.place else None


_KEYS: dict[str, Callable[[Incident], str | None]] = {
    "country": _place_attr("country"),
    "admin1": lambda inc: (
        (inc.summary.place.admin1_code or inc.summary.place.admin1) if inc.summary.place else None
    ),
    "admin2": _place_attr("admin2"),
    "actor": lambda inc: inc.summary.perpetrator,
    "target_type": lambda inc: inc.summary.target_type,
    "event_type": lambda inc: inc.summary.event_type,
}


def count_series(
    incidents: Iterable[Incident],
    freq: str = "week",
    by: str | None = None,
    where: IncidentFilter = IncidentFilter(),
) -> list[Series]:
    """Zero-filled counts per period for each value of ``by`` (one series "all" if None).

    ``by`` is one of country, admin1 (its ISO code when known), admin2, actor, target_type,
    event_type; a missing value is keyed "unknown". Series come sorted by key; the periods run
    from ``where.start`` (or the earliest counted incident) to ``where.end`` (or the latest).
    """
    if freq not in FREQS:
        raise InputError(f"freq {freq!r}: expected one of {', '.join(FREQS)}")
    if by is not None and by not in _KEYS:
        raise InputError(f"by {by!r}: expected one of {', '.join(_KEYS)} or none")
    key_of = _KEYS[by] if by else (lambda inc: "all")
    cells: defaultdict[str, defaultdict[dt.date, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    for inc in incidents:
        s = inc.summary
        if s.date_start is None or s.date_precision not in _PLACEABLE[freq]:
            continue
        if not where.accepts(inc):
            continue
        cell = cells[key_of(inc) or "unknown"][period_start(s.date_start, freq)]
        cell[0] += 1
        cell[1] += inc.killed_best or 0
    axis = _axis(cells, freq, where)
    return [
        Series(key, by, freq, tuple(Point(p, *cells[key].get(p, (0, 0))) for p in axis))
        for key in sorted(cells)
    ]


def _axis(
    cells: dict[str, defaultdict[dt.date, list[int]]], freq: str, where: IncidentFilter
) -> list[dt.date]:
    """The shared run of period starts."""
    seen = [p for by_period in cells.values() for p in by_period]
    first = period_start(where.start, freq) if where.start else min(seen, default=None)
    last = period_start(where.end, freq) if where.end else max(seen, default=None)
    if first is None or last is None:
        return []
    return list(periods(first, last, freq))


def period_start(day: dt.date, freq: str) -> dt.date:
    """First day of the day, ISO week (Monday) or month holding ``day``."""
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    return day


def period_end(start: dt.date, freq: str) -> dt.date:
    """Last day (inclusive) of the period starting at ``start``."""
    return _next_period(start, freq) - dt.timedelta(days=1)


def periods(first: dt.date, last: dt.date, freq: str) -> Sequence[dt.date]:
    """Period starts from ``first`` to ``last`` inclusive (both already period starts)."""
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = _next_period(current, freq)
    return out


def _next_period(start: dt.date, freq: str) -> dt.date:
    """Start of the period after the one starting at ``start``."""
    if freq == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + dt.timedelta(days=7 if freq == "week" else 1)


def sparkline(values: Sequence[float]) -> str:
    """Unicode block sparkline scaled from 0 to the maximum (all zeros: lowest blocks)."""
    top = max(values, default=0)
    if top <= 0:
        return _BLOCKS[0] * len(values)
    last = len(_BLOCKS) - 1
    return "".join(_BLOCKS[round(max(v, 0) / top * last)] for v in values)
