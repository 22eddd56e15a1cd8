"""Tests of the period counts and sparklines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from conflictlens.analytics.trends import (
    IncidentFilter,
    Point,
    count_series,
    period_end,
    period_start,
    sparkline,
)
from conflictlens.errors import InputError
from conflictlens.incidents import Incident

D = dt.date
Builder = Callable[..., list[Incident]]


def test_trends_weeks_start_on_monday_and_zero_fill(make_incidents: Builder) -> None:
    incidents = make_incidents(
        ("a", D(2025, 6, 4), "SY-DY", "Islamic State", 3, "day"),  # Wednesday
        ("b", D(2025, 6, 8), "SY-DY", "Islamic State", None, "day"),  # Sunday, same week
        ("c", D(2025, 6, 23), "SY-DY", "Islamic State", 2, "day"),  # two weeks later
    )
    [series] = count_series(incidents, "week")
    assert series.key == "all"
    assert series.points == (
        Point(D(2025, 6, 2), 2, 3),
        Point(D(2025, 6, 9), 0, 0),
        Point(D(2025, 6, 16), 0, 0),
        Point(D(2025, 6, 23), 1, 2),
    )


def test_trends_by_admin1_share_one_axis(make_incidents: Builder) -> None:
    incidents = make_incidents(
        ("a", D(2025, 1, 15), "SY-DY", "Islamic State", 1, "day"),
        ("b", D(2025, 3, 2), "IQ-AN", "Islamic State", 4, "day"),
    )
    series = count_series(incidents, "month", by="admin1")
    assert [s.key for s in series] == ["IQ-AN", "SY-DY"]
    assert [p.period_start for p in series[0].points] == [
        D(2025, 1, 1),
        D(2025, 2, 1),
        D(2025, 3, 1),
    ]
    assert [p.incidents for p in series[0].points] == [0, 0, 1]
    assert [p.fatalities for p in series[1].points] == [1, 0, 0]


def test_trends_filters_and_explicit_range(make_incidents: Builder) -> None:
    incidents = make_incidents(
        ("a", D(2025, 1, 15), "SY-DY", "Islamic State", 1, "day"),
        ("b", D(2025, 1, 16), "SY-HM", "unknown", 4, "day"),
        ("c", D(2025, 2, 20), "SY-DY", "Islamic State", 1, "day"),
    )
    where = IncidentFilter(
        start=D(2025, 1, 1), end=D(2025, 1, 31), actors=frozenset({"Islamic State"})
    )
    [series] = count_series(incidents, "day", by="actor", where=where)
    assert series.key == "Islamic State"
    assert len(series.points) == 31
    assert sum(p.incidents for p in series.points) == 1


def test_trends_coarse_dates_left_out_of_finer_periods(make_incidents: Builder) -> None:
    incidents = make_incidents(
        ("a", D(2025, 1, 15), "SY-DY", "Islamic State", 1, "day"),
        ("b", D(2025, 1, 1), "SY-DY", "Islamic State", 9, "month"),
    )
    assert sum(p.incidents for p in count_series(incidents, "week")[0].points) == 1
    assert sum(p.incidents for p in count_series(incidents, "month")[0].points) == 2


def test_trends_bad_arguments_raise() -> None:
    with pytest.raises(InputError, match="fortnight"):
        count_series([], "fortnight")
    with pytest.raises(InputError, match="weapon"):
        count_series([], "week", by="weapon")
    assert count_series([], "week") == []


def test_trends_period_helpers() -> None:
    assert period_start(D(2025, 1, 1), "week") == D(2024, 12, 30)
    assert period_end(D(2024, 12, 1), "month") == D(2024, 12, 31)
    assert period_end(D(2024, 12, 30), "week") == D(2025, 1, 5)


def test_trends_sparkline() -> None:
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
