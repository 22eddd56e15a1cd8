"""Event-type trigger vocabulary (data/triggers.yaml): which words say which kind of act happened."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import RulesError
from ..model import EVENT_TYPES
from .actors import pattern_problem

TRIGGERS_FILE = "triggers.yaml"


@dataclass(frozen=True)
class Trigger:
    """A trigger found in a sentence: ``sentence[start:end]``, the type it signals, and its kind."""

    event_type: str
    rank: int
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class TriggerBook:
    """Compiled triggers per (type, kind), and the non-event cues."""

    patterns: tuple[tuple[str, int, str, re.Pattern[str]], ...]
    negation: re.Pattern[str]
    hypothetical: re.Pattern[str]
    foiled: re.Pattern[str]
    assassination_targets: re.Pattern[str]
    any_trigger: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """All triggers as one alternation: where it first matches, the first trigger starts."""
        combined = "|".join(pattern.pattern for *_, pattern in self.patterns) or "(?!)"
        object.__setattr__(self, "any_trigger", re.compile(combined, re.IGNORECASE))

    def find(self, sentence: str) -> list[Trigger]:
        """Every trigger in the sentence, in text order."""
        first = self.any_trigger.search(sentence)
        if first is None:
            return []
        found = [
            Trigger(event_type, rank, kind, m.start(), m.end(), m.group(0))
            for event_type, rank, kind, pattern in self.patterns
            for m in pattern.finditer(sentence, first.start())
        ]
        return sorted(found, key=lambda t: (t.start, -t.rank))


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
    except re.error as exc:
        raise RulesError(f"{TRIGGERS_FILE}:{where}: bad pattern: {exc}") from exc
    problem = pattern_problem(pattern)  # groups must not clash in the combined alternation
    if problem:
        raise RulesError(f"{TRIGGERS_FILE}:{where}: {problem}")
    return compiled


def parse_triggers(raw: Any) -> TriggerBook:
    """Validate and compile the parsed YAML of a triggers file."""
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        raise RulesError(f"{TRIGGERS_FILE}: missing or unknown schema_version")
    patterns = []
    for index, entry in enumerate(raw.get("types") or []):
        event_type = entry.get("event_type")
        if event_type not in EVENT_TYPES:
            raise RulesError(f"{TRIGGERS_FILE}:types[{index}]: unknown event_type {event_type!r}")
        if not isinstance(entry.get("rank"), int):
            raise RulesError(f"{TRIGGERS_FILE}:{event_type}: rank must be an integer")
        if not entry.get("act"):
            raise RulesError(f"{TRIGGERS_FILE}:{event_type}: no act triggers")
        for kind in ("act", "weapon"):
            for pattern in entry.get(kind) or []:
                if not pattern:
                    raise RulesError(f"{TRIGGERS_FILE}:{event_type}: empty {kind} pattern")
                patterns.append((event_type, entry["rank"], kind, _compile(pattern, event_type)))
    cues = raw.get("non_events") or {}
    missing = [k for k in ("negation", "hypothetical", "foiled") if not cues.get(k)]
    if missing:
        raise RulesError(f"{TRIGGERS_FILE}:non_events: missing {', '.join(missing)}")
    if not raw.get("assassination_targets"):
        raise RulesError(f"{TRIGGERS_FILE}: missing assassination_targets")
    return TriggerBook(
        tuple(patterns),
        *(re.compile(cues[k], re.IGNORECASE) for k in ("negation", "hypothetical", "foiled")),
        re.compile(raw["assassination_targets"], re.IGNORECASE),
    )


@cache
def load_triggers() -> TriggerBook:
    """The packaged trigger vocabulary, compiled once per process."""
    text = resources.files(__package__).joinpath("data", TRIGGERS_FILE).read_text("utf-8")
    return parse_triggers(yaml.safe_load(text))
