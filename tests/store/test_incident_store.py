"""Tests of merging stored mentions into the events table, incrementally, with analyst overrides."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from conflictlens.errors import InputError
from conflictlens.ingest.document import content_hash
from conflictlens.model import Document, Extraction, Mention, Place, Span
from conflictlens.store import incident_store
from conflictlens.store import schema as t
from conflictlens.store.db import Store
from conflictlens.store.incident_store import (
    MERGE,
    SPLIT,
    apply_overrides,
    event_mention_ids,
    record_override,
    update_incidents,
)
from conflictlens.store.queries import get_event, list_events

D = dt.date
TOWN = Place("Qaryat Alif", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.0, 40.0, 1)
OTHER_TOWN = Place("Qaryat Ba", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.0, 40.2, 1)


def mention(day: D, killed: int | None, text: str, place: Place = TOWN, etype: str = "armed_assault") -> Mention:
    """An armed assault by a stated actor at ``place`` on ``day``, with one evidence sentence."""
    return Mention(event_type=etype, date_start=day, date_end=day, date_precision="day",
                   perpetrator="Islamic State", perpetrator_attribution="stated", target_type="military",
                   location=place.name, place=place, killed=killed, evidence=(Span(0, len(text), text),))


def store_doc(store: Store, name: str, source: str, published: D, *mentions: Mention) -> None:
    """Write one handmade document with its mentions (its text is the mentions' evidence)."""
    text = " ".join(m.evidence[0].text for m in mentions) + f" ({name})"
    doc = Document(doc_id=name, text=text, content_hash=content_hash(text), source=source, published=published,
                   input_name=name)
    assert store.write(doc, Extraction(mentions=tuple(mentions))).status == "stored"


def groups(store: Store) -> set[frozenset[str]]:
    """The events as sets of (document, evidence) pairs: comparable across stores."""
    rows = store.rows(
        select(t.event_mentions.c.event_id, t.documents.c.doc_id, t.evidence.c.sentence)
        .join(t.mentions, t.mentions.c.mention_id == t.event_mentions.c.mention_id)
        .join(t.documents, t.documents.c.id == t.mentions.c.document_id)
        .join(t.evidence, t.evidence.c.mention_id == t.mentions.c.mention_id)
    )
    by_event: dict[str, set[str]] = {}
    for row in rows:
        by_event.setdefault(row["event_id"], set()).add(f"{row['doc_id']}:{row['sentence']}")
    return {frozenset(v) for v in by_event.values()}


def three_reports(store: Store, order: tuple[int, ...] = (0, 1, 2), update_each: bool = False) -> None:
    """Two outlets on one raid (4 then 6 killed) and a raid on the next town a week later."""
    docs = [
        ("a", "Outlet A", D(2024, 3, 5), mention(D(2024, 3, 4), 4, "Gunmen killed four soldiers.")),
        ("b", "Outlet B", D(2024, 3, 6), mention(D(2024, 3, 4), 6, "Six soldiers died in the raid.")),
        ("c", "Outlet C", D(2024, 3, 12), mention(D(2024, 3, 11), 2, "Two died in a raid.", OTHER_TOWN)),
    ]
    for i in order:
        store_doc(store, *docs[i])
        if update_each:
            update_incidents(store)
    update_incidents(store)


def test_mentions_of_one_raid_merge_with_sources_evidence_and_casualty_range(store: Store):
    three_reports(store)
    events = {e["n_mentions"]: e for e in list_events(store)}
    assert sorted(events) == [1, 2]
    raid = events[2]
    assert (raid["killed_low"], raid["killed"], raid["killed_high"]) == (4, 6, 6)
    assert raid["n_sources"] == 2 and sorted(raid["sources"]) == ["Outlet A", "Outlet B"]
    assert sorted(raid["evidence"]) == ["Gunmen killed four soldiers.", "Six soldiers died in the raid."]
    shown = get_event(store, raid["event_id"])
    assert {m["source"] for m in shown["mentions"]} == {"Outlet A", "Outlet B"}


def test_incremental_batches_in_any_order_give_the_same_events(tmp_path):
    results = []
    for n, (order, each) in enumerate((((0, 1, 2), False), ((2, 1, 0), True), ((1, 2, 0), True))):
        store = Store(str(tmp_path / f"s{n}.sqlite"))
        three_reports(store, order, update_each=each)
        results.append((groups(store), sorted(e["event_id"] for e in list_events(store))))
        store.close()
    assert results[0] == results[1] == results[2]


def test_a_new_batch_loads_only_incidents_near_its_dates(store: Store, monkeypatch: pytest.MonkeyPatch):
    three_reports(store)
    store_doc(store, "far", "Outlet D", D(2024, 9, 2), mention(D(2024, 9, 1), 1, "One died in September."))
    store_doc(store, "near", "Outlet E", D(2024, 3, 13), mention(D(2024, 3, 12), 2, "Two were killed there.",
                                                                  OTHER_TOWN))
    loaded: list[str] = []
    real = incident_store._load_incidents
    monkeypatch.setattr(incident_store, "_load_incidents",
                        lambda s, ids: loaded.extend(ids) or real(s, ids))  # type: ignore[func-returns-value]
    update_incidents(store)
    week_later = next(e for e in list_events(store) if e["date_start"] == D(2024, 3, 11))
    assert loaded == [week_later["event_id"]]
    assert week_later["n_mentions"] == 2


def test_split_and_merge_are_recorded_applied_and_kept_across_reruns(store: Store):
    three_reports(store)
    raid = next(e for e in list_events(store) if e["n_mentions"] == 2)
    full, members = event_mention_ids(store, raid["event_id"][:10])
    record_override(store, SPLIT, members[:1], "different attacks")
    apply_overrides(store, members)
    assert sorted(e["n_mentions"] for e in list_events(store)) == [1, 1, 1]
    store_doc(store, "late", "Outlet F", D(2024, 3, 7), mention(D(2024, 3, 4), 5, "Five soldiers were killed."))
    update_incidents(store)
    apart = next(e for e in list_events(store) if members[0] in e["mention_ids"])
    assert apart["mention_ids"] == [members[0]]
    assert sorted(e["n_mentions"] for e in list_events(store)) == [1, 1, 2]
    rows = store.rows(select(t.incident_overrides))
    assert [(r["action"], r["mention_ids"], r["note"]) for r in rows] == [(SPLIT, members[:1], "different attacks")]
    week_later = next(e for e in list_events(store) if e["date_start"] == D(2024, 3, 11))
    grown = next(e for e in list_events(store) if e["n_mentions"] == 2)
    record_override(store, MERGE, week_later["mention_ids"] + grown["mention_ids"])
    apply_overrides(store, week_later["mention_ids"] + grown["mention_ids"])
    assert sorted(e["n_mentions"] for e in list_events(store)) == [1, 3]
    assert full.startswith("inc_")


def test_unknown_event_prefix_names_the_input(store: Store):
    with pytest.raises(InputError, match="nope: no such event"):
        event_mention_ids(store, "nope")
