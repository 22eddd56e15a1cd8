"""Write incidents into the events table (the merged view the CLI, exports and report read)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert

from . import schema as t
from .db import Store

EVENT_FIELDS = [c.name for c in t.events.columns if c.name not in {"event_id", "week", "month", "n_mentions",
                                                                    "n_sources"}]


def week_of(day: dt.date | None) -> dt.date | None:
    """The Monday of the ISO week holding `day`."""
    return day - dt.timedelta(days=day.weekday()) if day else None


def month_of(day: dt.date | None) -> dt.date | None:
    """The first day of the month holding `day`."""
    return day.replace(day=1) if day else None


def replace_events(store: Store, incidents: Iterable[dict[str, Any]], drop_ids: Iterable[str] = ()) -> int:
    """Delete the named events and write the given ones (dicts with event fields and `mention_ids`)."""
    written = 0
    with store.engine.begin() as conn:
        drop = list(drop_ids)
        for start in range(0, len(drop), 500):
            conn.execute(delete(t.events).where(t.events.c.event_id.in_(drop[start : start + 500])))
        for incident in incidents:
            row = {name: incident.get(name) for name in EVENT_FIELDS}
            row.update(
                event_id=incident["event_id"],
                week=week_of(incident.get("date_start")),
                month=month_of(incident.get("date_start")),
                n_mentions=len(incident["mention_ids"]),
                n_sources=len(set(incident.get("sources") or [])) or 1,
            )
            conn.execute(delete(t.events).where(t.events.c.event_id == row["event_id"]))
            conn.execute(insert(t.events).values(**row))
            conn.execute(
                insert(t.event_mentions),
                [{"event_id": row["event_id"], "mention_id": m} for m in incident["mention_ids"]],
            )
            written += 1
    return written
