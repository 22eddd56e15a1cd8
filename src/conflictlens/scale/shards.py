"""Shards of raw inputs and the task a worker runs on one: build, extract, stage as Parquet."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from typing import Any

from ..config import Settings
from ..ingest.sources import RawInput
from ..pipeline import BatchSummary, Extractor, build_documents, default_extractor, extract_documents
from .staging import read_manifest, write_shard

DEFAULT_SHARD_SIZE = 64


@dataclass(frozen=True)
class Shard:
    """A run of raw inputs processed as one task; its id is derived from the inputs' content."""

    index: int
    shard_id: str
    raws: tuple[RawInput, ...]


def _shard_id(raws: tuple[RawInput, ...]) -> str:
    digest = hashlib.sha256()
    for raw in raws:
        for part in astuple(raw):
            digest.update(b"\x00" if part is None else b"\x01" + str(part).encode("utf-8"))
    return digest.hexdigest()[:24]


def make_shards(raws: Iterable[RawInput], size: int) -> Iterator[Shard]:
    """Split raw inputs into shards of ``size`` inputs, in input order."""
    chunk: list[RawInput] = []
    index = 0
    for raw in raws:
        chunk.append(raw)
        if len(chunk) >= size:
            yield Shard(index, _shard_id(tuple(chunk)), tuple(chunk))
            chunk, index = [], index + 1
    if chunk:
        yield Shard(index, _shard_id(tuple(chunk)), tuple(chunk))


def run_shard(
    shard: Shard, staging: str, settings: Settings, published: dt.date | None, source: str | None,
    extractor: Extractor | None = None,
) -> dict[str, Any]:
    """Build, extract and stage one shard (a shard already staged is not redone); returns its manifest."""
    done = read_manifest(staging, shard.shard_id)
    if done is not None:
        return done
    summary = BatchSummary()
    docs = build_documents(shard.raws, published, source, summary)
    pairs = extract_documents(docs, extractor or default_extractor(settings), settings, summary)
    manifest = {"shard_id": shard.shard_id, "index": shard.index, "inputs": len(shard.raws),
                "documents": len(pairs), "duplicates": summary.duplicates,
                "failed": [list(item) for item in summary.failed]}
    write_shard(staging, shard.shard_id, pairs, manifest)
    return manifest
