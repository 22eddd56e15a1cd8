"""Tests of the trigger vocabulary: the one-pass gate finds what every pattern finds on its own."""

from __future__ import annotations

import pytest

from conflictlens.errors import RulesError
from conflictlens.extract.triggers import Trigger, load_triggers, parse_triggers

SENTENCES = [
    "Nothing happened in the quiet town on the river today.",
    "A roadside bomb went off beside a patrol, and gunmen then opened fire on the survivors.",
    "Warplanes struck a depot after rockets were fired at the airport.",
    "Troops arrested four suspects and freed two hostages held in a farmhouse.",
    "The kidnappers took three aid workers hostage near the crossing.",
    "EXPLOSIONS AND CLASHES REPORTED NEAR THE BORDER",
    "He said the shelling stopped before the clashes resumed.",
    "",
]


def _one_by_one(sentence: str) -> list[Trigger]:
    found = [
        Trigger(event_type, rank, kind, m.start(), m.end(), m.group(0))
        for event_type, rank, kind, pattern in load_triggers().patterns
        for m in pattern.finditer(sentence)
    ]
    return sorted(found, key=lambda t: (t.start, -t.rank))


@pytest.mark.parametrize("sentence", SENTENCES)
def test_find_equals_every_pattern_searched_alone(sentence: str) -> None:
    assert load_triggers().find(sentence) == _one_by_one(sentence)


def test_find_reports_overlapping_triggers_of_different_patterns() -> None:
    found = load_triggers().find("A car bomb exploded.")
    assert {(t.text.lower(), t.kind) for t in found} >= {("car bomb", "weapon"), ("exploded", "act")}


def _book(pattern: str) -> dict[str, object]:
    return {
        "schema_version": 1,
        "types": [{"event_type": "bombing", "rank": 1, "act": [pattern]}],
        "non_events": {"negation": "not", "hypothetical": "could", "foiled": "foiled"},
        "assassination_targets": "mayor",
    }


@pytest.mark.parametrize("pattern", [r"(?P<verb>blast)", r"(boom)\1"])
def test_groups_that_would_clash_in_the_gate_are_refused(pattern: str) -> None:
    with pytest.raises(RulesError, match="triggers.yaml:bombing"):
        parse_triggers(_book(pattern))
