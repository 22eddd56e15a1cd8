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


def _state(row: dict[str, Any]) -> SourceState:
    return SourceState(**{k: row[k] for k in SourceState.__dataclass_fields__})


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
