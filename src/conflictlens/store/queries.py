"""Read queries over the store: events with filters, one event with its evidence, documents, claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, null, or_, select

from ..errors import InputError
from . import schema as t
from .db import Store


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by `events`, `export`, `trends` and `report`."""

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_type: str | None = None
    limit: int | None = None
    text: str | None = None


def _filtered(query: Select[Any], f: EventFilter) -> Select[Any]:
    c = t.events.c
    if f.since:
        query = query.where(c.date_start >= f.since)
    if f.until:
        query = query.where(c.date_start <= f.until)
    if f.country:
        query = query.where(func.upper(c.country) == f.country.upper())
    if f.admin1:
        wanted = f.admin1.casefold()
        query = query.where((func.lower(c.admin1) == wanted) | (func.lower(c.admin1_code) == wanted))
    if f.actor:
        query = query.where(func.lower(c.perpetrator).contains(f.actor.casefold()))
    if f.event_type:
        query = query.where(c.event_type == f.event_type)
    if f.text:
        query = query.where(_text_match(f.text))
    return query


def _text_match(text: str) -> Any:
    """Events whose place, actors or any evidence sentence contains ``text`` (any case)."""
    c, em, ev = t.events.c, t.event_mentions.c, t.evidence.c
    wanted = text.casefold()
    in_sentences = (
        select(em.event_id).join(t.evidence, ev.mention_id == em.mention_id)
        .where(func.lower(ev.sentence).contains(wanted, autoescape=True))
    )
    fields = [func.lower(col).contains(wanted, autoescape=True)
              for col in (c.location, c.admin1, c.admin2, c.perpetrator, c.target)]
    return or_(*fields, c.event_id.in_(in_sentences))


_WALK_MAX = 1000  # rows a filtered page may skip by walking the order's index (see page_events)
SORTABLE = ("date_start", "event_type", "perpetrator", "target_type", "location", "admin1", "country", "killed",
            "wounded", "n_sources")


def page_events(store: Store, f: EventFilter = EventFilter(), sort: str = "date_start", descending: bool = True,
                offset: int = 0, limit: int = 50) -> list[dict[str, Any]]:
    """One page of the filtered events in the given order, with their sources and evidence."""
    if sort not in SORTABLE:
        raise InputError(f"sort {sort!r}: expected one of {', '.join(SORTABLE)}")
    column: Any = t.events.c[sort]
    if store.is_sqlite and offset > _WALK_MAX and (f.country or f.admin1 or f.actor or f.event_type or f.text):
        # Deep in a filtered list, walking ix_events_date_id in order reads the row of every event skipped
        # to test the filter (0.6 s at offset 17,850 of 100k); hiding the index makes SQLite filter by a
        # scan and sort the matches instead (0.1 s). Near the top, the walk stops after a few rows.
        column = func.ifnull(column, null())
    key = column.desc() if descending else column.asc()
    tie = t.events.c.event_id.desc() if descending else t.events.c.event_id.asc()
    query = _filtered(select(t.events), f).order_by(key.nulls_last(), tie).offset(offset).limit(limit)
    events = store.rows(query)
    _attach_mentions(store, events)
    return events


def count_events(store: Store, f: EventFilter = EventFilter()) -> int:
    """How many events the filter selects."""
    with store.engine.connect() as conn:
        return int(conn.execute(_filtered(select(func.count()).select_from(t.events), f)).scalar() or 0)


def list_events(store: Store, f: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    """Events (incidents) matching the filter, newest first, with their sources and evidence."""
    query = _filtered(select(t.events), f).order_by(t.events.c.date_start.desc(), t.events.c.event_id)
    if f.limit:
        query = query.limit(f.limit)
    events = store.rows(query)
    _attach_mentions(store, events)
    return events


def _attach_mentions(store: Store, events: list[dict[str, Any]]) -> None:
    if not events:
        return
    by_id = {e["event_id"]: e for e in events}
    for e in events:
        e.update(evidence=[], sources=[], doc_ids=[], mention_ids=[])
    em, m, d, s, ev = t.event_mentions.c, t.mentions.c, t.documents.c, t.sources.c, t.evidence.c
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = store.rows(
            select(em.event_id, em.mention_id, d.doc_id, s.name.label("source"), ev.sentence)
            .join(t.mentions, m.mention_id == em.mention_id)
            .join(t.documents, d.id == m.document_id)
            .outerjoin(t.sources, s.source_id == d.source_id)
            .outerjoin(t.evidence, ev.mention_id == em.mention_id)
            .where(em.event_id.in_(chunk))
            .order_by(em.event_id, em.mention_id, ev.start)
        )
        for row in rows:
            e = by_id[row["event_id"]]
            for key, value in (("mention_ids", row["mention_id"]), ("doc_ids", row["doc_id"]),
                               ("sources", row["source"]), ("evidence", row["sentence"])):
                if value is not None and value not in e[key]:
                    e[key].append(value)


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with each of its mentions, their field spans and the sentences they came from."""
    events = store.rows(select(t.events).where(t.events.c.event_id.startswith(event_id)).limit(2))
    if len(events) != 1:
        return None
    event = events[0]
    m, d, s = t.mentions.c, t.documents.c, t.sources.c
    mentions = store.rows(
        select(t.mentions, d.doc_id, d.url, d.title, d.published, s.name.label("source"), d.text.label("doc_text"))
        .join(t.event_mentions, t.event_mentions.c.mention_id == m.mention_id)
        .join(t.documents, d.id == m.document_id)
        .outerjoin(t.sources, s.source_id == d.source_id)
        .where(t.event_mentions.c.event_id == event["event_id"])
    )
    for mention in mentions:
        text = mention.pop("doc_text")
        for span in mention["field_spans"]:
            span["sentence_start"], span["sentence"] = _sentence_around(text, span["start"], span["end"])
        mention["evidence"] = [
            r["sentence"] for r in store.rows(
                select(t.evidence.c.sentence).where(t.evidence.c.mention_id == mention["mention_id"])
            )
        ]
    event["mentions"] = mentions
    return event


def _sentence_around(text: str, start: int, end: int) -> tuple[int, str]:
    """The sentence holding ``text[start:end]`` and the offset in ``text`` where it begins."""
    stop = text.rfind(". ", 0, start)
    left = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, start) + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    sentence = text[left:right]
    stripped = sentence.lstrip()
    return left + len(sentence) - len(stripped), stripped.rstrip()


def list_documents(store: Store, limit: int | None = None, with_text: bool = False,
                   offset: int = 0) -> list[dict[str, Any]]:
    """Stored documents (every version), newest ingest first."""
    d, s = t.documents.c, t.sources.c
    cols = [d.doc_id, d.version, d.url, s.name.label("source"), d.published, d.title, d.author, d.section,
            d.language, d.input_name, d.notes, d.ingested_at]
    if with_text:
        cols.append(d.text)
    query = select(*cols).outerjoin(t.sources, s.source_id == d.source_id).order_by(d.id.desc()).offset(offset)
    if limit:
        query = query.limit(limit)
    return store.rows(query)


def get_document(store: Store, doc_id: str, version: int | None = None) -> dict[str, Any] | None:
    """One stored document version (the newest unless named) with its text, mentions and claims."""
    d, s = t.documents.c, t.sources.c
    query = (select(t.documents, s.name.label("source")).outerjoin(t.sources, s.source_id == d.source_id)
             .where(d.doc_id == doc_id))
    query = query.where(d.version == version) if version else query.order_by(d.version.desc())
    found = store.rows(query.limit(1))
    if not found:
        return None
    doc = found[0]
    m, em = t.mentions.c, t.event_mentions.c
    doc["mentions"] = store.rows(
        select(t.mentions, em.event_id).outerjoin(t.event_mentions, em.mention_id == m.mention_id)
        .where(m.document_id == doc["id"]).order_by(m.mention_id)
    )
    for mention in doc["mentions"]:
        mention["evidence"] = store.rows(
            select(t.evidence.c.start, t.evidence.c.end, t.evidence.c.sentence)
            .where(t.evidence.c.mention_id == mention["mention_id"]).order_by(t.evidence.c.start)
        )
    doc["claims"] = store.rows(select(t.claims).where(t.claims.c.document_id == doc["id"])
                               .order_by(t.claims.c.claim_id))
    doc["versions"] = [r["version"] for r in store.rows(select(d.version).where(d.doc_id == doc_id)
                                                         .order_by(d.version))]
    return doc


def list_claims(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stored claims with the document they came from."""
    d = t.documents.c
    query = (
        select(t.claims, d.doc_id, d.published)
        .join(t.documents, d.id == t.claims.c.document_id)
        .order_by(d.published.desc(), t.claims.c.claim_id)
        .offset(offset)
    )
    if limit:
        query = query.limit(limit)
    return store.rows(query)


def page_mentions(store: Store, f: EventFilter = EventFilter(), offset: int = 0,
                  limit: int = 50) -> list[dict[str, Any]]:
    """One page of the mentions of the events the filter selects, with their event, document and source."""
    m, d, s, em = t.mentions.c, t.documents.c, t.sources.c, t.event_mentions.c
    query = (
        select(t.mentions, em.event_id, d.doc_id, d.published, s.name.label("source"))
        .join(t.event_mentions, em.mention_id == m.mention_id)
        .join(t.events, t.events.c.event_id == em.event_id)
        .join(t.documents, d.id == m.document_id)
        .outerjoin(t.sources, s.source_id == d.source_id)
        .order_by(m.mention_id).offset(offset).limit(limit)
    )
    return store.rows(_filtered(query, f))


def events_of_mentions(store: Store, mention_ids: list[str]) -> list[str]:
    """The ids of the events that now hold these mentions, sorted."""
    em = t.event_mentions.c
    found: set[str] = set()
    for start in range(0, len(mention_ids), 500):
        chunk = mention_ids[start : start + 500]
        found.update(r["event_id"] for r in store.rows(select(em.event_id).where(em.mention_id.in_(chunk))))
    return sorted(found)


def mentions_without_event(store: Store) -> list[dict[str, Any]]:
    """Mentions not yet assigned to any event, with their document's id, source and date."""
    m, d, s = t.mentions.c, t.documents.c, t.sources.c
    return store.rows(
        select(t.mentions, d.doc_id, d.published, s.name.label("source"))
        .join(t.documents, d.id == m.document_id)
        .outerjoin(t.sources, s.source_id == d.source_id)
        .outerjoin(t.event_mentions, t.event_mentions.c.mention_id == m.mention_id)
        .where(t.event_mentions.c.event_id.is_(None))
        .order_by(m.mention_id)
    )

