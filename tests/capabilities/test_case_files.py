"""The capability case files are well formed, and a case is judged by its expectations."""

from pathlib import Path

import pytest

from conflictlens.capability_cases import check_case, load_cases
from conflictlens.errors import InputError

CASES = Path(__file__).with_name("cases")


def test_shipped_case_files_load():
    cases = load_cases(CASES)
    for case in cases:
        assert case.text.strip() and case.capability.split(".")[0] in {"events", "claims"}


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "a.yaml").write_text("schema_version: 1\ncases:\n" + body, encoding="utf-8")
    return tmp_path


CASE = """  - id: {id}
    capability: events.negation
    theatre: {theatre}
    published: "2025-01-02"
    text: A patrol was ambushed near Gao.
    expect:
      events:
        - {{event_type: armed_assault, killed: 3}}
"""


def test_duplicate_ids_and_unknown_theatres_are_refused(tmp_path):
    with pytest.raises(InputError, match="also in"):
        load_cases(_write(tmp_path, CASE.format(id="x", theatre="Sahel") * 2))
    with pytest.raises(InputError, match="theatre"):
        load_cases(_write(tmp_path, CASE.format(id="y", theatre="Atlantis")))


def test_unknown_fields_are_refused(tmp_path):
    with pytest.raises(InputError, match="unknown fields"):
        load_cases(_write(tmp_path, CASE.format(id="z", theatre="Sahel").replace("killed: 3", "kiled: 3")))


def test_check_case_pairs_items_one_to_one(tmp_path):
    [case] = load_cases(_write(tmp_path, CASE.format(id="a", theatre="Sahel")))
    hit = {"event_type": "Armed_Assault", "killed": 3, "location": "Gao"}
    assert check_case(case, {"events": [hit]}).passed
    assert not check_case(case, {"events": [hit, dict(hit)]}).passed  # exact: an extra event fails
    assert not check_case(case, {"events": [{**hit, "killed": 4}]}).passed
    assert not check_case(case, {"events": []}).passed


def test_substring_fields_and_inexact_cases(tmp_path):
    body = CASE.format(id="b", theatre="Sahel").replace("killed: 3", "location: gao") + "    exact: false\n"
    [case] = load_cases(_write(tmp_path, body))
    outcome = check_case(case, {"events": [{"event_type": "armed_assault", "location": "near Gao town"},
                                           {"event_type": "bombing"}]})
    assert outcome.passed and len(outcome.extra) == 1
