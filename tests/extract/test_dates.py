"""Tests for event dates and claim periods resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictlens.extract.dates import DateMention, find_dates, find_period, shifted_dates

PUB = dt.date(2024, 8, 1)  # a Thursday
D = dt.date


def _one(sentence: str, published: dt.date = PUB) -> tuple[dt.date, dt.date, str, str]:
    (mention,) = find_dates(sentence, published)
    assert sentence[mention.span_start : mention.span_end] == mention.text
    return mention.start, mention.end, mention.precision, mention.text


@pytest.mark.parametrize(
    ("sentence", "start", "end", "precision", "text"),
    [
        (
            "On July 25 and 26, shells fell on the camp.",
            D(2024, 7, 25),
            D(2024, 7, 26),
            "range",
            "July 25 and 26",
        ),
        ("Fighting on 25-26 July cut the road.", D(2024, 7, 25), D(2024, 7, 26), "range", "25-26 July"),
        ("Raids on July 25-26 hit two villages.", D(2024, 7, 25), D(2024, 7, 26), "range", "July 25-26"),
        ("The siege lasted between 3 and 5 March.", D(2024, 3, 3), D(2024, 3, 5), "range", "3 and 5 March"),
        (
            "Strikes ran from July 30 to August 2 nightly.",
            D(2024, 7, 30),
            D(2024, 8, 2),
            "range",
            "July 30 to August 2",
        ),
        ("A mine went off on July 25.", D(2024, 7, 25), D(2024, 7, 25), "day", "July 25"),
        ("A mine went off on 25 July 2023.", D(2023, 7, 25), D(2023, 7, 25), "day", "25 July 2023"),
        (
            "A mine went off on July 25, 2022, near the town.",
            D(2022, 7, 25),
            D(2022, 7, 25),
            "day",
            "July 25, 2022",
        ),
        ("Dated 2024-07-25 in the log.", D(2024, 7, 25), D(2024, 7, 25), "day", "2024-07-25"),
        ("02/19/2014: A bomb went off.", D(2014, 2, 19), D(2014, 2, 19), "day", "02/19/2014"),
        ("Gunmen struck on Friday.", D(2024, 7, 26), D(2024, 7, 26), "day", "Friday"),
        ("Gunmen struck on Thursday.", D(2024, 8, 1), D(2024, 8, 1), "day", "Thursday"),
        ("Gunmen struck last Thursday.", D(2024, 7, 25), D(2024, 7, 25), "day", "last Thursday"),
        ("Gunmen struck on Monday night.", D(2024, 7, 29), D(2024, 7, 29), "day", "Monday night"),
        ("Shelling resumed on Tuesday evening.", D(2024, 7, 30), D(2024, 7, 30), "day", "Tuesday evening"),
        ("Two died yesterday.", D(2024, 7, 31), D(2024, 7, 31), "day", "yesterday"),
        ("Two died today.", D(2024, 8, 1), D(2024, 8, 1), "day", "today"),
        ("Cells attacked at dawn today.", D(2024, 8, 1), D(2024, 8, 1), "day", "at dawn today"),
        ("Cells attacked this morning.", D(2024, 8, 1), D(2024, 8, 1), "day", "this morning"),
        ("Cells attacked last night.", D(2024, 7, 31), D(2024, 7, 31), "day", "last night"),
        ("Cells attacked last week.", D(2024, 7, 22), D(2024, 7, 28), "range", "last week"),
        ("Cells attacked earlier this month.", D(2024, 8, 1), D(2024, 8, 1), "month", "earlier this month"),
        ("Cells attacked in March.", D(2024, 3, 1), D(2024, 3, 31), "month", "March"),
        ("Cells attacked in March 2023.", D(2023, 3, 1), D(2023, 3, 31), "month", "March 2023"),
        ("Cells attacked last month.", D(2024, 7, 1), D(2024, 7, 31), "month", "last month"),
        ("Cells attacked in 2019.", D(2019, 1, 1), D(2019, 12, 31), "year", "2019"),
        ("Cells attacked two days ago.", D(2024, 7, 30), D(2024, 7, 30), "day", "two days ago"),
        ("Cells attacked on the 14th.", D(2024, 7, 14), D(2024, 7, 14), "day", "the 14th"),
        (
            "The TV said on Friday, July 19, that troops moved.",
            D(2024, 7, 19),
            D(2024, 7, 19),
            "day",
            "Friday, July 19",
        ),
    ],
)
def test_find_dates(sentence: str, start: dt.date, end: dt.date, precision: str, text: str) -> None:
    assert _one(sentence) == (start, end, precision, text)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On December 3 the convoy was hit.", D(2023, 12, 3)),
        ("On August 2 the convoy was hit.", D(2023, 8, 2)),
        ("On 1 August the convoy was hit.", D(2024, 8, 1)),
        ("In November the convoy was hit.", D(2023, 11, 1)),
        ("Cells attacked on the 20th.", D(2024, 7, 20)),
    ],
)
def test_never_after_publication(sentence: str, expected: dt.date) -> None:
    (mention,) = find_dates(sentence, PUB)
    assert mention.start == expected
    assert mention.end <= PUB


def test_weekday_on_a_monday_report() -> None:
    (mention,) = find_dates("The attack came on Sunday.", D(2023, 9, 25))
    assert mention.start == D(2023, 9, 24)


def test_several_dates_in_order() -> None:
    mentions = find_dates("After the July 4 raid, a second came on Tuesday and a third in 2021.", PUB)
    assert [m.start for m in mentions] == [D(2024, 7, 4), D(2024, 7, 30), D(2021, 1, 1)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A 12-year-old boy and 17 soldiers from Brigade 17 were hurt.",
        "The group has $10 million and 122 attacks to its name.",
        "Officers may march to the square.",
        "He was 25 years old.",
        "The 3rd Division sent 200 men.",
    ],
)
def test_no_dates_in_other_numbers(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []


def test_impossible_day_is_ignored() -> None:
    assert find_dates("Reported on February 30.", PUB) == []


@pytest.mark.parametrize(
    ("sentence", "text", "start", "end"),
    [
        ("So far this year, he said, there were 122 attacks.", "So far this year", D(2024, 1, 1), PUB),
        ("There were 122 attacks this year.", "this year", D(2024, 1, 1), PUB),
        (
            "At the beginning of this year, the UN put fighters at 3,000.",
            "At the beginning of this year",
            D(2024, 1, 1),
            D(2024, 1, 31),
        ),
        ("Deaths since early 2024 reached 300.", "since early 2024", D(2024, 1, 1), PUB),
        (
            "Deaths since the start of the year reached 300.",
            "since the start of the year",
            D(2024, 1, 1),
            PUB,
        ),
        ("Deaths since the start of 2023 reached 562.", "since the start of 2023", D(2023, 1, 1), PUB),
        ("Deaths last year reached 900.", "last year", D(2023, 1, 1), D(2023, 12, 31)),
        ("Deaths in 2023 reached 900.", "in 2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("In 2024 the group claimed 50 attacks.", "In 2024", D(2024, 1, 1), PUB),
        ("Deaths in the past month reached 40.", "in the past month", D(2024, 7, 2), PUB),
        ("Deaths since January reached 40.", "since January", D(2024, 1, 1), PUB),
        ("Deaths since November reached 40.", "since November", D(2023, 11, 1), PUB),
        ("Over the past week, 12 attacks hit the area.", "Over the past week", D(2024, 7, 25), PUB),
        ("Over the past three months, 12 attacks hit.", "Over the past three months", D(2024, 5, 3), PUB),
        (
            "In the first half of 2024 there were 80 attacks.",
            "In the first half of 2024",
            D(2024, 1, 1),
            D(2024, 6, 30),
        ),
        ("In March 2023 there were 8 attacks.", "In March 2023", D(2023, 3, 1), D(2023, 3, 31)),
        (
            "Since the truce collapsed on 3 March, 40 attacks were recorded.",
            "Since the truce collapsed on 3 March",
            D(2024, 3, 3),
            PUB,
        ),
        (
            'Since the group declared its "spring offensive" on April 18, it claimed 16 attacks.',
            'Since the group declared its "spring offensive" on April 18',
            D(2024, 4, 18),
            PUB,
        ),
        ("Since the army moved in in 2021, 500 died.", "Since the army moved in in 2021", D(2021, 1, 1), PUB),
        ("Since the siege began on December 2, 80 died.", "Since the siege began on December 2", D(2023, 12, 2), PUB),
    ],
)
def test_find_period(sentence: str, text: str, start: dt.date, end: dt.date) -> None:
    period = find_period(sentence, PUB)
    assert period is not None
    assert (period.text, period.start, period.end) == (text, start, end)
    assert sentence[period.span_start : period.span_end] == period.text


@pytest.mark.parametrize("sentence", ["The group claimed 122 attacks.", "Brigade 17 holds the town.", ""])
def test_find_period_none(sentence: str) -> None:
    assert find_period(sentence, PUB) is None


def test_a_year_before_a_noun_dates_a_background_event() -> None:
    assert _one("It recalled a 2019 bombing at the same market.") == (D(2019, 1, 1), D(2019, 12, 31), "year", "2019")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The day before, gunmen had fired on a bus.", D(2024, 7, 28)),
        ("A day earlier a mine went off.", D(2024, 7, 28)),
        ("The next day, the army raided the village.", D(2024, 7, 30)),
        ("The following night, a second post came under fire.", D(2024, 7, 30)),
        ("The same day, militants seized two drivers on the highway.", D(2024, 7, 29)),
        ("On the same day, a mine went off in the market.", D(2024, 7, 29)),
    ],
)
def test_shifted_dates_count_from_the_anchor(sentence: str, expected: dt.date) -> None:
    anchor = DateMention(D(2024, 7, 29), D(2024, 7, 29), "day", 0, 6, "Monday")
    (mention,) = shifted_dates(sentence, anchor, PUB)
    assert (mention.start, mention.precision) == (expected, "day")
    assert sentence[mention.span_start : mention.span_end] == mention.text


def test_shifted_dates_never_after_publication_nor_from_a_month() -> None:
    last_day = DateMention(PUB, PUB, "day", 0, 5, "today")
    assert shifted_dates("The next day, troops arrived.", last_day, PUB) == []
    month = DateMention(D(2024, 7, 1), D(2024, 7, 31), "month", 0, 4, "July")
    assert shifted_dates("The day before, a bomb went off.", month, PUB) == []
    monday = DateMention(D(2024, 7, 29), D(2024, 7, 29), "day", 0, 6, "Monday")
    assert shifted_dates("It was one of three raids in the province on the same day.", monday, PUB) == []
