"""Capability suite: run the pipeline in memory on every case in tests/capabilities/cases and print pass rates
per capability and per theatre. The rates are a measure of what the rules cover, not a test that must pass.

Usage: python benchmarks/capabilities.py [--cases DIR] [--only PREFIX] [--failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from conflictlens.capability_cases import Case, Outcome, check_case, load_cases
from conflictlens.evaluation_run import predict

CASES = Path(__file__).resolve().parent.parent / "tests" / "capabilities" / "cases"
SHOWN_FIELDS = ("event_type", "perpetrator", "killed", "wounded", "location", "admin1_code", "date_start",
                "quantity", "value", "low", "high", "subject", "region", "period")


def run(cases: Sequence[Case]) -> list[Outcome]:
    """Each case's outcome against the pipeline's predictions for its text."""
    gold = [{"doc_id": case.id, "text": case.text, "published": case.published} for case in cases]
    predictions = predict(gold)
    return [check_case(case, predictions[case.id]) for case in cases]


def table(outcomes: Sequence[Outcome], key: Callable[[Outcome], str], title: str) -> str:
    """Passed / total and rate per group, the worst first, and a total line."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome.passed)
    width = max([len(title), 5, *map(len, groups)])
    lines = [f"{title:<{width}}  passed  total   rate"]
    for name, results in sorted(groups.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0])):
        lines.append(f"{name:<{width}}  {sum(results):>6}  {len(results):>5}  {sum(results) / len(results):>5.0%}")
    passed = sum(o.passed for o in outcomes)
    lines.append(f"{'all':<{width}}  {passed:>6}  {len(outcomes):>5}  {passed / max(len(outcomes), 1):>5.0%}")
    return "\n".join(lines)


def _brief(item: dict) -> str:
    return ", ".join(f"{k}={item[k]}" for k in SHOWN_FIELDS if item.get(k) is not None)


def failures(outcomes: Sequence[Outcome]) -> str:
    """Each failed case with what was missing and what was extra."""
    lines = []
    for outcome in outcomes:
        if outcome.passed:
            continue
        lines.append(f"FAIL {outcome.case.id} ({outcome.case.capability}, {outcome.case.source})")
        lines += [f"   missing {kind[:-1]}: {_brief(item)}" for kind, item in outcome.missing]
        label = "extra  " if outcome.case.exact else "also   "
        lines += [f"   {label} {kind[:-1]}: {_brief(item)}" for kind, item in outcome.extra]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--only", default="", help="run only cases whose capability or id starts with this")
    parser.add_argument("--failures", action="store_true", help="list each failed case")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)
    cases = [c for c in load_cases(args.cases) if c.capability.startswith(args.only) or c.id.startswith(args.only)]
    if not cases:
        print(f"no cases under {args.cases} matching {args.only!r}", file=sys.stderr)
        return 1
    outcomes = run(cases)
    if args.json:
        print(json.dumps({o.case.id: {"capability": o.case.capability, "theatre": o.case.theatre,
                                      "passed": o.passed} for o in outcomes}, indent=1))
        return 0
    if args.failures:
        print(failures(outcomes), end="\n\n")
    print(table(outcomes, lambda o: o.case.capability, "capability"), end="\n\n")
    print(table(outcomes, lambda o: o.case.theatre, "theatre"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
