"""Score extract_claims on the seed and news_dev gold: precision and recall on (quantity, value)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from conflictlens.evaluate import match_claims
from conflictlens.extract.actors import load_actors
from conflictlens.extract.claims import extract_claims
from conflictlens.model import Claim

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD_FILES = (SHARED / "eval" / "seed.gold.jsonl", SHARED / "eval" / "dev" / "news_dev.gold.jsonl")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Naive sentence offsets: cut after . ! ? followed by space, and at line breaks."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def documents(path: Path) -> Iterator[dict[str, Any]]:
    """Gold documents of a JSONL file, each with its `text` read from `text_file` when needed."""
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if "text" not in doc:
            doc["text"] = (path.parent / doc["text_file"]).resolve().read_text(encoding="utf-8")
        yield doc


def as_record(claim: Claim) -> dict[str, Any]:
    """A claim in the gold schema (dates as ISO strings, evidence as its text)."""
    record = asdict(claim)
    record["evidence"] = claim.evidence.text if claim.evidence else None
    for key in ("period_start", "period_end"):
        record[key] = record[key].isoformat() if record[key] else None
    return record


def _figure(claim: dict[str, Any]) -> str:
    """A claim's figure as text: its value, else low-high."""
    return (
        str(claim["value"]) if claim.get("value") is not None else f"{claim.get('low')}-{claim.get('high')}"
    )


def score_file(path: Path, show: bool) -> tuple[int, int, int]:
    """Print and return (true positives, predicted, gold) for one gold file."""
    book = load_actors()
    tp = predicted = gold_total = 0
    for doc in documents(path):
        published = dt.date.fromisoformat(doc["published"]) if doc.get("published") else None
        pred = [
            as_record(c) for c in extract_claims(doc["text"], split_sentences(doc["text"]), published, book)
        ]
        gold = doc.get("claims") or []
        pairs = match_claims(gold, pred)
        tp, predicted, gold_total = tp + len(pairs), predicted + len(pred), gold_total + len(gold)
        if show:
            matched_gold, matched_pred = {g for g, _ in pairs}, {p for _, p in pairs}
            for i, c in enumerate(gold):
                if i not in matched_gold:
                    print(f"  MISS  {doc['doc_id']}: {c['quantity']} {_figure(c)} | {c['evidence'][:110]}")
            for i, c in enumerate(pred):
                if i not in matched_pred:
                    print(f"  EXTRA {doc['doc_id']}: {c['quantity']} {_figure(c)} | {c['evidence'][:110]}")
    return tp, predicted, gold_total


def _ratio(hit: int, total: int) -> str:
    """A share with its counts, e.g. "0.750 (3/4)"."""
    return f"{hit / total:.3f} ({hit}/{total})" if total else f"n/a (0/{total})"


def main() -> None:
    """Score each gold file and print precision, recall and F1 with counts."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="list missed and extra claims")
    parser.add_argument("files", nargs="*", type=Path, default=list(GOLD_FILES))
    args = parser.parse_args()
    for path in args.files:
        tp, predicted, gold = score_file(path, args.show)
        f1 = 2 * tp / (predicted + gold) if predicted + gold else 0.0
        print(
            f"{path.name}: claims precision {_ratio(tp, predicted)}  recall {_ratio(tp, gold)}  F1 {f1:.3f}"
        )


if __name__ == "__main__":
    main()
