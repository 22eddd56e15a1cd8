"""One watch cycle: poll each due source politely, store its new entries, merge incidents, raise each alert once.

Order matters for a restart: entries are marked seen, and a source's new ETag/Last-Modified saved, only
after its entries are stored and the cycle's alerts raised. A run killed half-way therefore fetches the
same feed again in full next time; entries already stored are skipped as duplicates, so none is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..errors import ConflictlensError, FetchError, RobotsDisallowed
from ..ingest.fetch import FetchResult
from ..ingest.sources import RawInput, fetched_records
from ..pipeline import (
    BatchSummary,
    Extractor,
    build_documents,
    extract_documents,
    store_extracted,
    update_incidents,
)
from ..store.db import Store
from .alerts import Candidate, events_of_documents, rule_candidates, surge_candidates
from .config import WatchConfig, WatchSource
from .polite import PoliteFetcher
from .sinks import Sink, alert_json, deliver
from .state import (
    PENDING,
    SourceState,
    claim_alert,
    known_alerts,
    load_states,
    mark_delivered,
    mark_seen,
    pending_alerts,
    save_state,
    unseen,
)

log = logging.getLogger(__name__)

MAX_BACKOFF = 24 * 3600.0


@dataclass(frozen=True)
class Entry:
    """One item of a source: a key that changes when its content does, and the raw record to ingest."""

    key: str
    raw: RawInput


@dataclass
class Watcher:
    """Everything a cycle needs: the watch file, the store, settings, the polite fetcher, the sinks, the extractor."""

    config: WatchConfig
    store: Store
    settings: Settings
    fetcher: PoliteFetcher
    sinks: Sequence[tuple[str, Sink]]
    extractor: Extractor


@dataclass
class CycleReport:
    """What one cycle did: sources polled, documents stored, alerts sent, and every failure with its reason."""

    polled: int = 0
    not_modified: int = 0
    new_entries: int = 0
    deferred: int = 0
    alerts: int = 0
    stopped: bool = False
    source_errors: list[str] = field(default_factory=list)
    alert_errors: list[str] = field(default_factory=list)
    batch: BatchSummary = field(default_factory=BatchSummary)

    @property
    def failed(self) -> bool:
        """True when a source, a document or an alert delivery failed."""
        return bool(self.source_errors or self.alert_errors or self.batch.failed)


@dataclass
class _Polled:
    """A source fetched this cycle: the state to save once its entries are in, the entry keys done."""

    state: SourceState
    done: list[str] = field(default_factory=list)


def entry_key(raw: RawInput) -> str:
    """A key for an entry that changes when its link, title or text does (an edit is a new entry)."""
    parts = (raw.url or "", raw.title or "", raw.text or raw.html or "")
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def due(config: WatchConfig, states: dict[str, SourceState], now: dt.datetime) -> list[WatchSource]:
    """The sources whose next fetch is due (never fetched, or next_due reached), in the file's order."""
    return [s for s in config.sources
            if s.url not in states or states[s.url].next_due is None or states[s.url].next_due <= now]  # type: ignore[operator]


def _later(now: dt.datetime, seconds: float) -> dt.datetime:
    return now + dt.timedelta(seconds=seconds)


def _failed_state(w: Watcher, source: WatchSource, old: SourceState, now: dt.datetime, reason: str) -> SourceState:
    """The state after a failed fetch: backoff doubling with each failure in a row, Retry-After respected."""
    failures = old.failures + 1
    wait = min(source.interval * 2 ** (failures - 1), max(MAX_BACKOFF, source.interval))
    wait = max(wait, w.fetcher.wait_left(source.url))
    return dataclasses.replace(old, last_fetch=now, last_result=reason, failures=failures, next_due=_later(now, wait))


def _entries(result: FetchResult, source: WatchSource) -> list[Entry]:
    """The entries of a fetched feed (or the page itself); raise InputError for a broken feed."""
    entries = []
    for item in fetched_records(result.body, source.url):
        if isinstance(item, ConflictlensError):
            raise item
        entries.append(Entry(entry_key(item), item))
    return entries


def _article(w: Watcher, raw: RawInput) -> RawInput | None:
    """The linked article page in place of a summary entry, or None to try again next cycle.

    A page gone for good (4xx, robots.txt) leaves the summary; a timeout, server error or backoff defers.
    """
    if not raw.url:
        return raw
    try:
        page = w.fetcher.get(raw.url)
    except FetchError as exc:
        permanent = isinstance(exc, RobotsDisallowed) or exc.status in range(400, 500) and exc.status not in (408, 429)
        log.warning("%s: linked page not fetched (%s)", raw.name, exc.reason)
        return raw if permanent else None
    records = [r for r in fetched_records(page.body, page.url) if isinstance(r, RawInput)]
    if not records or records[0].html is None and records[0].text is None:
        return raw
    return dataclasses.replace(records[0], name=raw.url, title=raw.title or records[0].title,
                               published=raw.published, source=raw.source)


def _ingest(w: Watcher, raw: RawInput, source: WatchSource, now: dt.datetime, report: CycleReport) -> str | None:
    """Store one entry in its own transaction; its content hash once it is in the store (new or known).

    "" for an entry that can never be stored (nothing readable), None when storing failed: retry it.
    """
    summary = report.batch
    docs = build_documents([raw], now.date(), source.outlet, summary)
    if not docs:
        return ""
    doc = docs[0]
    if w.store.known_hashes([doc.content_hash]):
        summary.duplicates += 1
        return doc.content_hash
    store_extracted(extract_documents(docs, w.extractor, w.settings, summary), w.store, summary)
    return doc.content_hash if w.store.known_hashes([doc.content_hash]) else None


def _poll(w: Watcher, source: WatchSource, old: SourceState, now: dt.datetime, stop: Callable[[], bool],
          report: CycleReport, touched: set[str]) -> _Polled:
    report.polled += 1
    try:
        result = w.fetcher.get(source.url, old.etag, old.last_modified)
        if result.status == 304:
            report.not_modified += 1
            return _Polled(dataclasses.replace(old, last_fetch=now, last_result="not modified", failures=0,
                                               next_due=_later(now, source.interval)))
        entries = _entries(result, source)
    except ConflictlensError as exc:
        report.source_errors.append(str(exc))
        return _Polled(_failed_state(w, source, old, now, str(exc)))
    polled = _Polled(old)
    fresh = set(unseen(w.store, source.url, (e.key for e in entries)))
    complete = True
    for entry in (e for e in entries if e.key in fresh):
        if stop():
            report.stopped, complete = True, False
            break
        raw = _article(w, entry.raw) if source.fetch_pages else entry.raw
        stored = None if raw is None else _ingest(w, raw, source, now, report)
        if stored is None:
            report.deferred += 1
            complete = False
            continue
        report.new_entries += 1
        polled.done.append(entry.key)
        if stored:
            touched.add(stored)
    if complete:
        polled.state = SourceState(source.url, result.header("ETag"), result.header("Last-Modified"), now,
                                   f"{len(fresh)} new of {len(entries)}", 0, _later(now, source.interval))
    else:  # keep the old validators, so that the entries left over come back in full next cycle
        polled.state = dataclasses.replace(old, last_fetch=now, failures=0, next_due=now,
                                           last_result=f"{len(polled.done)} of {len(fresh)} new stored, rest pending")
    return polled


def _send(w: Watcher, alert_id: str, kind: str, payload: dict[str, Any], report: CycleReport) -> None:
    failures = deliver(payload, w.sinks)
    if failures:  # stays pending and is sent again next cycle; sinks that took it may then see it twice
        report.alert_errors.extend(failures)
    else:
        mark_delivered(w.store, alert_id, kind)
        report.alerts += 1


def _raise(w: Watcher, candidates: Sequence[Candidate], now: dt.datetime, report: CycleReport) -> None:
    """Send the alerts left pending, then each candidate never raised before.

    An alert is recorded as pending before it is sent, so that neither a crash nor a sink that is
    down loses it. A surge carrying on from the period before is recorded, not sent.
    """
    for alert_id, kind, payload in pending_alerts(w.store):
        _send(w, alert_id, kind, payload, report)
    carried = known_alerts(w.store, (c.follows for c in candidates if c.follows))
    for c in candidates:
        payload = json.loads(alert_json({"alert_id": c.alert_id, "raised_at": now} | c.payload))
        if c.follows in carried:
            claim_alert(w.store, c.alert_id, f"{c.kind}_continued", payload, now)
        elif claim_alert(w.store, c.alert_id, c.kind + PENDING, payload, now):
            _send(w, c.alert_id, c.kind, payload, report)


def run_cycle(w: Watcher, now: dt.datetime, stop: Callable[[], bool] = lambda: False) -> CycleReport:
    """Poll every due source once, store new entries, merge incidents, then raise surge and rule alerts.

    ``now`` is an aware UTC time; ``stop`` is asked between documents, and a stop leaves the rest pending.
    """
    report = CycleReport()
    states = load_states(w.store)
    touched: set[str] = set()
    polled: list[_Polled] = []
    for source in due(w.config, states, now):
        if stop():
            report.stopped = True
            break
        polled.append(_poll(w, source, states.get(source.url, SourceState(source.url)), now, stop, report, touched))
    update_incidents(w.store)
    candidates = surge_candidates(w.store, w.config.surges, now.date())
    if w.config.rules and touched:
        candidates += rule_candidates(w.store, w.config.rules, events_of_documents(w.store, touched))
    _raise(w, candidates, now, report)
    for done in polled:
        mark_seen(w.store, done.state.url, done.done, now)
        save_state(w.store, done.state)
    return report
