"""Accuracy gate: score the pipeline on the gold files in shared/eval, and incident merging on the project's
own labelled set (tests/data/incidents), and fail below the pinned floors.

Usage: python benchmarks/eval_gate.py ../shared/eval
Floors live in benchmarks/eval_floors.json; raise them when scores rise, never lower them without saying why
in the commit message.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conflictlens.evaluate import format_report
from conflictlens.evaluation_run import evaluate_file, evaluate_incidents, format_incident_report

FLOORS = Path(__file__).with_name("eval_floors.json")
REPO = Path(__file__).resolve().parent.parent


def figure(report: dict, path: str) -> float | None:
    """A report value by dotted path, e.g. "events.f1" or "fields.type.accuracy"."""
    value: object = report
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, int | float) else None


def check(name: str, report: dict, wanted: dict[str, float]) -> list[str]:
    """Print each gated figure beside its floor; the failures, one line each."""
    failures = []
    for path, floor in wanted.items():
        got = figure(report, path)
        status = "ok" if got is not None and got >= floor else "BELOW FLOOR"
        print(f"   gate {path:<32} {got if got is None else round(got, 3)!s:>6} >= {floor}  {status}")
        if status != "ok":
            failures.append(f"{name} {path}: {got} < {floor}")
    return failures


def main(eval_dir: Path) -> int:
    floors = json.loads(FLOORS.read_text())
    failures = []
    for name, wanted in floors["files"].items():
        report, _ = evaluate_file(eval_dir / name)
        print(f"== {name}\n{format_report(report)}")
        failures += check(name, report, wanted)
    for name, wanted in floors.get("incidents", {}).items():
        report = evaluate_incidents(REPO / name)
        print(f"== {name} (incidents)\n{format_incident_report(report)}")
        failures += check(name, report, wanted)
    for line in failures:
        print(f"FAIL {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")))
