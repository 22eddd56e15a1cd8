"""Watch state kept in the store (migration 0003_watch): survives reopening, entries seen, each alert once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import inspect

from conflictlens.store.db import Store
from conflictlens.watch.state import SourceState, claim_alert, load_states, mark_seen, save_state, unseen

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def test_migration_creates_the_watch_tables_and_reaches_the_newest_revision(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    names = set(inspect(store.engine).get_table_names())
    assert {"watch_sources", "watch_seen", "watch_alerts"} <= names
    with store.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    # 0003_watch, or a later revision chained after it
    assert version == "0003_watch" or version.split("_")[0] > "0003"


def test_source_state_saved_replaced_and_reloaded(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    store = Store(db)
    url = "https://observatory.example.org/feed.xml"
    save_state(store, SourceState(url, etag='"a"', last_result="200: 3 new", next_due=NOW))
    save_state(store, SourceState(url, etag='"b"', last_result="HTTP 503", failures=1, next_due=NOW))
    store.close()
    (state,) = load_states(Store(db)).values()
    assert (state.etag, state.last_result, state.failures) == ('"b"', "HTTP 503", 1)
    assert state.next_due is not None and state.next_due.replace(tzinfo=dt.UTC) == NOW


def test_entries_unseen_until_marked(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    url = "https://wire.example.com/rss"
    assert unseen(store, url, ["k1", "k2", "k1"]) == ["k1", "k2"]
    mark_seen(store, url, ["k1"], NOW)
    assert unseen(store, url, ["k1", "k2", "k3"]) == ["k2", "k3"]
    assert unseen(store, "https://other.example.com/rss", ["k1"]) == ["k1"]
    mark_seen(store, url, ["k1", "k2"], NOW)  # marking again is harmless
    assert unseen(store, url, ["k1", "k2"]) == []


def test_each_alert_claimed_once(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    payload = {"kind": "surge", "key": "Borno", "p_value": 0.001}
    assert claim_alert(store, "surge:Borno:2026-11-30", "surge", payload, NOW) is True
    assert claim_alert(store, "surge:Borno:2026-11-30", "surge", payload, NOW) is False
    assert claim_alert(store, "rule:big:ev1", "rule", {"kind": "rule"}, NOW) is True
