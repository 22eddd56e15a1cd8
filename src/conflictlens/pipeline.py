"""Puts the stages together for a batch: read inputs, build documents, extract, store, merge incidents."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    # the CLI's closing summary names each failed input once; the log repeats it only with -v
    log.info("%s", reason if reason.startswith(name) else f"{name}: {reason}")
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


def extract_documents(
    docs: Sequence[Document], extractor: Extractor, settings: Settings, summary: BatchSummary
) -> list[tuple[Document, Extraction]]:
    """Each document with what was extracted from it (the per-document stage both runners call)."""
    found = _extract([d for d in docs if d.language == "en"], extractor, settings, summary)
    return [(doc, found.get(doc.content_hash, Extraction())) for doc in docs
            if doc.language != "en" or doc.content_hash in found]


def build_documents(
    raws: Iterable[RawInput], published: dt.date | None, source: str | None, summary: BatchSummary
) -> list[Document]:
    """The documents of these raw inputs, one copy per content; broken inputs noted in the summary."""
    fresh: dict[str, Document] = {}
    for raw in raws:
        doc = _build(raw, published, source, summary)
        if doc is None:
            continue
        if doc.content_hash in fresh:
            summary.duplicates += 1
        else:
            fresh[doc.content_hash] = doc
    return list(fresh.values())


def store_extracted(pairs: Iterable[tuple[Document, Extraction]], store: Store, summary: BatchSummary) -> None:
    """Write each document with its extraction, one transaction each; known content counts as a duplicate."""
    for doc, extraction in pairs:
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
    store_extracted(extract_documents(list(fresh.values()), extractor, settings, summary), store, summary)


def default_extractor(settings: Settings) -> Extractor:
    """The extract stage with the settings' actors file, as both runners use it."""
    actors_file = Path(settings.actors) if settings.actors else None
    return partial(extract_batch, actors_file=actors_file)


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
        extractor = default_extractor(settings)
    summary = BatchSummary()
    pending: list[Document] = []
    for raw in input_errors(inputs_of(targets, settings, allow_private), summary):
        doc = _build(raw, published, source, summary)
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


def inputs_of(
    targets: Sequence[str], settings: Settings, allow_private: bool = False
) -> Iterable[RawInput | ConflictlensError]:
    """The raw inputs the targets expand to, and an error for each that cannot be read."""
    return iter_inputs(list(targets), settings.fetch_timeout, settings.max_bytes, allow_private)


def input_errors(items: Iterable[RawInput | ConflictlensError], summary: BatchSummary) -> Iterator[RawInput]:
    """The raw inputs among these items; each input that could not be read is noted in the summary."""
    for item in items:
        if isinstance(item, ConflictlensError):
            _fail(summary, str(item).split(": ", 1)[0], str(item))
        else:
            yield item
