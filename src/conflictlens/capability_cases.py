"""Capability cases (CheckList-style): load the YAML case files, check predictions against their expectations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

THEATRES = frozenset({"Iraq", "Syria", "Sahel", "LakeChad", "Somalia", "AfPak", "Yemen", "Mozambique", "DRC", "Other"})
EVENT_FIELDS = frozenset({
    "event_type", "date_start", "date_end", "date_precision", "perpetrator", "perpetrator_attribution",
    "target_type", "location", "admin1_code", "country", "geo_precision", "killed", "wounded", "kidnapped",
    "killed_low", "killed_high",
})
CLAIM_FIELDS = frozenset({
    "quantity", "value", "low", "high", "subject", "region", "period", "period_start", "period_end",
    "attributed_to",
})
SUBSTRING_FIELDS = frozenset({"region", "location", "period"})
CASE_KEYS = frozenset({"id", "capability", "theatre", "published", "text", "expect", "exact"})
KINDS = {"events": EVENT_FIELDS, "claims": CLAIM_FIELDS}


@dataclass(frozen=True)
class Case:
    """One capability case: a report text and the events and/or claims it must yield."""

    id: str
    capability: str
    theatre: str
    published: str | None
    text: str
    expect: Mapping[str, list[dict[str, Any]]]
    exact: bool = True
    source: str = ""


@dataclass
class Outcome:
    """Whether a case passed, and what was missing or extra."""

    case: Case
    missing: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    extra: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """No expected item unmatched and, for exact cases, no extra prediction."""
        return not self.missing and not (self.case.exact and self.extra)


def load_cases(folder: Path) -> list[Case]:
    """Every case in the folder's *.yaml files, validated; ids unique across files."""
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        for case in _cases_in(path):
            if case.id in seen:
                raise InputError(f"{path}: case id {case.id!r} also in {seen[case.id]}")
            seen[case.id] = path.name
            cases.append(case)
    return cases


def _cases_in(path: Path) -> Iterable[Case]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read case file: {exc}") from exc
    if not isinstance(data, dict) or data.get("schema_version") != 1 or not isinstance(data.get("cases"), list):
        raise InputError(f"{path}: expected schema_version: 1 and a list of cases")
    for number, raw in enumerate(data["cases"], 1):
        yield _case(raw, f"{path}: case {number}", path.name)


def _case(raw: object, where: str, source: str) -> Case:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: not a mapping")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "capability", "theatre", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise InputError(f"{where}: {key} must be a non-empty string")
    if raw["theatre"] not in THEATRES:
        raise InputError(f"{where}: theatre {raw['theatre']!r} is not one of {sorted(THEATRES)}")
    if "." not in raw["capability"]:
        raise InputError(f"{where}: capability must read <area>.<capability>")
    published = raw.get("published")
    if isinstance(published, dt.date):
        published = published.isoformat()
    expect = raw.get("expect")
    if not isinstance(expect, dict) or not expect or set(expect) - set(KINDS):
        raise InputError(f"{where}: expect must hold events and/or claims")
    for kind, items in expect.items():
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise InputError(f"{where}: expect.{kind} must be a list of mappings")
        for item in items:
            bad = set(item) - KINDS[kind]
            if bad:
                raise InputError(f"{where}: expect.{kind} has unknown fields {sorted(bad)}")
    return Case(id=raw["id"], capability=raw["capability"], theatre=raw["theatre"], published=published,
                text=raw["text"], expect=expect, exact=bool(raw.get("exact", True)), source=source)


def _value_matches(name: str, wanted: object, got: object) -> bool:
    if wanted is None:
        return got is None
    if got is None:
        return False
    if isinstance(wanted, dt.date):
        wanted = wanted.isoformat()
    if isinstance(wanted, str):
        want, have = wanted.casefold().strip(), str(got).casefold()
        return want in have if name in SUBSTRING_FIELDS else want == have.strip()
    if isinstance(wanted, int | float) and isinstance(got, int | float):
        return float(wanted) == float(got)
    return wanted == got


def item_matches(expected: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """Every field the expectation lists agrees with the prediction."""
    return all(_value_matches(name, value, predicted.get(name)) for name, value in expected.items())


def _pair_up(expected: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]) -> tuple[list[int], list[int]]:
    """A one-to-one matching (augmenting paths) maximising matched expectations; unmatched indices of both."""
    owner: dict[int, int] = {}

    def place(e: int, visited: set[int]) -> bool:
        for p, pred in enumerate(predicted):
            if p in visited or not item_matches(expected[e], pred):
                continue
            visited.add(p)
            if p not in owner or place(owner[p], visited):
                owner[p] = e
                return True
        return False

    unmatched = [e for e in range(len(expected)) if not place(e, set())]
    extra = [p for p in range(len(predicted)) if p not in owner]
    return unmatched, extra


def check_case(case: Case, prediction: Mapping[str, Sequence[Mapping[str, Any]]]) -> Outcome:
    """Compare a case's expectations with what the pipeline predicted for its text."""
    outcome = Outcome(case)
    for kind, expected in case.expect.items():
        predicted = list(prediction.get(kind, []))
        unmatched, extra = _pair_up(expected, predicted)
        outcome.missing += [(kind, dict(expected[i])) for i in unmatched]
        outcome.extra += [(kind, dict(predicted[i])) for i in extra]
    return outcome
