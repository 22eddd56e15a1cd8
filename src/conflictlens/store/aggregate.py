"""Trend counts computed in SQL: incidents and fatalities per day, week or month, grouped by one field.

The events table stores each incident's ISO week (its Monday) and month (its first day), indexed,
so a trend query is one GROUP BY over the filtered events. The counting rules are those of
`analytics.trends`: an incident counts in the period holding its date_start, incidents dated less
precisely than the period are left out, fatalities sum the best killed figure (missing = 0), and
every series shares one zero-filled run of periods.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, and_, func, or_, select, true, type_coerce

from ..analytics.trends import FREQS, Point, Series, period_end, period_start, periods
from ..errors import InputError
from . import schema as t
from .db import Store
from .queries import EventFilter, _filtered

__all__ = ["BY_FIELDS", "cell_event_ids", "series_rows", "trend_series"]

_C = t.events.c
# The columns each grouping field reads, in the order of its covering index (migration 0002).
_GROUP_COLUMNS: dict[str, tuple[Any, ...]] = {
    "country": (_C.country,),
    "admin1": (_C.admin1_code, _C.admin1),
    "admin2": (_C.admin2,),
    "actor": (_C.perpetrator,),
    "target_type": (_C.target_type,),
    "event_type": (_C.event_type,),
}
BY_FIELDS = tuple(_GROUP_COLUMNS)
# Period columns grouped on, in index order: a month is read from (week, month) and a day from
# (week, month, date_start), so the GROUP BY follows the index and streams; Python sums the rest.
_PERIOD_COLUMNS = {"week": (_C.week,), "month": (_C.week, _C.month), "day": (_C.week, _C.month, _C.date_start)}
_PLACEABLE = {"day": ("day", "range"), "week": ("day", "range"), "month": ("day", "range", "month")}
UNKNOWN = "unknown"
EVERYTHING = EventFilter()


def _check(freq: str, by: str | None) -> None:
    """Raise InputError for an unknown frequency or grouping field."""
    if freq not in FREQS:
        raise InputError(f"--freq {freq!r}: expected one of {', '.join(FREQS)}")
    if by is not None and by not in BY_FIELDS:
        raise InputError(f"--by {by!r}: expected one of {', '.join(BY_FIELDS)}")


def _key_of(row: Any, width: int) -> str:
    """The series key of a grouped row: the first non-empty grouping column (admin1 code, then name)."""
    return next((str(v) for v in row[:width] if v), UNKNOWN)


def trend_series(store: Store, f: EventFilter = EVERYTHING, freq: str = "week",
                 by: str | None = None) -> list[Series]:
    """Zero-filled series per value of ``by`` (one series "all" if None), sorted by key; one GROUP BY."""
    _check(freq, by)
    keys = _GROUP_COLUMNS[by] if by else ()
    groups = (*keys, *_PERIOD_COLUMNS[freq])
    # Period columns come back as ISO text (no per-row date conversion) and each day is converted once:
    # a daily series per district at 1M events is some 370k grouped rows.
    periods_out = [type_coerce(c, String) for c in _PERIOD_COLUMNS[freq]]
    query = (
        _filtered(select(*keys, *periods_out, func.count(), func.sum(func.coalesce(_C.killed, 0))), f)
        .where(_C.date_precision.in_(_PLACEABLE[freq]))
        .group_by(*groups)
    )
    cells: defaultdict[str, defaultdict[dt.date, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    starts: dict[Any, dt.date] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(query).fetchall()
    for row in rows:
        day = row[len(groups) - 1]
        if day is None:
            continue
        start = starts.get(day)
        if start is None:
            start = starts[day] = period_start(_as_date(day), freq)
        cell = cells[_key_of(row, len(keys)) if by else "all"][start]
        cell[0] += row[-2]
        cell[1] += row[-1] or 0
    axis = _axis(cells, freq, f)
    return [Series(k, by, freq, tuple(Point(p, *cells[k].get(p, (0, 0))) for p in axis)) for k in sorted(cells)]


def _as_date(value: Any) -> dt.date:
    """A period start from the database (a date, or ISO text from a raw SQLite expression)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _axis(cells: dict[str, defaultdict[dt.date, list[int]]], freq: str, f: EventFilter) -> Sequence[dt.date]:
    """The shared run of period starts: from --since (or the first count) to --until (or the last)."""
    seen = [p for by_period in cells.values() for p in by_period]
    first = period_start(f.since, freq) if f.since else min(seen, default=None)
    last = period_start(f.until, freq) if f.until else max(seen, default=None)
    return periods(first, last, freq) if first and last else []


def _key_match(by: str | None, key: str) -> Any:
    """The SQL condition selecting the events of series ``key``."""
    if not by:
        return true()
    columns = _GROUP_COLUMNS[by]
    if key == UNKNOWN:
        return and_(*(or_(c.is_(None), c == "") for c in columns))
    first = columns[0]
    if len(columns) == 1:
        return first == key
    return or_(first == key, and_(or_(first.is_(None), first == ""), columns[1] == key))


def cell_event_ids(store: Store, f: EventFilter, freq: str, by: str | None, key: str,
                   first: dt.date, last: dt.date) -> list[str]:
    """Ids of the events counted in series ``key`` from period ``first`` to the end of period ``last``."""
    _check(freq, by)
    query = (
        _filtered(select(_C.event_id), f)
        .where(_C.date_precision.in_(_PLACEABLE[freq]), _key_match(by, key),
               _C.date_start >= first, _C.date_start <= period_end(last, freq))
        .order_by(_C.date_start, _C.event_id)
    )
    return [row["event_id"] for row in store.rows(query)]


def series_rows(series: Sequence[Series]) -> list[dict[str, Any]]:
    """Series as flat rows (key, period, count, fatalities), the shape charts and the report read."""
    return [{"key": s.key, "period": p.period_start, "count": p.incidents, "fatalities": p.fatalities}
            for s in series for p in s.points]
