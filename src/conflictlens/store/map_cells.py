"""Map clusters in SQL: the located events in a box, counted per grid cell, or listed when few."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select

from . import schema as t
from .db import Store
from .queries import EventFilter, _filtered

__all__ = ["POINTS_MAX", "BBox", "map_cells"]

# Up to this many located events in the box the map gets each one; beyond it, one cluster per cell.
POINTS_MAX = 1500
_C = t.events.c


@dataclass(frozen=True)
class BBox:
    """A box in degrees: west, south, east, north (west > east crosses the antimeridian)."""

    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0


def _in_box(query: Any, box: BBox) -> Any:
    """The query limited to located events inside the box."""
    query = query.where(_C.lat.is_not(None), _C.lon.is_not(None), _C.lat >= box.south, _C.lat <= box.north)
    if box.west <= box.east:
        return query.where(_C.lon >= box.west, _C.lon <= box.east)
    return query.where((_C.lon >= box.west) | (_C.lon <= box.east))


def _cell(store: Store, column: Any, offset: float, deg: float) -> Any:
    """The grid index of a coordinate: floor((value + offset) / deg), as an integer on either backend."""
    shifted = (column + offset) / deg
    return cast(shifted, Integer) if store.is_sqlite else cast(func.floor(shifted), Integer)


def map_cells(store: Store, f: EventFilter, box: BBox, deg: float) -> dict[str, Any]:
    """Located events of the filter in ``box``: {"points": [...]} when few, else {"cells": [...], "deg": deg}.

    A point is {event_id, lat, lon, event_type, date_start, location, killed}; a cell is
    [mean lat, mean lon, events, killed] over the events whose coordinates fall in one deg x deg cell.
    """
    with store.engine.connect() as conn:
        total = int(conn.execute(_in_box(_filtered(select(func.count()).select_from(t.events), f), box)).scalar()
                    or 0)
        if total <= POINTS_MAX:
            cols = (_C.event_id, _C.lat, _C.lon, _C.event_type, _C.date_start, _C.location, _C.killed)
            rows = conn.execute(_in_box(_filtered(select(*cols), f), box).order_by(_C.event_id))
            return {"total": total, "points": [dict(r._mapping) for r in rows]}
        cy, cx = _cell(store, _C.lat, 90.0, deg), _cell(store, _C.lon, 180.0, deg)
        query = _in_box(_filtered(select(func.avg(_C.lat), func.avg(_C.lon), func.count(),
                                         func.sum(func.coalesce(_C.killed, 0))), f), box).group_by(cy, cx)
        cells = [[round(float(r[0]), 4), round(float(r[1]), 4), int(r[2]), int(r[3] or 0)]
                 for r in conn.execute(query)]
    return {"total": total, "deg": deg, "cells": cells}
