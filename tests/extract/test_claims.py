"""Tests for the claims extractor: aggregate figures, their context, and what is not a claim."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conflictlens.extract import claims as claims_module
from conflictlens.extract.actors import load_actors
from conflictlens.extract.claims import extract_claims
from conflictlens.model import Claim

PUBLISHED = dt.date(2024, 6, 1)


def _sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of naive sentences: cut after . ! ? and at line breaks."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+|\n+", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _claims(text: str, published: dt.date | None = PUBLISHED) -> list[Claim]:
    return extract_claims(text, _sentences(text), published, load_actors())


def _figures(text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(c.quantity, c.value, c.low, c.high) for c in _claims(text)]


def test_attacks_and_deaths_in_one_sentence_share_context() -> None:
    text = (
        "Monitor head Sami Haddad of the Syrian Observatory for Human Rights spoke on Monday.\n"
        "Since the start of the year, he said, there have been 87 ISIS attacks in the Homs desert, "
        "in which about 210 people were killed."
    )
    claims = _claims(text)
    assert [(c.quantity, c.value) for c in claims] == [("attacks", 87), ("killed", 210)]
    first = claims[0]
    assert first.subject == "Islamic State"
    assert first.region == "Homs desert"
    assert first.period == "Since the start of the year"
    assert (first.period_start, first.period_end) == (dt.date(2024, 1, 1), PUBLISHED)
    assert first.attributed_to == "Syrian Observatory for Human Rights"
    assert first.evidence is not None
    assert text[first.evidence.start : first.evidence.end] == first.evidence.text
    assert first.evidence.text.startswith("Since the start")


def test_fighter_range_and_funds_range() -> None:
    text = (
        "In early 2024, the United Nations estimated the number of ISIS fighters in Iraq at between 2,500 and 4,000.\n"
        "The group's cash has shrunk, with an estimated $5 million to $8 million left in its coffers."
    )
    claims = _claims(text)
    assert [(c.quantity, c.value, c.low, c.high) for c in claims] == [
        ("fighters", None, 2500, 4000),
        ("funds_usd", None, 5_000_000, 8_000_000),
    ]
    assert claims[0].attributed_to == "United Nations"
    assert claims[1].attributed_to == "unknown"
    assert claims[1].subject == "Islamic State"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The kidnappers are demanding a ransom of $150,000 for the driver.",
            [("funds_usd", 150_000, None, None)],
        ),
        ("Kenya deployed 800 soldiers to the border region last month.", [("fighters", 800, None, None)]),
        ("The militia, which has about 3,000 fighters, holds the hills.", [("fighters", 3000, None, None)]),
        (
            "Over the past decade, more than 40,000 people have died in the insurgency.",
            [("killed", 40_000, 40_000, None)],
        ),
        (
            "The war has left thousands dead and driven 1.2 million people from their homes.",
            [("other", 1_200_000, None, None)],
        ),
        ("The group claimed responsibility for 14 attacks in Diyala in May.", [("attacks", 14, None, None)]),
        (
            "In 2022, militants killed 410 civilians and wounded 650 across the province, the UN said.",
            [("killed", 410, None, None), ("wounded", 650, None, None)],
        ),
        ("Bandits have killed nearly five dozen villagers since January.", [("killed", 60, None, None)]),
    ],
)
def test_claim_figures(text: str, expected: list[tuple[str, int | None, int | None, int | None]]) -> None:
    assert _figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed 9 farmers in an attack on Tuesday, the deadliest since March.",
        "A total of 7 people were killed in the explosion on Friday.",
        "In 2020, a car bomb killed 31 people at the market.",
        "Earlier this year, gunmen killed 11 worshippers at a mosque.",
        "Attacks by the group killed at least 19 soldiers in the desert, the monitor said.",
        "The army said 6 militants were killed in clashes on Sunday.",
        "About 2,700 families have returned to the camp since January.",
        "Some 40,000 people live in the camp, according to the UN.",
        "The donors pledged $90 million in aid for reconstruction.",
        "Police arrested 14 suspects after the market bombing.",
        "Security sources told the monitor that gunmen abducted four traders near the town.",
        "The troops had lost 12 soldiers in the ambush.",
        "Nine policemen died in a bombing in Ramadi on Sunday, calling it one of the worst attacks this year.",
        "I lost 2 brothers in this war!",
        "The conflict has killed tens of thousands of people.",
    ],
)
def test_not_claims(text: str) -> None:
    assert _claims(text) == []


def test_arrests_over_a_period_are_a_tally() -> None:
    # a count of arrests that spans a period is no one operation (codebook: a figure that is not one event)
    assert _figures("Police arrested 14 suspects since the start of the year.") == [("other", 14, None, None)]


def test_breakdown_lines_inherit_and_keep_head_figures_only() -> None:
    text = (
        "According to the monitor's figures from the Syrian Observatory, 120 people have been killed "
        "in the Badiya since the start of 2024, as follows:\n"
        "• 30 ISIS members killed by regime forces.\n"
        "• 80 regime soldiers, 9 militiamen among them, killed in 25 ISIS operations.\n"
        "Attacks by area:\n"
        "- Homs desert: 12 operations left 40 dead, namely 30 soldiers and 10 civilians.\n"
        "- Hama desert: one operation killed two shepherds.\n"
        "The desert remains tense."
    )
    claims = _claims(text)
    assert [(c.quantity, c.value) for c in claims] == [
        ("killed", 120),
        ("killed", 30),
        ("killed", 80),
        ("attacks", 25),
        ("attacks", 12),
        ("killed", 40),
        ("attacks", 1),
        ("killed", 2),
    ]
    assert {c.period for c in claims} == {"since the start of 2024"}
    assert {c.attributed_to for c in claims} == {"Syrian Observatory for Human Rights"}
    assert claims[4].region == "Homs desert"


def test_count_of_listed_incidents_is_not_a_claim() -> None:
    text = (
        "Since the start of May, the Observatory documented three ISIS attacks, listed as follows:\n"
        "• Gunmen fired on a checkpoint in Hajin.\n"
        "• A mine went off near Busayrah, wounding a fighter.\n"
        "• Cells fired a rocket at a post in Dhiban."
    )
    assert _claims(text) == []


def test_prose_breakdown_parts_are_claims_but_sub_counts_are_not() -> None:
    text = "In 2023, 800 civilians were killed in the province, including 120 children and 60 women, the report said."
    assert _figures(text) == [
        ("killed", 800, None, None),
        ("killed", 120, None, None),
        ("killed", 60, None, None),
    ]
    sub = "Since January, 50 soldiers, 7 of them officers, have been killed in the region."
    assert _figures(sub) == [("killed", 50, None, None)]


def test_continuation_inherits_quantity_and_context() -> None:
    text = (
        "The army said 20,000 volunteers signed up during the drive.\n"
        "The remaining 8,000 will guard their own villages.\n"
        "Since 2020, the insurgents have killed 900 people, officials said.\n"
        "A further 40 people died in captivity."
    )
    claims = _claims(text)
    assert [(c.quantity, c.value) for c in claims] == [
        ("fighters", 20_000),
        ("fighters", 8_000),
        ("killed", 900),
        ("killed", 40),
    ]
    assert claims[3].period == "Since 2020"


def test_attribution_follows_pronoun_and_resets_on_other_speaker() -> None:
    text = (
        "Rights group Human Rights Watch published its findings on Monday.\n"
        "Since January, it said, 75 people have been killed in the district.\n"
        '"It is getting worse," said local elder Omar Farouk.\n'
        "Since March, he said, 30 people have been killed in the valley."
    )
    claims = _claims(text)
    assert [c.attributed_to for c in claims] == ["Human Rights Watch", "unknown"]


def test_no_publication_date_keeps_period_text_without_dates() -> None:
    claims = _claims("So far this year, 44 attacks have been recorded in the province.", published=None)
    assert [(c.quantity, c.value, c.period, c.period_start) for c in claims] == [
        ("attacks", 44, "So far this year", None)
    ]


def test_furniture_and_reader_comments_yield_nothing() -> None:
    text = (
        "Do you like this article?\nThank you, I agree with 100 percent of this!\nWe have 500 fighters ready!"
    )
    assert _claims(text) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("The group claimed the attack in a statement.", []),
        ("Officials said 1,200 fighters and a dozen commanders surrendered.", ["1,200", "a dozen"]),
        ("Twenty-five attacks were recorded, up from nineteen.", ["Twenty-five", "nineteen"]),
        ("Oneida and Tenby are not numbers.", []),
    ],
)
def test_figure_hint_keeps_every_figure(line: str, expected: list[str]) -> None:
    assert claims_module._FIGURE_HINT.search(line) is not None or claims_module._FIGURE_RE.search(line) is None
    assert [line[f.start : f.end] for f in claims_module._figures(line)] == expected


def test_bullet_cut_off_by_the_splitter_still_marks_an_item() -> None:
    # a splitter may make a sentence of the bullet glyph alone; the count still totals the listed incidents
    text = (
        "The monitor documented three attacks by al-Shabaab in Hiraan this year, as follows:\n"
        "• Gunmen shot at a checkpoint in Beledweyne.\n"
        "• A roadside bomb hit a convoy near Bulo Burte.\n"
        "• Militants fired mortars at an army base in Jalalaqsi."
    )
    sentences = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().startswith("• "):
            sentences += [(m.start(), m.start() + 1), (m.start() + 2, m.end())]
        else:
            sentences.append((m.start(), m.end()))
    assert extract_claims(text, sentences, PUBLISHED, load_actors()) == []
