"""Tests of the actor book: aliases, case, generic phrases, theatres, user files and validation."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from conflictlens.errors import RulesError
from conflictlens.extract.actors import ACTOR_TYPES, LexiconEntry, LexiconMatcher, load_actors, validate_file
from conflictlens.model import TARGET_TYPES


def names(text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in load_actors().find(text, country)]


def write(tmp_path: Path, body: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text("schema_version: 1\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "phrase",
    [
        "ISIS",
        "ISIL",
        "Daesh",
        "Islamic State",
        "the Islamic State of Iraq and Syria",
        "Islamic State of Iraq and the Levant",
        "ISIS cells",
        "IS militants",
        "ISIS sleeper cells",
    ],
)
def test_islamic_state_aliases(phrase: str) -> None:
    found = load_actors().find(f"Officials said {phrase} struck a convoy near Hit.")
    assert [m.name for m in found] == ["Islamic State"]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Pro-Iranian militias fired drones at the base.", "Iran-aligned militias"),
        ("Iranian-backed militiamen moved into the town.", "Iran-aligned militias"),
        ("Kataib Hezbollah denied any role.", "Iran-aligned militias"),
        ("Regime forces shelled the hills.", "Syrian government forces"),
        ("The SAA sent tanks.", "Syrian government forces"),
        ("A National Defence Forces member was hurt.", "Syrian government forces"),
        ("The Counter-Terrorism Service raided a farm.", "Iraqi security forces"),
        ("Federal police found a cache.", "Iraqi security forces"),
        ("Iraqi troops cleared the valley.", "Iraqi security forces"),
        ("The YPG said two fighters died.", "Syrian Democratic Forces"),
        ("Turkish drones hit a car.", "Turkish armed forces"),
        ("Russian warplanes bombed a ridge.", "Russian armed forces"),
        ("JNIM claimed the raid.", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("Jamaat Nusrat al-Islam wal-Muslimin fighters arrived.", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("Al-Shabab fighters overran a base.", "al-Shabaab"),
        ("The Tehreek-e-Taliban Pakistan denied it.", "Tehrik-i-Taliban Pakistan"),
        ("IS-K said it sent the bomber.", "Islamic State Khorasan Province"),
        ("ISWAP fighters raided the camp.", "Islamic State West Africa Province"),
        ("Rwandan troops retook the port.", "Rwandan Defence Force"),
        ("FARDC units advanced.", "Congolese armed forces"),
        ("Ansar Allah launched a missile.", "Houthis"),
        ("The Asayish arrested him.", "Asayish"),
    ],
)
def test_alias_classes(text: str, canonical: str) -> None:
    assert canonical in [m.name for m in load_actors().find(text)]


def test_longest_match_wins_and_matches_do_not_overlap() -> None:
    found = names("The Islamic State West Africa Province and Boko Haram clashed.")
    assert found == [
        ("Islamic State West Africa Province", "Islamic State West Africa Province"),
        ("Boko Haram", "Boko Haram"),
    ]


def test_hyphen_space_and_apostrophe_variants() -> None:
    assert names("al Shabaab and Hay’at Tahrir al-Sham") == [
        ("al Shabaab", "al-Shabaab"),
        ("Hay’at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
    ]


def test_short_uppercase_alias_is_case_sensitive() -> None:
    assert names("The IS group attacked.") == [("IS group", "Islamic State")]
    assert names("This is a report; it is late.") == []
    assert names("The SAA and the saa") == [("SAA", "Syrian government forces")]


def test_short_alias_skipped_in_shouted_headline() -> None:
    assert names("WHAT IS LEFT OF THE TOWN") == []


def test_word_boundaries() -> None:
    assert names("Isisford and Daeshi are not actors") == []


def test_generic_phrases_resolve_to_unknown() -> None:
    found = load_actors().find("Unknown gunmen and a suicide bomber attacked the market.")
    assert [(m.text, m.name, m.generic, m.actor_type) for m in found] == [
        ("Unknown gunmen", "unknown", True, "unknown"),
        ("suicide bomber", "unknown", True, "unknown"),
    ]


def test_militants_are_generic_with_armed_group_target() -> None:
    (match,) = load_actors().find("Troops killed five militants.")[1:]
    assert (match.name, match.generic, match.target_type) == ("unknown", True, "armed_group")


def test_state_forces_resolve_by_country() -> None:
    text = "The army said soldiers repelled the assault."
    assert {m.name for m in load_actors().find(text)} == {"unknown"}
    assert {m.name for m in load_actors().find(text, "ML")} == {"Malian armed forces"}
    assert {m.name for m in load_actors().find("Police arrested two men.", "DE")} == {"German police"}


def test_country_changes_meaning_of_alias() -> None:
    text = "Al-Shabab insurgents raided the village."
    assert names(text, "SO")[0][1] == "al-Shabaab"
    assert names(text, "MZ")[0][1] == "Ahlu Sunna Wal Jamaa"
    assert names("CENTCOM said the raid killed a leader.", "SY")[0][1] == "International coalition"
    assert names("CENTCOM said the raid killed a leader.", "YE")[0][1] == "United States military"


def test_match_carries_offsets_type_and_target_type() -> None:
    text = "An IED hit National Defence Forces members."
    (match,) = load_actors().find(text)
    assert text[match.start : match.end] == match.text == "National Defence Forces"
    assert (match.actor_type, match.target_type, match.actor_id) == (
        "state",
        "militia",
        "national-defence-forces",
    )


def test_speakers() -> None:
    found = load_actors().find_speakers(
        "The Britain-based war monitor said so, and the Iraqi Defence Ministry agreed, as did the UN."
    )
    assert [m.name for m in found] == [
        "Syrian Observatory for Human Rights",
        "Iraqi Defence Ministry",
        "United Nations",
    ]
    assert load_actors().find_speakers("Reuters reported it.") == []


def test_packaged_book_is_consistent() -> None:
    book = load_actors()
    assert {a.type for a in book.actors} <= set(ACTOR_TYPES)
    assert {a.target_type for a in book.actors} <= set(TARGET_TYPES)
    assert all(a.source for a in book.actors)
    assert book.actor("Islamic State").type == "terrorist_group"
    with pytest.raises(KeyError):
        book.actor("Nobody")


def test_ruler_patterns() -> None:
    patterns = load_actors().ruler_patterns()
    assert {"label": "ACTOR", "pattern": "Daesh", "id": "Islamic State"} in patterns
    assert {"label": "ACTOR", "pattern": [{"ORTH": "IS"}], "id": "Islamic State"} in patterns
    assert {"label": "ACTOR", "pattern": "Kataib Hezbollah", "id": "Iran-aligned militias"} in patterns


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors:\n"
        "  - {id: islamic-state, name: Islamic State, type: terrorist_group, aliases: [Daesh]}\n"
        "  - {id: red-hand, name: Red Hand Brigade, type: militia, aliases: [Red Hand], source: test}\n",
    )
    book = load_actors(path)
    assert [m.name for m in book.find("Daesh and the Red Hand and ISIS")] == [
        "Islamic State",
        "Red Hand Brigade",
    ]
    assert load_actors() is not book
    assert [m.name for m in load_actors().find("ISIS")] == ["Islamic State"]


def test_default_file_validates() -> None:
    from importlib import resources

    path = Path(str(resources.files("conflictlens.extract").joinpath("data", "actors.yaml")))
    assert validate_file(path) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "actors:\n  - {id: x1, name: X, type: pirate, aliases: [Xers]}\n",
            "actors[x1]: unknown type 'pirate'",
        ),
        ("actors:\n  - {id: x1, name: X, type: militia, aliases: [Daesh]}\n", "alias 'daesh' already names"),
        (
            "actors:\n  - {id: x1, name: X, type: militia, patterns: ['(unclosed']}\n",
            "actors[x1]: invalid pattern",
        ),
        ("actors:\n  - {id: x1, name: X, type: militia, patterns: ['a?']}\n", "matches the empty string"),
        ("actors:\n  - {id: x1, name: X, type: militia}\n", "actors[x1]: no aliases and no patterns"),
        ("actors:\n  - {id: x1, name: X, type: militia, aliases: ['']}\n", "non-empty strings"),
        ("actors:\n  - {id: X 1, name: X, type: militia, aliases: [Xers]}\n", "lower-case slug"),
        (
            "actors:\n  - {id: x1, name: X, type: militia, aliases: [Xers], colour: red}\n",
            "unknown key 'colour'",
        ),
        ("actors:\n  - {id: x1, name: X, type: militia, aliases: [Xers], counts_as: Nobody}\n", "counts_as"),
        (
            "actors:\n  - {id: x1, name: X, type: militia, aliases: [Xers], canonical_in: {SY: Nobody}}\n",
            "canonical_in",
        ),
        ("actors:\n  - {id: x1, name: Islamic State, type: militia, aliases: [Xers]}\n", "canonical name"),
        (
            "actors:\n  - {id: x1, name: X, type: militia, aliases: [Xers], target_type: boats}\n",
            "target_type",
        ),
        ("elsewhere: []\n", "unknown section 'elsewhere'"),
    ],
)
def test_validation_errors_name_file_and_entry(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, body)
    problems = validate_file(path)
    assert any(message in p and str(path) in p for p in problems), problems
    with pytest.raises(RulesError, match=re.escape(str(path))):
        load_actors(path)


def test_bad_schema_version_and_bad_yaml(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("schema_version: 2\nactors: []\n", encoding="utf-8")
    assert any("schema_version" in p for p in validate_file(old))
    broken = tmp_path / "broken.yaml"
    broken.write_text("actors: [\n", encoding="utf-8")
    assert any("not valid YAML" in p for p in validate_file(broken))
    assert any("cannot read" in p for p in validate_file(tmp_path / "missing.yaml"))


def test_speed() -> None:
    book = load_actors()
    sentence = (
        "On Tuesday, ISIS cells attacked a checkpoint of the regime forces near the Conoco field, "
        "killing four National Defence members, the Britain-based war monitor said."
    )
    start = time.perf_counter()
    for _ in range(500):
        book.find(sentence)
    assert (time.perf_counter() - start) / 500 < 0.002


def test_matcher_remembers_a_text_without_sharing_its_list() -> None:
    matcher = LexiconMatcher([LexiconEntry(phrases=("blue fox",)), LexiconEntry(patterns=(r"red (hens?|geese)",))])
    text = "A blue fox chased two red hens past the red geese."
    first = matcher.find(text)
    first.clear()
    assert matcher.find(text) == [(2, 10, 0), (22, 30, 1), (40, 49, 1)]
