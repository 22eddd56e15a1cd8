"""Tests for combining one event's casualty figures."""

from __future__ import annotations

from conflictlens.extract.numbers import Casualty
from conflictlens.extract.tolls import add_figures, total


def _killed(value: int, who: str | None = None, low: int | None = None) -> Casualty:
    return Casualty("killed", value, low, None, 0, 1, who)


def test_tellings_of_one_toll_keep_the_largest() -> None:
    assert total([_killed(5, "people"), _killed(7, "people", low=7)]) == (7, 7, None)


def test_attackers_and_others_add_to_the_victims() -> None:
    assert total([_killed(23, "people"), _killed(2, "of the attackers"), _killed(20, "people")]) == (25, None, None)
    assert total([_killed(1, "leader"), _killed(2, "other armed men")]) == (3, None, None)


def test_no_figure_is_none() -> None:
    assert total([]) == (None, None, None)


def test_add_figures_counts_a_repeated_figure_once() -> None:
    store: dict[str, list[Casualty]] = {"killed": [_killed(4, "soldiers")]}
    add_figures(store, {"killed": [_killed(4, "soldiers"), _killed(2, "bombers")], "wounded": []})
    assert [f.value for f in store["killed"]] == [4, 2]
