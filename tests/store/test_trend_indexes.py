"""Trend indexes (migration 0004_trend_filters): a trend query with one filter reads one covering index only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect

from conflictlens.store import aggregate
from conflictlens.store import schema as t
from conflictlens.store.aggregate import BY_FIELDS, trend_series
from conflictlens.store.db import Store
from conflictlens.store.queries import EventFilter

# Filters no index can seek (case-folded codes and names): the query must scan a covering index. An event
# type, a date range or an actor (resolved to perpetrator values first) may instead be searched through an
# index on that column, as the planner sees fit.
FILTERS = [EventFilter(country="SY"), EventFilter(admin1="SY-03")]


def _plans(store: Store, statements: list[str]) -> list[str]:
    with store.engine.connect() as conn:
        return [row[-1] for sql in statements for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]


def test_trend_indexes_hold_the_filter_columns(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    indexes = {ix["name"]: ix["column_names"] for ix in inspect(store.engine).get_indexes("events")}
    for name in ("all", *BY_FIELDS):
        columns = indexes[f"ix_events_trend_{name}"]
        assert {"event_type", "perpetrator", "admin1_code", "admin1", "country", "killed"} <= set(columns), name


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(k for k, v in vars(f).items() if v))
def test_trend_query_with_one_filter_scans_a_covering_index(tmp_path: Path, f: EventFilter,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    with store.engine.begin() as conn:
        conn.execute(insert(t.events), [
            {"event_id": f"e{i}", "event_type": "bombing", "date_start": dt.date(2024, 3, 1 + i),
             "date_precision": "day", "week": dt.date(2024, 2, 26), "month": dt.date(2024, 3, 1),
             "perpetrator": "Islamic State", "perpetrator_attribution": "stated", "target_type": "military",
             "country": "SY", "admin1": "Deir ez-Zor", "admin1_code": "SY-03", "admin2": "Mayadin", "killed": i,
             "n_mentions": 1, "n_sources": 1} for i in range(5)])
    seen: list[str] = []
    real_connect = store.engine.connect

    def recording_connect():  # type: ignore[no-untyped-def]
        conn = real_connect()
        original = conn.execute

        def execute(statement, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(str(statement.compile(store.engine, compile_kwargs={"literal_binds": True})))
            return original(statement, *args, **kwargs)

        conn.execute = execute  # type: ignore[method-assign]
        return conn

    monkeypatch.setattr(store.engine, "connect", recording_connect)
    for by in (None, *BY_FIELDS):
        series = trend_series(store, f, "month", by)
        assert sum(p.incidents for s in series for p in s.points) == 5
    monkeypatch.undo()
    plans = _plans(store, seen)
    assert plans and all("USING COVERING INDEX ix_events_trend_" in plan for plan in plans), plans


def test_actor_filter_matches_every_perpetrator_holding_the_words_in_any_case(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    names = ["Islamic State", "Islamic State West Africa Province", "al-Shabaab", "Boko Haram", "ISLAMIC STATE"]
    with store.engine.begin() as conn:
        conn.execute(insert(t.events), [
            {"event_id": f"e{i}", "event_type": "armed_assault", "date_start": dt.date(2024, 5, 6),
             "date_precision": "day", "week": dt.date(2024, 5, 6), "month": dt.date(2024, 5, 1),
             "perpetrator": name, "perpetrator_attribution": "stated", "target_type": "civilians",
             "n_mentions": 1, "n_sources": 1} for i, name in enumerate(names)])
    by_actor = {s.key: s.points[0].incidents for s in trend_series(store, EventFilter(actor="Islamic state"),
                                                                   "week", "actor")}
    assert by_actor == {"ISLAMIC STATE": 1, "Islamic State": 1, "Islamic State West Africa Province": 1}
    assert trend_series(store, EventFilter(actor="al-shab"), "month")[0].points[0].incidents == 1
    assert trend_series(store, EventFilter(actor="no such group"), "week") == []
    with store.engine.connect() as conn:
        walk = str(aggregate.actor_values_query("x").compile(store.engine, compile_kwargs={"literal_binds": True}))
        plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {walk}")]
    # one seek per distinct perpetrator through an index led by it (the trend one, or 0005's claim-check
    # one, which is smaller), never a pass over every event
    actor_led = ("SEARCH later USING COVERING INDEX ix_events_trend_actor",
                 "SEARCH later USING COVERING INDEX ix_events_actor_date")
    assert any(p.startswith(actor_led) for p in plan), plan
    assert not any(p.startswith(("SCAN events", "SCAN later")) for p in plan), plan
