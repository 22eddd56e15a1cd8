"""Run the pipeline in memory over gold documents and score it (the `evaluate` command's library half)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .codebook import claim_record, mention_record
from .errors import ConflictlensError, InputError
from .evaluate import bcubed, load_gold, match_events, pairwise_prf, score
from .extract.document import extract_batch
from .geo.gazetteer import Gazetteer, get_gazetteer
from .incidents import MentionRecord, assign_incidents
from .ingest.document import build_document, parse_published
from .ingest.sources import RawInput
from .model import Mention, Place

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


def _extract_mentions(gold_docs: Sequence[Record], batch_size: int = 64) -> list[MentionRecord]:
    """The pipeline's mentions of every gold document, as MentionRecords with ids "doc_id#n"."""
    records: list[MentionRecord] = []
    for start in range(0, len(gold_docs), batch_size):
        built = []
        for gold in gold_docs[start : start + batch_size]:
            raw = RawInput(name=str(gold["doc_id"]), text=gold["text"], title=gold.get("title"),
                           source=gold.get("source"))
            try:
                built.append(build_document(raw, published=parse_published(gold.get("published"), raw.name)))
            except ConflictlensError:
                continue
        english = [d for d in built if d.language == "en"]
        for doc, extraction in zip(english, extract_batch(english, batch_size), strict=True):
            records += [MentionRecord(f"{doc.input_name}#{i}", doc.input_name, doc.source, doc.published, m)
                        for i, m in enumerate(extraction.mentions)]
    return records


def _gold_place(event: Record, gaz: Gazetteer) -> Place:
    """A gold event's place: its location looked up in the gazetteer within its admin1, else the admin1 alone."""
    loc, code = event.get("location"), event.get("admin1_code")
    found = [c for c in gaz.candidates(loc or "") if c.admin1_code == code and c.lat is not None
             and c.kind not in ("admin1", "country")]
    if not found:
        return Place(loc or "", event.get("country"), event.get("admin1"), code, precision=3)
    best = max(found, key=lambda c: (c.main_name, c.population, -c.place_id))
    return Place(loc or best.name, event.get("country"), event.get("admin1"), code, best.admin2, best.lat, best.lon, 1)


def _day(value: Any) -> dt.date | None:
    """An ISO date (already checked by load_gold), or None."""
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _gold_records(gold: Sequence[Record], gaz: Gazetteer) -> list[MentionRecord]:
    """The gold events themselves as MentionRecords (ids "doc_id#index"), to score merging alone."""
    return [
        MentionRecord(
            f"{doc['doc_id']}#{i}", doc["doc_id"], doc.get("source"), _day(doc.get("published")),
            Mention(e["event_type"], _day(e.get("date_start")), _day(e.get("date_end")), e.get("date_precision"),
                    e.get("perpetrator") or "unknown", e.get("perpetrator_attribution") or "unknown", e.get("target"),
                    e.get("target_type") or "unknown", e.get("location"), _gold_place(e, gaz), e.get("killed"),
                    e.get("killed_low"), e.get("killed_high"), e.get("wounded"), e.get("kidnapped")),
        )
        for doc in gold for i, e in enumerate(doc["events"])
    ]


def _scores(gold: Mapping[Any, str], pred: Mapping[Any, str]) -> Record:
    """Pairwise and B-cubed precision, recall and F1 of a clustering."""
    names = ("precision", "recall", "f1")
    return {"pairwise": dict(zip(names, pairwise_prf(gold, pred), strict=True)),
            "bcubed": dict(zip(names, bcubed(gold, pred), strict=True))}


def evaluate_incidents(path: Path) -> Record:
    """Score incident merging end to end on a gold file whose events carry an `incident_id`.

    Each document runs through the pipeline; its predicted mentions are merged across documents with
    `assign_incidents`; each document's gold events are paired with its predicted mentions
    (`match_events`); every gold event then takes the incident of its paired mention. Pairwise and
    B-cubed precision, recall and F1 compare these with the gold incidents over gold events; a gold
    event the pipeline did not find counts as a predicted singleton. ``merging_alone`` scores the same
    merging run on the gold events themselves (places looked up in the gazetteer), which separates
    merging errors from extraction errors.
    """
    gold = load_gold(path)
    gold_records = _gold_records(gold, get_gazetteer())
    records = _extract_mentions(gold)
    incident_of = {m: inc.incident_id for inc in assign_incidents(records) for m in inc.mention_ids}
    by_doc: dict[str, list[MentionRecord]] = {}
    for rec in records:
        by_doc.setdefault(rec.doc_id, []).append(rec)
    gold_labels: dict[tuple[str, int], str] = {}
    pred_labels: dict[tuple[str, int], str] = {}
    for doc in gold:
        events, found = doc["events"], by_doc.get(doc["doc_id"], [])
        for i, event in enumerate(events):
            if event.get("incident_id") is None:
                raise InputError(f"{path}: {doc['doc_id']} event {i}: no incident_id")
            gold_labels[(doc["doc_id"], i)] = str(event["incident_id"])
        for g, p in match_events(events, [mention_record(r.mention) for r in found]):
            pred_labels[(doc["doc_id"], g)] = incident_of[found[p].mention_id]
    return {
        "documents": len(gold), "gold_events": len(gold_labels), "gold_incidents": len(set(gold_labels.values())),
        "predicted_mentions": len(records), "predicted_incidents": len(set(incident_of.values())),
        "matched_gold_events": len(pred_labels), "unmatched_gold_events": len(gold_labels) - len(pred_labels),
        **_scores(gold_labels, pred_labels),
        "merging_alone": _scores(
            {f"{doc_id}#{i}": label for (doc_id, i), label in gold_labels.items()},
            {m: inc.incident_id for inc in assign_incidents(gold_records) for m in inc.mention_ids}),
    }


def format_incident_report(report: Record) -> str:
    """The incident scores as lines of text."""

    def pct(value: float | None) -> str:
        return "  n/a" if value is None else f"{100 * value:5.1f}"

    lines = [
        (f"{report['documents']} documents, {report['gold_events']} gold events in {report['gold_incidents']} "
         f"incidents; {report['predicted_mentions']} predicted mentions in {report['predicted_incidents']} "
         "incidents"),
        (f"{report['matched_gold_events']} gold events paired with a predicted mention; "
         f"{report['unmatched_gold_events']} not found (scored as singletons)"),
    ]
    for label, scores in (("end to end", report), ("merging alone, on the gold events", report["merging_alone"])):
        lines.append(label + ":")
        for name in ("pairwise", "bcubed"):
            prf = scores[name]
            lines.append(f"  {name:<9} precision {pct(prf['precision'])}  recall {pct(prf['recall'])}  "
                         f"F1 {pct(prf['f1'])}")
    return "\n".join(lines)
