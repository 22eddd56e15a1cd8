"""Incidents in the store: merge new mentions into the events table, and record analysts' splits and merges.

`update_incidents` reads the mentions not yet in an event, loads only the incidents whose mentions'
date windows reach theirs (one day of tolerance, a month or year date covering its whole month or
year), runs `incidents.assign_incidents` with every override recorded in `incident_overrides`, and
rewrites just the events whose membership changed. Event ids are the incidents' ids (a hash of the
smallest mention id), so the same mentions give the same events whatever the order of ingest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func, insert, or_, select

from ..errors import InputError
from ..incidents import Incident, MentionRecord, Overrides, assign_incidents
from ..model import Mention, Place
from . import schema as t
from .db import Store
from .events_table import replace_events
from .queries import mentions_without_event

__all__ = ["MERGE", "SPLIT", "apply_overrides", "event_mention_ids", "incident_from_event", "incident_row", "list_overrides",
           "load_overrides", "merge_incidents", "record_mention", "record_override", "split_incident",
           "update_incidents"]

SPLIT, MERGE = "split", "merge"
_TOLERANCE_DAYS = 1
_CHUNK = 500


def record_mention(row: dict[str, Any]) -> MentionRecord:
    """A MentionRecord from a mentions row joined with its document's doc_id, published and source."""
    has_place = any(row.get(k) is not None for k in ("country", "admin1", "admin1_code", "lat"))
    place = Place(
        name=row.get("location") or row.get("admin1") or row.get("country") or "",
        country=row.get("country"), admin1=row.get("admin1"), admin1_code=row.get("admin1_code"),
        admin2=row.get("admin2"), lat=row.get("lat"), lon=row.get("lon"),
        precision=row.get("geo_precision") or 3, trace=row.get("geo_trace") or "",
    ) if has_place else None
    mention = Mention(
        event_type=row["event_type"], date_start=row.get("date_start"), date_end=row.get("date_end"),
        date_precision=row.get("date_precision"), perpetrator=row.get("perpetrator") or "unknown",
        perpetrator_attribution=row.get("perpetrator_attribution") or "unknown", target=row.get("target"),
        target_type=row.get("target_type") or "unknown", location=row.get("location"), place=place,
        killed=row.get("killed"), killed_low=row.get("killed_low"), killed_high=row.get("killed_high"),
        wounded=row.get("wounded"), kidnapped=row.get("kidnapped"),
    )
    return MentionRecord(row["mention_id"], row["doc_id"], row.get("source"), row.get("published"), mention)


def incident_row(incident: Incident) -> dict[str, Any]:
    """The events-table fields of an incident, with its mention ids and sources."""
    s, place = incident.summary, incident.summary.place
    return {
        "event_id": incident.incident_id, "event_type": s.event_type, "date_start": s.date_start,
        "date_end": s.date_end, "date_precision": s.date_precision, "perpetrator": s.perpetrator,
        "perpetrator_attribution": s.perpetrator_attribution, "target": s.target, "target_type": s.target_type,
        "location": s.location, "country": place.country if place else None,
        "admin1": place.admin1 if place else None, "admin1_code": place.admin1_code if place else None,
        "admin2": place.admin2 if place else None, "lat": place.lat if place else None,
        "lon": place.lon if place else None, "geo_precision": place.precision if place else None,
        "killed": incident.killed_best, "killed_low": incident.killed_low, "killed_high": incident.killed_high,
        "wounded": s.wounded, "kidnapped": s.kidnapped,
        "mention_ids": list(incident.mention_ids), "sources": list(incident.sources),
    }


def _window(row: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days a mention's date may fall on: its whole month or year for coarse dates."""
    start = row.get("date_start")
    if start is None:
        return None
    end = max(start, row.get("date_end") or start)
    if row.get("date_precision") == "month":
        nxt = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return start.replace(day=1), nxt - dt.timedelta(days=1)
    if row.get("date_precision") == "year":
        return dt.date(start.year, 1, 1), dt.date(end.year, 12, 31)
    return start, end


def _spans(windows: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Padded windows merged into as few disjoint spans as cover them."""
    pad = dt.timedelta(days=_TOLERANCE_DAYS)
    spans: list[tuple[dt.date, dt.date]] = []
    for lo, hi in sorted((lo - pad, hi + pad) for lo, hi in windows):
        if spans and lo <= spans[-1][1] + dt.timedelta(days=1):
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _assigned_mentions(store: Store, condition: Any) -> list[dict[str, Any]]:
    """Mentions already in an event that meet ``condition``, with their event id and document fields."""
    m, d, s, em = t.mentions.c, t.documents.c, t.sources.c, t.event_mentions.c
    return store.rows(
        select(t.mentions, em.event_id, d.doc_id, d.published, s.name.label("source"))
        .join(t.event_mentions, em.mention_id == m.mention_id)
        .join(t.documents, d.id == m.document_id)
        .outerjoin(t.sources, s.source_id == d.source_id)
        .where(condition)
    )


def _events_near(store: Store, windows: Sequence[tuple[dt.date, dt.date]]) -> set[str]:
    """Ids of events holding a mention whose date window meets one of the padded windows."""
    m = t.mentions.c
    found: set[str] = set()
    spans = _spans(windows)
    for start in range(0, len(spans), 50):
        chunk = spans[start : start + 50]
        # coarse SQL bounds (a year date may start up to a year before the span), exact check below
        condition = or_(*(and_(m.date_start <= hi, func.coalesce(m.date_end, m.date_start)
                               >= lo - dt.timedelta(days=366)) for lo, hi in chunk))
        for row in _assigned_mentions(store, condition):
            window = _window(row)
            if window and any(window[0] <= hi and window[1] >= lo for lo, hi in chunk):
                found.add(row["event_id"])
    return found


def _load_incidents(store: Store, event_ids: Iterable[str]) -> list[Incident]:
    """The stored incidents with these ids, rebuilt with every member mention."""
    ids = sorted(set(event_ids))
    members: dict[str, list[MentionRecord]] = {}
    rows: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in _assigned_mentions(store, t.event_mentions.c.event_id.in_(chunk)):
            members.setdefault(row["event_id"], []).append(record_mention(row))
        for row in store.rows(select(t.events).where(t.events.c.event_id.in_(chunk))):
            rows[row["event_id"]] = row
    return [incident_from_event(rows[i], sorted(members[i], key=lambda r: r.mention_id))
            for i in ids if i in rows and i in members]


def incident_from_event(row: dict[str, Any], members: Sequence[MentionRecord] = ()) -> Incident:
    """An Incident from its events row (the combined fields) and its member mentions."""
    summary = record_mention({**row, "mention_id": row["event_id"], "doc_id": ""}).mention
    return Incident(
        incident_id=row["event_id"], mention_ids=tuple(r.mention_id for r in members),
        doc_ids=tuple(sorted({r.doc_id for r in members})),
        sources=tuple(sorted({r.source for r in members if r.source})), summary=summary,
        killed_low=row.get("killed_low"), killed_best=row.get("killed"), killed_high=row.get("killed_high"),
        members=tuple(members),
    )


def load_overrides(store: Store) -> Overrides:
    """Every analyst decision recorded in incident_overrides, oldest first."""
    o = t.incident_overrides.c
    rows = store.rows(select(o.action, o.mention_ids).order_by(o.id))
    split = tuple(frozenset(r["mention_ids"]) for r in rows if r["action"] == SPLIT)
    merge = tuple(frozenset(r["mention_ids"]) for r in rows if r["action"] == MERGE)
    return Overrides(split=split, merge=merge)


def _write_changes(store: Store, before: Sequence[Incident], after: Sequence[Incident]) -> int:
    """Rewrite the events whose membership changed; return how many events were written."""
    old = {inc.incident_id: inc.mention_ids for inc in before}
    changed = [inc for inc in after if old.get(inc.incident_id) != inc.mention_ids]
    kept = {inc.incident_id for inc in after if old.get(inc.incident_id) == inc.mention_ids}
    drop = [i for i in old if i not in kept]
    return replace_events(store, [incident_row(inc) for inc in changed], drop_ids=drop)


def update_incidents(store: Store) -> int:
    """Merge every mention not yet in an event into the incidents; return how many events were written."""
    rows = mentions_without_event(store)
    if not rows:
        return 0
    new = [record_mention(row) for row in rows]
    windows = [w for w in map(_window, rows) if w]
    existing = _load_incidents(store, _events_near(store, windows))
    return _write_changes(store, existing, assign_incidents(new, existing, load_overrides(store)))


def apply_overrides(store: Store, mention_ids: Iterable[str]) -> int:
    """Re-run merging around the named mentions so that recorded overrides take effect now."""
    ids = sorted(set(mention_ids))
    rows = [r for start in range(0, len(ids), _CHUNK)
            for r in _assigned_mentions(store, t.mentions.c.mention_id.in_(ids[start : start + _CHUNK]))]
    windows = [w for w in map(_window, rows) if w]
    existing = _load_incidents(store, _events_near(store, windows) | {r["event_id"] for r in rows})
    return _write_changes(store, existing, assign_incidents((), existing, load_overrides(store)))


def event_mention_ids(store: Store, event_id: str) -> tuple[str, list[str]]:
    """The full id of the event ``event_id`` (or a unique prefix of it) and its mention ids."""
    e, em = t.events.c, t.event_mentions.c
    found = store.rows(select(e.event_id).where(e.event_id.startswith(event_id)).limit(2))
    if len(found) != 1:
        raise InputError(f"{event_id}: no such event (or the prefix is ambiguous)")
    full = found[0]["event_id"]
    mentions = store.rows(select(em.mention_id).where(em.event_id == full).order_by(em.mention_id))
    return full, [r["mention_id"] for r in mentions]


def record_override(store: Store, action: str, mention_ids: Sequence[str], note: str | None = None) -> None:
    """Store one analyst decision; it applies to every later merge."""
    if action not in (SPLIT, MERGE):
        raise InputError(f"override {action!r}: expected {SPLIT} or {MERGE}")
    with store.engine.begin() as conn:
        conn.execute(insert(t.incident_overrides).values(
            action=action, mention_ids=sorted(set(mention_ids)), note=note, created_at=dt.datetime.now(dt.UTC)))


def split_incident(store: Store, event_id: str, mention_ids: Sequence[str] = (),
                   note: str | None = None) -> tuple[str, int]:
    """Split an event (every mention apart, or only ``mention_ids`` out of it), record it and apply it now.

    Returns the event's full id and how many mentions now stand apart.
    """
    full, members = event_mention_ids(store, event_id)
    named = list(dict.fromkeys(mention_ids))
    if unknown := [m for m in named if m not in members]:
        raise InputError(f"{unknown[0]}: not a mention of event {full}")
    if not named and len(members) < 2:
        raise InputError(f"{full}: has one mention, nothing to split")
    for group in [[m] for m in named] if named else [members]:
        record_override(store, SPLIT, group, note)
    apply_overrides(store, members)
    return full, len(named) or len(members)


def merge_incidents(store: Store, event_ids: Sequence[str], note: str | None = None) -> list[str]:
    """Merge events into one incident (unless an earlier split keeps some apart), record it, apply it now.

    Returns the mention ids merged.
    """
    if len(set(event_ids)) < 2:
        raise InputError("merge needs at least two events")
    fulls = [event_mention_ids(store, event_id) for event_id in dict.fromkeys(event_ids)]
    if len({full for full, _ in fulls}) < 2:
        raise InputError("merge needs at least two different events")
    members = [m for _, mentions in fulls for m in mentions]
    record_override(store, MERGE, members, note)
    apply_overrides(store, members)
    return members


def list_overrides(store: Store) -> list[dict[str, Any]]:
    """The recorded analyst decisions, oldest first."""
    return store.rows(select(t.incident_overrides).order_by(t.incident_overrides.c.id))
