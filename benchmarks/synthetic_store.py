"""Fill a SQLite store with synthetic rows in bulk: the shared helper of the store and dashboard benchmarks.

`bulk_insert` drops the tables' indexes, inserts every row with one executemany per table in one
transaction, rebuilds the indexes and runs ANALYZE (much faster than writing through `Store.write`).
`fill_incidents` builds a whole store from `report_benchmark.synthetic_events`: sources, documents,
mentions with field spans, evidence, claims, events and their event_mentions links.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from report_benchmark import ACTORS, CENTRES, synthetic_events

from conflictlens.store.events_table import month_of, week_of

Table = tuple[Sequence[str], Iterable[Sequence[Any]]]
OUTLETS = [f"outlet{i}" for i in range(40)]
CLAIM_EVERY = 50  # one claim in every 50 documents, about the dev reports' share of claims with a figure


def bulk_insert(db: Path, tables: dict[str, Table]) -> float:
    """Insert rows into the named tables of a migrated SQLite store, indexes rebuilt after; returns seconds."""
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    names = ", ".join(f"'{name}'" for name in tables)
    indexes = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name IN ({names})"
                           " AND sql IS NOT NULL").fetchall()
    with conn:
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, (columns, rows) in tables.items():
            marks = ",".join("?" * len(columns))
            quoted = ",".join(f'"{c}"' for c in columns)
            conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows)
        for _, sql in indexes:
            conn.execute(sql)
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


def _mentions_of(i: int) -> int:
    """How many reports tell incident ``i``: 1, 2 or 3 (1.5 on average)."""
    return (1, 1, 2, 1, 3, 1)[i % 6]


def _spans(text: str, words: dict[str, str]) -> str:
    """The field spans of a mention as stored (JSON), each field's words found in ``text``."""
    spans = []
    for name, value in words.items():
        start = text.find(value)
        if start >= 0:
            spans.append({"field": name, "start": start, "end": start + len(value), "text": value})
    return json.dumps(spans)


def incident_tables(n: int, seed: int = 7) -> dict[str, Table]:
    """The rows of every table for ``n`` synthetic incidents told by 1-3 reports each."""
    rng = random.Random(seed)
    sources = [(i + 1, name) for i, name in enumerate(OUTLETS)]
    documents: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    evidence: list[tuple[Any, ...]] = []
    claims: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    members: list[tuple[str, str]] = []
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).isoformat()
    for i, e in enumerate(synthetic_events(n, seed)):
        day = dt.date.fromisoformat(e["date_start"])
        copies = _mentions_of(i)
        for copy in range(copies):
            doc_row = len(documents) + 1
            first = e["evidence"][0]
            lead = f"{e['location']}, {e['admin1']}: {first}"
            text = f"{lead} {e['perpetrator']} was blamed. Officials said {e['killed'] or 0} people died."
            title = f"{e['event_type'].replace('_', ' ').capitalize()} near {e['location']}"
            documents.append((doc_row, f"d{doc_row:09x}", 1, f"{e['event_id']}-{copy}", rng.choice(OUTLETS),
                              f"https://outlet{copy}.example/story/{i}", (day + dt.timedelta(days=1)).isoformat(),
                              title, "en", f"synthetic-{doc_row}.txt", "[]", text, now))
            mention_id = f"m{doc_row:023x}"
            spans = _spans(text, {"location": e["location"], "perpetrator": e["perpetrator"],
                                  "event_type": first.split()[1]})
            mentions.append((mention_id, doc_row, e["event_type"], e["date_start"], e["date_end"], "day",
                             e["perpetrator"], e["perpetrator_attribution"], e["target"], e["target_type"],
                             e["location"], e["country"], e["admin1"], e["admin1_code"], e["admin2"], e["lat"],
                             e["lon"], e["geo_precision"], "synthetic", e["killed"], e["killed_low"],
                             e["killed_high"], e["wounded"], e["kidnapped"], spans))
            evidence.append((mention_id, len(e["location"]) + len(e["admin1"]) + 3, len(lead), first))
            members.append((e["event_id"], mention_id))
            if doc_row % CLAIM_EVERY == 0:
                _, _, province, _, _ = rng.choice(CENTRES)
                claims.append((f"c{doc_row:023x}", doc_row, rng.choice(("attacks", "killed", "displaced")),
                               rng.randint(5, 400), rng.choice(ACTORS[:-1]), rng.choice((None, province)),
                               "this year", f"{day.year}-01-01", day.isoformat(), "officials",
                               f"Officials said {e['killed'] or 0} people died."))
        events.append((e["event_id"], e["event_type"], e["date_start"], e["date_end"], "day",
                       week_of(day).isoformat(), month_of(day).isoformat(), e["perpetrator"],
                       e["perpetrator_attribution"], e["target"], e["target_type"], e["location"], e["country"],
                       e["admin1"], e["admin1_code"], e["admin2"], e["lat"], e["lon"], e["geo_precision"],
                       e["killed"], e["killed_low"], e["killed_high"], e["wounded"], e["kidnapped"], copies,
                       min(copies, 2)))
    source_ids = {name: source_id for source_id, name in sources}
    documents = [(*row[:4], source_ids[row[4]], *row[5:]) for row in documents]
    return {
        "sources": (("source_id", "name"), sources),
        "documents": (("id", "doc_id", "version", "content_hash", "source_id", "url", "published", "title",
                       "language", "input_name", "notes", "text", "ingested_at"), documents),
        "mentions": (("mention_id", "document_id", "event_type", "date_start", "date_end", "date_precision",
                      "perpetrator", "perpetrator_attribution", "target", "target_type", "location", "country",
                      "admin1", "admin1_code", "admin2", "lat", "lon", "geo_precision", "geo_trace", "killed",
                      "killed_low", "killed_high", "wounded", "kidnapped", "field_spans"), mentions),
        "evidence": (("mention_id", "start", "end", "sentence"), evidence),
        "claims": (("claim_id", "document_id", "quantity", "value", "subject", "region", "period",
                    "period_start", "period_end", "attributed_to", "evidence"), claims),
        "events": (("event_id", "event_type", "date_start", "date_end", "date_precision", "week", "month",
                    "perpetrator", "perpetrator_attribution", "target", "target_type", "location", "country",
                    "admin1", "admin1_code", "admin2", "lat", "lon", "geo_precision", "killed", "killed_low",
                    "killed_high", "wounded", "kidnapped", "n_mentions", "n_sources"), events),
        "event_mentions": (("event_id", "mention_id"), members),
    }


def fill_incidents(db: Path, n: int, seed: int = 7) -> float:
    """Fill a migrated, empty SQLite store with ``n`` synthetic incidents; returns the seconds taken."""
    started = time.perf_counter()
    bulk_insert(db, incident_tables(n, seed))
    return time.perf_counter() - started
