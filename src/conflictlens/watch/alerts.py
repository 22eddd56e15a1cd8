"""Watch alerts: series that surge (with their test and p-value) and new incidents matching a rule, with evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..analytics.surges import Surge, detect_surges
from ..analytics.trends import period_start
from ..store import schema as t
from ..store.aggregate import cell_event_ids, trend_series
from ..store.db import Store
from ..store.queries import EventFilter
from .config import SurgeWatch, WatchRule

MAX_LISTED = 50  # incidents listed in one surge alert; the count is always the full one
_CHUNK = 500
_EVENT_FIELDS = ("event_id", "event_type", "date_start", "date_end", "perpetrator", "target", "location", "admin1",
                 "country", "killed", "wounded")


@dataclass(frozen=True)
class Candidate:
    """An alert that may be raised: its id, the id that would mark it a continuation, and its JSON payload."""

    alert_id: str
    kind: str
    payload: dict[str, Any]
    follows: str | None = None


def alert_id(*parts: object) -> str:
    """A stable alert id from what identifies the alert (series and period, or rule and incident)."""
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:32]


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    return (values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK))


def events_of_documents(store: Store, content_hashes: Iterable[str]) -> list[dict[str, Any]]:
    """The incidents holding a mention from any of these documents (by content hash)."""
    em, m, d = t.event_mentions.c, t.mentions.c, t.documents.c
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(sorted(set(content_hashes))):
        ids = (select(em.event_id).join(t.mentions, m.mention_id == em.mention_id)
               .join(t.documents, d.id == m.document_id).where(d.content_hash.in_(chunk)))
        for row in store.rows(select(t.events).where(t.events.c.event_id.in_(ids))):
            found[row["event_id"]] = row
    return sorted(found.values(), key=lambda e: (e["date_start"] or dt.date.min, e["event_id"]))


def incidents_with_evidence(store: Store, event_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each incident's main fields with the sentences that report it and the links of their documents."""
    em, m, d, ev = t.event_mentions.c, t.mentions.c, t.documents.c, t.evidence.c
    events: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(list(event_ids)):
        for row in store.rows(select(t.events).where(t.events.c.event_id.in_(chunk))):
            events[row["event_id"]] = {k: row[k] for k in _EVENT_FIELDS} | {"evidence": [], "links": []}
        rows = store.rows(
            select(em.event_id, ev.sentence, d.url)
            .join(t.mentions, m.mention_id == em.mention_id)
            .join(t.documents, d.id == m.document_id)
            .outerjoin(t.evidence, ev.mention_id == em.mention_id)
            .where(em.event_id.in_(chunk))
            .order_by(em.event_id, em.mention_id, ev.start)
        )
        for row in rows:
            event = events[row["event_id"]]
            for key, value in (("evidence", row["sentence"]), ("links", row["url"])):
                if value and value not in event[key]:
                    event[key].append(value)
    return [events[i] for i in event_ids if i in events]


def rule_matches(rule: WatchRule, event: dict[str, Any]) -> bool:
    """True when the incident meets every condition the rule sets (actor and type exact, place a substring)."""
    if rule.actor and (event.get("perpetrator") or "").casefold() != rule.actor.casefold():
        return False
    if rule.event_type and event.get("event_type") != rule.event_type:
        return False
    if rule.place:
        wanted = rule.place.casefold()
        if not any(wanted in (event.get(k) or "").casefold() for k in ("location", "admin1", "admin2", "country")):
            return False
    return rule.min_killed is None or (event.get("killed") or 0) >= rule.min_killed


def rule_candidates(store: Store, rules: Sequence[WatchRule], events: Sequence[dict[str, Any]]) -> list[Candidate]:
    """An alert for every (rule, incident) pair that matches among these incidents."""
    pairs = [(rule, e) for e in events for rule in rules if rule_matches(rule, e)]
    detail = {e["event_id"]: e for e in incidents_with_evidence(store, list({e["event_id"]: 0 for _, e in pairs}))}
    return [Candidate(alert_id("rule", rule.name, e["event_id"]), "rule",
                      {"kind": "rule", "rule": rule.name, "incident": detail[e["event_id"]]})
            for rule, e in pairs if e["event_id"] in detail]


def _surge_payload(surge: Surge, opts: SurgeWatch, incidents: list[dict[str, Any]], total: int) -> dict[str, Any]:
    return {
        "kind": "surge", "series": surge.key, "by": opts.by or "all", "freq": opts.freq,
        "period_start": surge.period_start, "period_end": surge.period_end, "observed": surge.observed,
        "expected": round(surge.expected, 3), "ratio": round(surge.ratio, 3), "p_value": surge.p_value,
        "q_value": surge.q_value, "test": surge.method, "fdr": opts.fdr, "incident_count": total,
        "incidents": incidents,
    }


def surge_candidates(store: Store, opts: SurgeWatch, today: dt.date) -> list[Candidate]:
    """An alert for every series whose latest periods (up to the one holding today) surge.

    An alert names the series and the first period it tests; `follows` is the same series' alert for
    the period before, so that a surge carrying on is told apart from one newly crossing the threshold.
    """
    f = EventFilter(until=today)
    series = trend_series(store, f, opts.freq, opts.by)
    surges = detect_surges(series, k=opts.recent, baseline=opts.baseline, q=opts.fdr, min_count=opts.min_count)
    found = []
    for surge in (s for s in surges if s.alert):
        ids = cell_event_ids(store, f, opts.freq, opts.by, surge.key, surge.period_start,
                             period_start(surge.period_end, opts.freq))
        incidents = incidents_with_evidence(store, ids[:MAX_LISTED])
        before = period_start(surge.period_start - dt.timedelta(days=1), opts.freq)
        name = (opts.by or "all", opts.freq, opts.recent, surge.key)
        found.append(Candidate(alert_id("surge", *name, surge.period_start), "surge",
                               _surge_payload(surge, opts, incidents, len(ids)),
                               follows=alert_id("surge", *name, before)))
    return found
