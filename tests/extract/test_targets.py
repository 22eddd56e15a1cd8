"""Tests of the target classes: words to target_type, specificity, user files and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictlens.errors import RulesError
from conflictlens.extract.targets import classify_target, find_targets, load_targets, validate_file
from conflictlens.model import TARGET_TYPES


@pytest.mark.parametrize(
    ("phrase", "target_type", "target"),
    [
        ("a checkpoint on the highway", "military", None),
        ("an army post outside town", "military", None),
        ("twelve soldiers", "military", None),
        ("Peshmerga fighters", "military", None),
        ("the police station", "police", None),
        ("two policemen", "police", None),
        ("a police checkpoint", "police", None),
        ("an Asayish checkpoint", "police", "Asayish"),
        ("Hashd fighters", "militia", None),
        ("a Sahwa Council member", "militia", None),
        ("National Defence members", "militia", "Syrian government forces"),
        ("the coalition base", "coalition", "International coalition"),
        ("US forces stationed there", "coalition", "International coalition"),
        ("Ain al-Asad air base", "coalition", "International coalition"),
        ("the Conoco gas field", "coalition", "International coalition"),
        ("a crowded market", "civilians", "civilians"),
        ("worshippers leaving a mosque", "civilians", "civilians"),
        ("truffle hunters", "civilians", "civilians"),
        ("a wedding party", "civilians", "civilians"),
        ("the district mayor", "government", None),
        ("a government building", "government", None),
        ("a judge", "government", None),
        ("an oil field", "infrastructure", None),
        ("the gas pipeline", "infrastructure", None),
        ("a power line", "infrastructure", None),
        ("an ISIS hideout", "armed_group", None),
        ("hideouts of ISIS in the desert", "armed_group", None),
        ("dozens of militants", "armed_group", None),
    ],
)
def test_classify_target(phrase: str, target_type: str, target: str | None) -> None:
    match = classify_target(phrase)
    assert match is not None
    assert (match.target_type, match.target) == (target_type, target)
    assert phrase[match.start : match.end] == match.text


def test_nothing_to_classify() -> None:
    assert classify_target("the weather was calm") is None


def test_more_specific_phrase_wins() -> None:
    assert [(m.text, m.target_type) for m in find_targets("a police checkpoint and a checkpoint")] == [
        ("police checkpoint", "police"),
        ("checkpoint", "military"),
    ]


def test_classify_prefers_longest_phrase() -> None:
    match = classify_target("villagers near the military police centre")
    assert match is not None and match.text == "military police centre"


def test_packaged_classes_are_valid() -> None:
    book = load_targets()
    assert {c.target_type for c in book.classes} <= set(TARGET_TYPES)
    assert all(c.source for c in book.classes)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text("schema_version: 1\n" + body, encoding="utf-8")
    return path


def test_user_file_overrides_class(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "classes:\n"
        "  - {id: infrastructure, target_type: infrastructure, terms: [grain silo], source: test}\n",
    )
    book = load_targets(path)
    assert [m.target_type for m in book.find("a grain silo")] == ["infrastructure"]
    assert book.find("an oil field") == []
    assert [m.target_type for m in load_targets().find("an oil field")] == ["infrastructure"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "classes:\n  - {id: boats, target_type: naval, terms: [frigate]}\n",
            "classes[boats]: unknown target_type",
        ),
        ("classes:\n  - {id: boats, target_type: military, terms: [checkpoint]}\n", "already in"),
        ("classes:\n  - {id: boats, target_type: military, patterns: ['(x']}\n", "invalid pattern"),
        ("classes:\n  - {id: boats, target_type: military}\n", "no terms and no patterns"),
        ("classes: []\n", "non-empty list"),
    ],
)
def test_validation_errors(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    assert any(message in p and str(path) in p for p in validate_file(path)), validate_file(path)
    with pytest.raises(RulesError):
        load_targets(path)
