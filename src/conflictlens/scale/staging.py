"""Parquet staging: one shard's documents, mentions and claims written atomically, and read back."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from ..codebook import mention_fields
from ..errors import StoreError
from ..model import Claim, Document, Extraction, Mention, Place, Span

Pair = tuple[Document, Extraction]
TABLES = ("documents", "mentions", "claims")

_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_FIELD_SPAN = pa.struct([("field", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
SCHEMAS = {
    "documents": pa.schema([
        ("content_hash", pa.string()), ("doc_id", pa.string()), ("url", pa.string()), ("source", pa.string()),
        ("published", pa.date32()), ("title", pa.string()), ("author", pa.string()), ("section", pa.string()),
        ("language", pa.string()), ("input_name", pa.string()), ("notes", pa.list_(pa.string())),
        ("extraction_notes", pa.list_(pa.string())), ("text", pa.string()),
    ]),
    "mentions": pa.schema([
        ("content_hash", pa.string()), ("mention_index", pa.int32()),
        ("event_type", pa.string()), ("date_start", pa.date32()), ("date_end", pa.date32()),
        ("date_precision", pa.string()), ("perpetrator", pa.string()), ("perpetrator_attribution", pa.string()),
        ("target", pa.string()), ("target_type", pa.string()), ("location", pa.string()),
        ("admin1", pa.string()), ("admin1_code", pa.string()), ("admin2", pa.string()), ("country", pa.string()),
        ("lat", pa.float64()), ("lon", pa.float64()), ("geo_precision", pa.int32()),
        ("killed", pa.int64()), ("wounded", pa.int64()), ("kidnapped", pa.int64()),
        ("killed_low", pa.int64()), ("killed_high", pa.int64()),
        ("place_name", pa.string()), ("place_kind", pa.string()), ("geo_trace", pa.string()),
        ("evidence", pa.list_(_SPAN)), ("field_spans", pa.list_(_FIELD_SPAN)),
    ]),
    "claims": pa.schema([
        ("content_hash", pa.string()), ("claim_index", pa.int32()), ("quantity", pa.string()),
        ("value", pa.int64()), ("low", pa.int64()), ("high", pa.int64()), ("subject", pa.string()),
        ("region", pa.string()), ("period", pa.string()), ("period_start", pa.date32()),
        ("period_end", pa.date32()), ("attributed_to", pa.string()),
        ("evidence_start", pa.int64()), ("evidence_end", pa.int64()), ("evidence", pa.string()),
    ]),
}


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _document_row(doc: Document, extraction: Extraction) -> dict[str, Any]:
    return {
        "content_hash": doc.content_hash, "doc_id": doc.doc_id, "url": doc.url, "source": doc.source,
        "published": doc.published, "title": doc.title, "author": doc.author, "section": doc.section,
        "language": doc.language, "input_name": doc.input_name, "notes": list(doc.notes),
        "extraction_notes": list(extraction.notes), "text": doc.text,
    }


def _mention_row(content_hash: str, index: int, mention: Mention) -> dict[str, Any]:
    place = mention.place
    return {
        "content_hash": content_hash, "mention_index": index, **mention_fields(mention),
        "place_name": place.name if place else None, "place_kind": place.kind if place else None,
        "geo_trace": place.trace if place else None,
        "evidence": [_span(s) for s in mention.evidence],
        "field_spans": [{"field": name, **_span(s)} for name, s in mention.field_spans],
    }


def _claim_row(content_hash: str, index: int, claim: Claim) -> dict[str, Any]:
    span = claim.evidence
    return {
        "content_hash": content_hash, "claim_index": index, "quantity": claim.quantity, "value": claim.value,
        "low": claim.low, "high": claim.high, "subject": claim.subject, "region": claim.region,
        "period": claim.period, "period_start": claim.period_start, "period_end": claim.period_end,
        "attributed_to": claim.attributed_to, "evidence_start": span.start if span else None,
        "evidence_end": span.end if span else None, "evidence": span.text if span else None,
    }


def shard_tables(pairs: Sequence[Pair]) -> dict[str, pa.Table]:
    """One shard's documents, mentions and claims as Arrow tables in the codebook's columns."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc, extraction in pairs:
        rows["documents"].append(_document_row(doc, extraction))
        rows["mentions"].extend(_mention_row(doc.content_hash, i, m) for i, m in enumerate(extraction.mentions))
        rows["claims"].extend(_claim_row(doc.content_hash, i, c) for i, c in enumerate(extraction.claims))
    return {name: pa.Table.from_pylist(rows[name], schema=SCHEMAS[name]) for name in TABLES}


def shard_path(staging: str, shard_id: str, table: str) -> str:
    """Where a shard's table (or its manifest, table "manifest") lives in the staging folder."""
    suffix = "json" if table == "manifest" else "parquet"
    return f"{staging.rstrip('/')}/shard-{shard_id}.{table}.{suffix}"


def _atomic_write(fs: fsspec.AbstractFileSystem, path: str, write: Any) -> None:
    tmp = f"{path}.tmp-{uuid.uuid4().hex}"
    with fs.open(tmp, "wb") as handle:
        write(handle)
    fs.mv(tmp, path)


def write_shard(staging: str, shard_id: str, pairs: Sequence[Pair], report: dict[str, Any]) -> None:
    """Write a shard's tables, then its manifest (the mark that the shard is complete), each atomically."""
    fs, root = fsspec.core.url_to_fs(staging)
    fs.makedirs(root, exist_ok=True)
    for name, table in shard_tables(pairs).items():
        _atomic_write(fs, shard_path(root, shard_id, name), lambda h, table=table: pq.write_table(table, h))
    body = json.dumps(report).encode("utf-8")
    _atomic_write(fs, shard_path(root, shard_id, "manifest"), lambda h: h.write(body))


def read_manifest(staging: str, shard_id: str) -> dict[str, Any] | None:
    """A complete shard's report (failures, duplicates, documents), or None when the shard is not done."""
    fs, root = fsspec.core.url_to_fs(staging)
    path = shard_path(root, shard_id, "manifest")
    if not fs.exists(path):
        return None
    with fs.open(path, "rb") as handle:
        return json.loads(handle.read())


def _read(fs: fsspec.AbstractFileSystem, path: str) -> list[dict[str, Any]]:
    try:
        with fs.open(path, "rb") as handle:
            return pq.read_table(handle).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"{path}: cannot read staged shard ({exc})") from exc


def _mention(row: dict[str, Any]) -> Mention:
    place = None
    if row["place_name"] is not None:
        place = Place(name=row["place_name"], country=row["country"], admin1=row["admin1"],
                      admin1_code=row["admin1_code"], admin2=row["admin2"], lat=row["lat"], lon=row["lon"],
                      precision=row["geo_precision"], kind=row["place_kind"] or "", trace=row["geo_trace"] or "")
    return Mention(
        event_type=row["event_type"], date_start=row["date_start"], date_end=row["date_end"],
        date_precision=row["date_precision"], perpetrator=row["perpetrator"],
        perpetrator_attribution=row["perpetrator_attribution"], target=row["target"],
        target_type=row["target_type"], location=row["location"], place=place, killed=row["killed"],
        killed_low=row["killed_low"], killed_high=row["killed_high"], wounded=row["wounded"],
        kidnapped=row["kidnapped"], evidence=tuple(Span(**s) for s in row["evidence"]),
        field_spans=tuple((s["field"], Span(s["start"], s["end"], s["text"])) for s in row["field_spans"]),
    )


def _claim(row: dict[str, Any]) -> Claim:
    span = None if row["evidence_start"] is None else Span(row["evidence_start"], row["evidence_end"], row["evidence"])
    return Claim(quantity=row["quantity"], value=row["value"], low=row["low"], high=row["high"],
                 subject=row["subject"], region=row["region"], period=row["period"],
                 period_start=row["period_start"], period_end=row["period_end"],
                 attributed_to=row["attributed_to"], evidence=span)


def read_shard(staging: str, shard_id: str) -> list[Pair]:
    """A staged shard back as documents with their extractions, in the order they were written."""
    fs, root = fsspec.core.url_to_fs(staging)
    tables = {name: _read(fs, shard_path(root, shard_id, name)) for name in TABLES}
    mentions: dict[str, list[Mention]] = {}
    for row in sorted(tables["mentions"], key=lambda r: r["mention_index"]):
        mentions.setdefault(row["content_hash"], []).append(_mention(row))
    claims: dict[str, list[Claim]] = {}
    for row in sorted(tables["claims"], key=lambda r: r["claim_index"]):
        claims.setdefault(row["content_hash"], []).append(_claim(row))
    pairs = []
    for row in tables["documents"]:
        key = row["content_hash"]
        doc = Document(doc_id=row["doc_id"], text=row["text"], content_hash=key, url=row["url"],
                       source=row["source"], published=row["published"], title=row["title"],
                       author=row["author"], section=row["section"], language=row["language"],
                       input_name=row["input_name"], notes=tuple(row["notes"]))
        extraction = Extraction(mentions=tuple(mentions.get(key, ())), claims=tuple(claims.get(key, ())),
                                notes=tuple(row["extraction_notes"]))
        pairs.append((doc, extraction))
    return pairs
