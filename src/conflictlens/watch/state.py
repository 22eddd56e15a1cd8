"""Watch state in the store: each source's validators, last result, failures and next due time; entries seen; alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ..store import schema as t
from ..store.db import Store


@dataclass(frozen=True)
class SourceState:
    """What the store remembers of one followed URL between runs."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: dt.datetime | None = None
    last_result: str | None = None
    failures: int = 0
    next_due: dt.datetime | None = None


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back naive ones)."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _state(row: dict[str, Any]) -> SourceState:
    values = {k: row[k] for k in SourceState.__dataclass_fields__}
    return SourceState(**values | {"last_fetch": utc(row["last_fetch"]), "next_due": utc(row["next_due"])})


def load_states(store: Store) -> dict[str, SourceState]:
    """Every followed URL's state, by URL."""
    return {row["url"]: _state(row) for row in store.rows(select(t.watch_sources))}


def save_state(store: Store, state: SourceState) -> None:
    """Insert or replace one URL's state."""
    values = dict(state.__dict__)
    with store.engine.begin() as conn:
        changed = conn.execute(update(t.watch_sources).where(t.watch_sources.c.url == state.url).values(values))
        if not changed.rowcount:
            conn.execute(insert(t.watch_sources).values(values))


def unseen(store: Store, url: str, keys: Iterable[str]) -> list[str]:
    """Which of these entry keys of a source were not marked seen (in their given order)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    column = t.watch_seen.c.entry_key
    seen = {row["entry_key"] for row in store.rows(
        select(column).where(t.watch_seen.c.url == url, column.in_(wanted)))}
    return [k for k in wanted if k not in seen]


def mark_seen(store: Store, url: str, keys: Iterable[str], now: dt.datetime) -> None:
    """Mark entry keys seen once they are stored, so that a restart before that fetches them again."""
    fresh = unseen(store, url, keys)
    if fresh:
        with store.engine.begin() as conn:
            conn.execute(insert(t.watch_seen), [{"url": url, "entry_key": k, "first_seen": now} for k in fresh])


def claim_alert(store: Store, alert_id: str, kind: str, payload: dict[str, Any], now: dt.datetime) -> bool:
    """Record an alert; True the first time its id is seen, False for an alert already raised."""
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(t.watch_alerts).values(alert_id=alert_id, kind=kind, payload=payload, created_at=now))
    except IntegrityError:
        return False
    return True


PENDING = "_pending"


def pending_alerts(store: Store) -> list[tuple[str, str, dict[str, Any]]]:
    """Alerts claimed but not yet delivered to every sink (id, kind, payload), oldest first."""
    c = t.watch_alerts.c
    rows = store.rows(select(c.alert_id, c.kind, c.payload).where(c.kind.endswith(PENDING))
                      .order_by(c.created_at, c.alert_id))
    return [(r["alert_id"], r["kind"].removesuffix(PENDING), r["payload"]) for r in rows]


def mark_delivered(store: Store, alert_id: str, kind: str) -> None:
    """Record that a pending alert reached its sinks."""
    with store.engine.begin() as conn:
        conn.execute(update(t.watch_alerts).where(t.watch_alerts.c.alert_id == alert_id).values(kind=kind))


def known_alerts(store: Store, alert_ids: Iterable[str]) -> set[str]:
    """Which of these alert ids were already raised."""
    wanted = list(set(alert_ids))
    if not wanted:
        return set()
    column = t.watch_alerts.c.alert_id
    return {row["alert_id"] for row in store.rows(select(column).where(column.in_(wanted)))}


def count_alerts(store: Store) -> dict[str, int]:
    """How many alerts of each kind the store holds."""
    rows = store.rows(select(t.watch_alerts.c.kind))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    return counts
