"""Target classes: read who or what was hit from words ("checkpoint", "villagers") as a codebook target_type.

``targets.yaml`` lists classes of phrases and regexes, each with a ``target_type`` and an optional
canonical ``target`` (e.g. "Ain al-Asad base" -> coalition, ``International coalition``). Matching
is leftmost-longest on word boundaries, as in the actor book, so "police checkpoint" is police and
"checkpoint" alone military.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import RulesError
from ..model import TARGET_TYPES
from .actors import (
    LexiconEntry,
    LexiconMatcher,
    pattern_problem,
    raise_problems,
    read_rules_file,
    str_list,
    term_key,
)

__all__ = ["TargetBook", "TargetClass", "TargetMatch", "classify_target", "find_targets", "load_targets"]

TARGETS_FILE = "targets.yaml"
_CLASS_KEYS = frozenset(
    {"id", "target_type", "target", "terms", "case_sensitive_terms", "patterns", "note", "source"}
)


@dataclass(frozen=True)
class TargetClass:
    """One class of target words, with the target_type and optional canonical target they give."""

    id: str
    target_type: str
    target: str | None = None
    terms: tuple[str, ...] = ()
    case_sensitive_terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class TargetMatch:
    """Target words found at ``text[start:end]`` (end exclusive), their target_type and canonical target."""

    target_type: str
    target: str | None
    start: int
    end: int
    text: str
    class_id: str


class TargetBook:
    """The loaded target classes, compiled into one matcher."""

    def __init__(self, classes: tuple[TargetClass, ...]) -> None:
        self.classes = classes
        self._matcher = LexiconMatcher(
            [LexiconEntry(c.terms, c.case_sensitive_terms, c.patterns) for c in classes]
        )

    def find(self, text: str) -> list[TargetMatch]:
        """Every target phrase in ``text``, in text order, non-overlapping."""
        return [
            TargetMatch(
                self.classes[i].target_type, self.classes[i].target, s, e, text[s:e], self.classes[i].id
            )
            for s, e, i in self._matcher.find(text)
        ]

    def classify(self, text: str) -> TargetMatch | None:
        """The most specific (longest, then first) target phrase in ``text``, or None."""
        return min(self.find(text), key=lambda m: (m.start - m.end, m.start), default=None)


def _parse_class(raw: Any, index: int, label: str, errors: list[str]) -> TargetClass | None:
    if not isinstance(raw, dict):
        errors.append(f"{label}:classes[{index}]: entry is not a mapping")
        return None
    class_id = raw.get("id")
    where = f"{label}:classes[{class_id if isinstance(class_id, str) and class_id else index}]"
    if not isinstance(class_id, str) or not class_id:
        errors.append(f"{where}: `id` is missing")
    for key in sorted(set(raw) - _CLASS_KEYS):
        errors.append(f"{where}: unknown key {key!r}")
    target_type = raw.get("target_type")
    if target_type not in TARGET_TYPES:
        errors.append(f"{where}: unknown target_type {target_type!r}")
    target = raw.get("target")
    if target is not None and (not isinstance(target, str) or not target.strip()):
        errors.append(f"{where}: `target` must be a non-empty name or absent")
    terms = str_list(raw, "terms", where, errors)
    exact = str_list(raw, "case_sensitive_terms", where, errors)
    patterns = str_list(raw, "patterns", where, errors)
    errors.extend(f"{where}: {p}" for p in map(pattern_problem, patterns) if p)
    if not (terms or exact or patterns):
        errors.append(f"{where}: no terms and no patterns")
    return TargetClass(
        str(class_id),
        str(target_type),
        target if isinstance(target, str) else None,
        terms,
        exact,
        patterns,
        str(raw.get("source") or ""),
    )


def _check_duplicates(classes: list[tuple[TargetClass, str]], errors: list[str]) -> None:
    owners: dict[str, str] = {}
    ids: set[str] = set()
    for cls, where in classes:
        if cls.id in ids:
            errors.append(f"{where}: duplicate id {cls.id!r}")
        ids.add(cls.id)
        for key in sorted({term_key(t) for t in cls.terms + cls.case_sensitive_terms}):
            other = owners.setdefault(key, where)
            if other != where:
                errors.append(f"{where}: term {key!r} already in {other}")


def _parse_file(label: str, raw: Any, errors: list[str]) -> list[tuple[TargetClass, str]]:
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        errors.append(f"{label}: missing or unknown schema_version (expected 1)")
        return []
    items = raw.get("classes")
    if not isinstance(items, list) or not items:
        errors.append(f"{label}: `classes` must be a non-empty list")
        return []
    parsed = [(_parse_class(item, i, label, errors), i) for i, item in enumerate(items)]
    return [(cls, f"{label}:classes[{cls.id}]") for cls, _ in parsed if cls is not None]


@cache
def _packaged() -> tuple[tuple[tuple[TargetClass, str], ...], tuple[str, ...]]:
    """The packaged classes, parsed once: a user file is laid over them for each load."""
    errors: list[str] = []
    return tuple(_parse_file(*read_rules_file(None, TARGETS_FILE), errors)), tuple(errors)


def _collect(extra: Path | None) -> tuple[tuple[TargetClass, ...], list[str]]:
    packaged, packaged_errors = _packaged()
    classes, errors = list(packaged), list(packaged_errors)
    if extra is not None:
        user = _parse_file(*read_rules_file(extra, TARGETS_FILE), errors)
        replaced = {cls.id for cls, _ in user}
        classes = [c for c in classes if c[0].id not in replaced] + user
    _check_duplicates(classes, errors)
    return tuple(cls for cls, _ in classes), errors


def validate_file(path: Path) -> list[str]:
    """Every problem found in a targets file laid over the packaged one (empty when it is valid)."""
    try:
        return _collect(path)[1]
    except RulesError as exc:
        return [str(exc)]


@cache
def load_targets(extra: Path | None = None) -> TargetBook:
    """Load, validate and compile the packaged target classes, with ``extra`` laid over them, once."""
    classes, errors = _collect(extra)
    raise_problems(errors)
    return TargetBook(classes)


def find_targets(text: str) -> list[TargetMatch]:
    """Every target phrase in ``text`` by the packaged classes, in text order."""
    return load_targets().find(text)


def classify_target(text: str) -> TargetMatch | None:
    """The most specific target phrase in ``text`` by the packaged classes, or None."""
    return load_targets().classify(text)
