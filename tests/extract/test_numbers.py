"""Tests for quantity parsing and casualty figures."""

from __future__ import annotations

import pytest

from conflictlens.extract import quantities
from conflictlens.extract.numbers import Quantity, find_casualties, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200", Quantity(1200)),
        ("twenty-three", Quantity(23)),
        ("three hundred and twenty", Quantity(320)),
        ("a dozen", Quantity(12)),
        ("about a dozen", Quantity(12, None, None, "about")),
        ("dozens", Quantity(None, 24, None, "vague")),
        ("at least 10", Quantity(10, 10, None, "at_least")),
        ("about 300", Quantity(300, None, None, "about")),
        ("more than 30", Quantity(30, 30, None, "more_than")),
        ("up to 5", Quantity(5, None, 5, "up_to")),
        ("fewer than 5", Quantity(None, None, 4, "less_than")),
        ("between 3,000 and 5,000", Quantity(None, 3000, 5000, "range")),
        ("two or three", Quantity(None, 2, 3, "range")),
        ("$10 million to $25 million", Quantity(None, 10_000_000, 25_000_000, "range")),
        ("2.5 million", Quantity(2_500_000)),
        ("a child", Quantity(1)),
        ("a soldier", Quantity(1)),
        ("one", Quantity(1)),
        ("two soldiers and a civilian", Quantity(3)),
        ("no casualties", Quantity(0, None, None, "none")),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["Brigade 17", "in 2019", "Resolution 2254", "the 5th", "hello", "a car"])
def test_parse_quantity_rejects_non_counts(text: str) -> None:
    assert parse_quantity(text) is None


def _figures(sentence: str) -> list[tuple[str, int | None]]:
    return [(c.kind, c.value) for c in find_casualties(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants raided the post at dawn, killing four National Defence members.", [("killed", 4)]),
        ("Five assailants were killed in the firefight.", [("killed", 5)]),
        ("The gunmen killed 12 people and wounded 30 others.", [("killed", 12), ("wounded", 30)]),
        ("A shell hit the square, leaving three dead.", [("killed", 3)]),
        ("At least 10 people died in the fire.", [("killed", 10)]),
        ("The truck's driver was seriously injured by the blast.", [("wounded", 1)]),
        ("Two soldiers and a civilian were killed near the bridge.", [("killed", 3)]),
        ("A child was killed when the rocket struck.", [("killed", 1)]),
        ("The device went off near a bus stop, injuring dozens.", [("wounded", None)]),
        ("The death toll rose to 17 on Sunday.", [("killed", 17)]),
        ("17 killed, 30 wounded in market attack", [("killed", 17), ("wounded", 30)]),
        ("Three were abducted from the farm.", [("kidnapped", 3)]),
        ("Gunmen kidnapped 20 villagers overnight.", [("kidnapped", 20)]),
        ("The fighters took 5 hostages at the plant.", [("kidnapped", 5)]),
        ("The bomber was killed.", [("killed", 1)]),
        ("He set off his vest, killing himself and 4 others.", [("killed", 5)]),
        ("3 civilians and 2 soldiers were wounded.", [("wounded", 5)]),
        (
            "Troops returned fire, killing 3 soldiers; 2 militants were also killed.",
            [("killed", 3), ("killed", 2)],
        ),
        (
            "Nearly 40 people, including six attackers, were killed and 12 others were wounded.",
            [("killed", 40), ("wounded", 12)],
        ),
        (
            "Besides the attacker, at least eight guards were killed in the explosion.",
            [("killed", 1), ("killed", 8)],
        ),
        ("In addition to the two bombers, six police officers died.", [("killed", 2), ("killed", 6)]),
        (
            "The mayor, a former teacher, was killed and three of his guards were injured.",
            [("killed", 1), ("wounded", 3)],
        ),
        ("Eight herders and a nurse were killed in the raid.", [("killed", 9)]),
        ("Two people, a farmer and his son, were hurt.", [("wounded", 2)]),
        ("Four workers, all of them contractors, were killed.", [("killed", 4)]),
        ("A patrol was identified and killed a suspected bomber near the gate.", [("killed", 1)]),
        ("The insurgents stoned to death 6 men in the square.", [("killed", 6)]),
        ("Police said gunmen killed Hassan Ali, a local judge, outside his home.", [("killed", 1)]),
        ("The group captured the men and beheaded him later.", [("killed", 1)]),
        (
            "The toll among the guards climbed to nine after one more died in hospital.",
            [("killed", 9), ("killed", 1)],
        ),
        (
            "According to one of the medics, 11 people, four of them children, were injured.",
            [("wounded", 11)],
        ),
    ],
)
def test_find_casualties(sentence: str, expected: list[tuple[str, int | None]]) -> None:
    assert _figures(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("No casualties were reported.", [("killed", 0), ("wounded", 0)]),
        ("No one was hurt in the blast.", [("killed", 0), ("wounded", 0)]),
        ("The convoy passed without casualties.", [("killed", 0), ("wounded", 0)]),
        ("Two rockets landed near the base, causing no coalition casualties.", [("killed", 0), ("wounded", 0)]),
        ("Nobody was injured.", [("wounded", 0)]),
        ("There were no casualties other than the attackers.", [("wounded", 0)]),
    ],
)
def test_zero_casualties(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert _figures(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "On July 25 the group claimed 122 attacks this year.",
        "A 12-year-old boy was seen near Brigade 17 headquarters.",
        "The council passed Resolution 2254 in 2015.",
        "Prices rose 17 percent at 10:30 on the 3rd day.",
        "The group holds $10 million in reserves.",
        "Officials said 12.7mm rounds and 122 mm shells were found.",
        "Six attacks were recorded in the area.",
    ],
)
def test_no_false_figures(sentence: str) -> None:
    assert [c for c in find_casualties(sentence) if c.value] == []


def test_bounds_and_span() -> None:
    sentence = "Officials said at least 16 soldiers were killed."
    (casualty,) = find_casualties(sentence)
    assert (casualty.value, casualty.low, casualty.high) == (16, 16, None)
    assert sentence[casualty.start : casualty.end] == "at least 16 soldiers"
    assert casualty.who == "soldiers"


def test_range_casualty() -> None:
    (casualty,) = find_casualties("Between 20 and 30 civilians were killed.")
    assert (casualty.value, casualty.low, casualty.high) == (None, 20, 30)


@pytest.mark.parametrize(
    "sentence",
    [
        "Police sealed off the road after the attack.",
        "Twenty-one people died and forty were hurt.",
        "A dozen houses burned; dozens fled and several were missing.",
        "Between 3,000 and 5,000 people fled, and $2.5 million was pledged.",
        "Someone often mentions the tenth anniversary.",
    ],
)
def test_hint_skips_only_sentences_without_quantities(sentence: str) -> None:
    ungated = [
        (m.start(), m.end(), q)
        for m in quantities._QTY_RE.finditer(sentence)
        if quantities._is_count_context(sentence, m.start(), m.end()) and (q := quantities._quantity_from_match(m))
    ]
    assert list(quantities.iter_quantities(sentence)) == ungated


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The convoy was ambushed, and Smith and no fewer than four other people died.", 5),
        ("Ali Hassan and two others were killed in the attack.", 3),
        ("Soldiers and two other people were killed.", 2),
        ("The gunmen seized the village head and cut his throat.", 1),
    ],
)
def test_a_named_person_and_others(sentence: str, value: int) -> None:
    (figure,) = [c for c in find_casualties(sentence) if c.kind == "killed"]
    assert figure.value == value
