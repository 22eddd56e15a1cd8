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

from sqlalchemy import ColumnElement, func, literal, select

from ..analytics.trends import FREQS, Point, Series, period_end, period_start, periods
from ..errors import InputError
from . import schema as t
from .db import Store
from .queries import EventFilter, _filtered

__all__ = ["BY_FIELDS", "cell_event_ids", "series_rows", "trend_series"]

_C = t.events.c
BY_FIELDS: dict[str, ColumnElement[Any]] = {
    "country": _C.country,
    "admin1": func.coalesce(_C.admin1_code, _C.admin1),
    "admin2": _C.admin2,
    "actor": _C.perpetrator,
    "target_type": _C.target_type,
    "event_type": _C.event_type,
}
_PERIOD = {"day": _C.date_start, "week": _C.week, "month": _C.month}
_PLACEABLE = {"day": ("day", "range"), "week": ("day", "range"), "month": ("day", "range", "month")}
UNKNOWN = "unknown"


def _check(freq: str, by: str | None) -> None:
    """Raise InputError for an unknown frequency or grouping field."""
    if freq not in FREQS:
        raise InputError(f"--freq {freq!r}: expected one of {', '.join(FREQS)}")
    if by is not None and by not in BY_FIELDS:
        raise InputError(f"--by {by!r}: expected one of {', '.join(BY_FIELDS)}")


def _key_column(by: str | None) -> ColumnElement[Any]:
    """The SQL expression a series is keyed by."""
    return BY_FIELDS[by] if by else literal("all")


def trend_series(store: Store, f: EventFilter = EventFilter(), freq: str = "week",
                 by: str | None = None) -> list[Series]:
    """Zero-filled series per value of ``by`` (one series "all" if None), sorted by key; one GROUP BY."""
    _check(freq, by)
    period, key = _PERIOD[freq].label("period"), _key_column(by).label("key")
    query = (
        _filtered(select(period, key, func.count().label("n"), func.sum(func.coalesce(_C.killed, 0)).label("k")),
                  f)
        .where(_C.date_precision.in_(_PLACEABLE[freq]))
        .group_by(period, key)
    )
    cells: defaultdict[str, dict[dt.date, tuple[int, int]]] = defaultdict(dict)
    for row in store.rows(query):
        if row["period"] is not None:
            cells[row["key"] or UNKNOWN][_as_date(row["period"])] = (int(row["n"]), int(row["k"] or 0))
    axis = _axis(cells, freq, f)
    return [Series(k, by, freq, tuple(Point(p, *cells[k].get(p, (0, 0))) for p in axis)) for k in sorted(cells)]


def _as_date(value: Any) -> dt.date:
    """A period start from the database (a date, or ISO text from a raw SQLite expression)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _axis(cells: dict[str, dict[dt.date, tuple[int, int]]], freq: str, f: EventFilter) -> Sequence[dt.date]:
    """The shared run of period starts: from --since (or the first count) to --until (or the last)."""
    seen = [p for by_period in cells.values() for p in by_period]
    first = period_start(f.since, freq) if f.since else min(seen, default=None)
    last = period_start(f.until, freq) if f.until else max(seen, default=None)
    return periods(first, last, freq) if first and last else []


def cell_event_ids(store: Store, f: EventFilter, freq: str, by: str | None, key: str,
                   first: dt.date, last: dt.date) -> list[str]:
    """Ids of the events counted in series ``key`` from period ``first`` to the end of period ``last``."""
    _check(freq, by)
    column = _key_column(by)
    match = column.is_(None) if by and key == UNKNOWN else column == key
    query = (
        _filtered(select(_C.event_id), f)
        .where(_C.date_precision.in_(_PLACEABLE[freq]), match,
               _C.date_start >= first, _C.date_start <= period_end(last, freq))
        .order_by(_C.date_start, _C.event_id)
    )
    return [row["event_id"] for row in store.rows(query)]


def series_rows(series: Sequence[Series]) -> list[dict[str, Any]]:
    """Series as flat rows (key, period, count, fatalities), the shape charts and the report read."""
    return [{"key": s.key, "period": p.period_start, "count": p.incidents, "fatalities": p.fatalities}
            for s in series for p in s.points]
