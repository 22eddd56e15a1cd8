"""Run the pipeline in memory over gold documents and score it (the `evaluate` command's library half)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .codebook import claim_record, mention_record
from .errors import ConflictlensError
from .evaluate import load_gold, score
from .extract.document import extract_batch
from .ingest.document import build_document, parse_published
from .ingest.sources import RawInput

Record = dict[str, Any]


def predict(gold_docs: Sequence[Record], batch_size: int = 64,
            progress: Callable[[int], None] | None = None) -> dict[str, Record]:
    """What the pipeline extracts from each gold document's text, keyed by doc_id."""
    predictions: dict[str, Record] = {}
    for start in range(0, len(gold_docs), batch_size):
        chunk = gold_docs[start : start + batch_size]
        built = []
        for gold in chunk:
            raw = RawInput(name=str(gold["doc_id"]), text=gold["text"], title=gold.get("title"),
                           source=gold.get("source"))
            try:
                built.append(build_document(raw, published=parse_published(gold.get("published"), raw.name)))
            except ConflictlensError:
                predictions[gold["doc_id"]] = {"events": [], "claims": []}
        english = [d for d in built if d.language == "en"]
        for doc, extraction in zip(english, extract_batch(english, batch_size), strict=True):
            predictions[doc.input_name] = {
                "events": [mention_record(m) for m in extraction.mentions],
                "claims": [claim_record(c) for c in extraction.claims],
            }
        for doc in built:
            predictions.setdefault(doc.input_name, {"events": [], "claims": []})
        if progress:
            progress(len(chunk))
    return predictions


def evaluate_file(path: Path, progress: Callable[[int], None] | None = None) -> tuple[Record, dict[str, Record]]:
    """Score the pipeline on one gold file; returns the report and the predictions."""
    gold = load_gold(path)
    predictions = predict(gold, progress=progress)
    return score(gold, predictions), predictions
