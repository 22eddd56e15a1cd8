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


_INSERT_EVENTS = insert(t.events)
_INSERT_EVENT_MENTIONS = insert(t.event_mentions)


def event_row(incident: dict[str, Any]) -> dict[str, Any]:
    """The events-table columns of an incident dict (event fields and `mention_ids`)."""
    row = {name: incident.get(name) for name in EVENT_FIELDS}
    row.update(
        event_id=incident["event_id"],
        week=week_of(incident.get("date_start")),
        month=month_of(incident.get("date_start")),
        n_mentions=len(incident["mention_ids"]),
        n_sources=len(set(incident.get("sources") or [])) or 1,
    )
    return row


def replace_events(store: Store, incidents: Iterable[dict[str, Any]], drop_ids: Iterable[str] = ()) -> int:
    """Delete the named events and write the given ones (dicts with event fields and `mention_ids`)."""
    incidents = list(incidents)
    rows = [event_row(incident) for incident in incidents]
    members = [{"event_id": incident["event_id"], "mention_id": m}
               for incident in incidents for m in incident["mention_ids"]]
    # a rewritten event is deleted first too; its event_mentions rows go with it (ON DELETE CASCADE)
    drop = list(dict.fromkeys([*drop_ids, *(row["event_id"] for row in rows)]))
    with store.engine.begin() as conn:
        for start in range(0, len(drop), 500):
            conn.execute(delete(t.events).where(t.events.c.event_id.in_(drop[start : start + 500])))
        for statement, params in ((_INSERT_EVENTS, rows), (_INSERT_EVENT_MENTIONS, members)):
            if params:
                conn.execute(statement, params)
    return len(rows)
