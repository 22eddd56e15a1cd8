"""`conflictlens evaluate`: score extraction against human-coded gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConflictlensError
from ..evaluate import format_errors, format_report, prediction_line, worst_documents
from ..evaluation_run import evaluate_file, evaluate_incidents, format_incident_report
from .common import app, fail
from .output import out, to_jsonable


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="gold file in JSON Lines (shared/eval format)")],
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    errors: Annotated[int, typer.Option("--errors", help="show the N worst documents, gold beside predicted")] = 0,
    predictions: Annotated[Path | None, typer.Option(help="write what the pipeline produced, one line per doc")] = None,
    incidents: Annotated[bool, typer.Option("--incidents", help="score incident merging (events need incident_id)")]
    = False,
) -> None:
    """Run the pipeline on every gold document in memory and print the codebook's scores.

    With --incidents: merge the predicted mentions across documents and score pairwise and B-cubed
    precision, recall and F1 against the gold incident_id of each event (gold events the pipeline
    missed count as singletons).

    Example: conflictlens evaluate ../shared/eval/dev/news_dev.gold.jsonl --errors 5
    """
    if incidents:
        _evaluate_incidents(gold, as_json)
        return
    try:
        report, predicted = evaluate_file(gold)
    except ConflictlensError as exc:
        fail(str(exc))
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as handle:
            for doc_id, found in predicted.items():
                handle.write(prediction_line(doc_id, found["events"], found["claims"]) + "\n")
    if as_json:
        summary = {k: v for k, v in report.items() if k != "per_document"}
        out.print_json(json.dumps(to_jsonable(summary)))
    else:
        out.print(format_report(report), markup=False, highlight=False)
    if errors:
        out.print(format_errors(worst_documents(report, errors)), markup=False, highlight=False)


def _evaluate_incidents(gold: Path, as_json: bool) -> None:
    """Print the incident-merging scores of a gold file."""
    try:
        report = evaluate_incidents(gold)
    except ConflictlensError as exc:
        fail(str(exc))
    if as_json:
        out.print_json(json.dumps(report))
    else:
        out.print(format_incident_report(report), markup=False, highlight=False)
