"""Puts the stages together for a batch: read inputs, build documents, extract, store, merge incidents."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .config import Settings
from .errors import ConflictlensError
from .extract.document import extract_batch
from .ingest.document import build_document
from .ingest.sources import RawInput, iter_inputs
from .model import Document, Extraction
from .store.db import Store
from .store.incident_store import update_incidents as merge_new_mentions

log = logging.getLogger(__name__)

Extractor = Callable[[Sequence[Document], int], list[Extraction]]
Progress = Callable[[int], None]


@dataclass
class BatchSummary:
    """What a batch did: documents stored, skipped as duplicates, and failed with reasons."""

    stored: int = 0
    duplicates: int = 0
    mentions: int = 0
    claims: int = 0
    not_extracted: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def inputs(self) -> int:
        """How many inputs the batch saw."""
        return self.stored + self.duplicates + len(self.failed)


def _fail(summary: BatchSummary, name: str, reason: str) -> None:
    log.warning("%s", reason if reason.startswith(name) else f"{name}: {reason}")
    summary.failed.append((name, reason))


def _build(raw: RawInput, published: dt.date | None, source: str | None, summary: BatchSummary) -> Document | None:
    try:
        return build_document(raw, published=published, source=source)
    except ConflictlensError as exc:
        _fail(summary, raw.name, str(exc))
    except Exception as exc:
        log.debug("unexpected error on %s", raw.name, exc_info=True)
        _fail(summary, raw.name, f"{raw.name}: unexpected {exc.__class__.__name__}: {exc}")
    return None


def _extract(
    english: list[Document], extractor: Extractor, settings: Settings, summary: BatchSummary
) -> dict[str, Extraction]:
    """Extract a batch at once; a batch that breaks the extractor is retried one document at a time."""
    if not english:
        return {}  # no need to load the language model for a batch of other languages
    try:
        return dict(zip((d.content_hash for d in english), extractor(english, settings.batch_size), strict=True))
    except Exception:
        log.debug("batch extraction failed", exc_info=True)
    found = {}
    for doc in english:
        try:
            found[doc.content_hash] = extractor([doc], 1)[0]
        except Exception as exc:  # noqa: BLE001
            _fail(summary, doc.input_name, f"{doc.input_name}: extraction failed ({exc.__class__.__name__})")
    return found


def _store_batch(
    docs: list[Document], store: Store, extractor: Extractor, settings: Settings, summary: BatchSummary
) -> None:
    known = store.known_hashes(d.content_hash for d in docs)
    fresh: dict[str, Document] = {}
    for doc in docs:
        if doc.content_hash in known or doc.content_hash in fresh:
            summary.duplicates += 1
        else:
            fresh[doc.content_hash] = doc
    todo = list(fresh.values())
    found = _extract([d for d in todo if d.language == "en"], extractor, settings, summary)
    for doc in todo:
        if doc.language == "en" and doc.content_hash not in found:
            continue
        extraction = found.get(doc.content_hash, Extraction())
        try:
            result = store.write(doc, extraction)
        except ConflictlensError as exc:
            _fail(summary, doc.input_name, str(exc))
            continue
        if result.status == "duplicate":
            summary.duplicates += 1
            continue
        summary.stored += 1
        summary.mentions += result.mentions
        summary.claims += result.claims
        summary.not_extracted += doc.language != "en"


def run_batch(
    targets: Sequence[str],
    settings: Settings,
    store: Store,
    published: dt.date | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
    allow_private: bool = False,
) -> BatchSummary:
    """Ingest every input the targets name into the store, one transaction per document.

    URLs on loopback, private, link-local or metadata addresses are refused unless allow_private.
    """
    if extractor is None:
        actors_file = Path(settings.actors) if settings.actors else None
        extractor = partial(extract_batch, actors_file=actors_file)
    summary = BatchSummary()
    pending: list[Document] = []
    for item in _inputs(targets, settings, allow_private):
        if isinstance(item, ConflictlensError):
            _fail(summary, str(item).split(": ", 1)[0], str(item))
        else:
            doc = _build(item, published, source, summary)
            if doc is not None:
                pending.append(doc)
        if progress:
            progress(1)
        if len(pending) >= settings.batch_size:
            _store_batch(pending, store, extractor, settings, summary)
            pending = []
    if pending:
        _store_batch(pending, store, extractor, settings, summary)
    update_incidents(store)
    return summary


def update_incidents(store: Store) -> int:
    """Merge every mention not yet in an incident into the incidents (incremental, overrides kept)."""
    return merge_new_mentions(store)


def _inputs(
    targets: Sequence[str], settings: Settings, allow_private: bool
) -> Iterable[RawInput | ConflictlensError]:
    return iter_inputs(list(targets), settings.fetch_timeout, settings.max_bytes, allow_private)
