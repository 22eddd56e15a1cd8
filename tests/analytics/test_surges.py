"""Tests of surge detection, including simulations with known change points."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from conflictlens.analytics.surges import detect_surges, surge_p_values
from conflictlens.analytics.trends import Point, Series, periods
from conflictlens.errors import InputError

START = dt.date(2024, 1, 1)
LEVEL = 0.05


def series_of(counts: list[int] | np.ndarray, key: str = "s", freq: str = "week") -> Series:
    """A series of weekly (or monthly) counts starting on START."""
    days = periods(START, START + dt.timedelta(days=400), freq)[: len(counts)]
    return Series(
        key, None, freq, tuple(Point(d, int(c), 0) for d, c in zip(days, counts, strict=True))
    )


def null_rate(sample: np.ndarray) -> float:
    """Share of series (rows: 12 baseline periods then one tested) with p <= LEVEL."""
    return float(np.mean(surge_p_values(sample[:, :12], sample[:, 12]).p_values <= LEVEL))


def tolerance(n: int) -> float:
    """Two Monte Carlo standard errors of a rate near LEVEL over n series."""
    return 2 * math.sqrt(LEVEL * (1 - LEVEL) / n)


def negbin(
    rng: np.random.Generator, mean: float, size: float, shape: tuple[int, int]
) -> np.ndarray:
    """Overdispersed counts: negative binomial with the given mean and size."""
    return rng.negative_binomial(size, size / (size + mean), shape)


@pytest.mark.parametrize(
    ("mean", "size"),
    [(5.0, None), (1.0, None), (5.0, 2.0), (5.0, 1.0), (20.0, 5.0)],
    ids=["poisson 5", "poisson 1", "negbin 5 size 2", "negbin 5 size 1", "negbin 20 size 5"],
)
def test_surges_false_alarms_at_or_under_nominal_level(mean: float, size: float | None) -> None:
    rng = np.random.default_rng(20240601)
    n = 2000
    sample = rng.poisson(mean, (n, 13)) if size is None else negbin(rng, mean, size, (n, 13))
    assert null_rate(sample) <= LEVEL + tolerance(n)
    surges = detect_surges([series_of(row, f"k{i}") for i, row in enumerate(sample)], q=LEVEL)
    assert sum(s.alert for s in surges) / n <= LEVEL


def test_surges_power_for_a_tripling_from_five() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    sample = np.column_stack([rng.poisson(5, (n, 12)), rng.poisson(15, n)])
    assert np.mean(surge_p_values(sample[:, :12], sample[:, 12]).p_values <= LEVEL) >= 0.9
    # After Benjamini-Hochberg over a family where every series surges (0.899 over 100,000).
    surges = detect_surges([series_of(row, f"k{i}") for i, row in enumerate(sample)], q=LEVEL)
    assert sum(s.alert for s in surges) / n >= 0.88


def test_surges_mixed_family_finds_surges_and_few_false_ones() -> None:
    rng = np.random.default_rng(11)
    nulls = rng.poisson(5, (900, 13))
    surged = np.column_stack([rng.poisson(5, (100, 12)), rng.poisson(20, 100)])
    family = [series_of(r, f"null{i}") for i, r in enumerate(nulls)]
    family += [series_of(r, f"surge{i}") for i, r in enumerate(surged)]
    alerts = [s.key for s in detect_surges(family) if s.alert]
    true_alerts = sum(k.startswith("surge") for k in alerts)
    assert true_alerts >= 80
    assert len(alerts) - true_alerts <= LEVEL * len(alerts) * 2


def test_surges_fields_of_a_clear_surge() -> None:
    [surge] = detect_surges([series_of([5, 4, 6, 5, 5, 4, 6, 5, 5, 4, 6, 5, 20], "SY-DY")])
    assert surge.alert
    assert surge.key == "SY-DY"
    assert surge.observed == 20
    assert surge.expected == pytest.approx(60.5 / 12)
    assert surge.ratio == pytest.approx(20 / (60.5 / 12))
    assert surge.period_start == START + dt.timedelta(weeks=12)
    assert surge.period_end == START + dt.timedelta(weeks=12, days=6)
    assert surge.method.startswith("poisson")
    assert surge.q_value == pytest.approx(surge.p_value)


def test_surges_overdispersed_baseline_uses_negative_binomial() -> None:
    counts = [0, 12, 1, 9, 0, 15, 2, 0, 11, 1, 0, 13, 20]
    [surge] = detect_surges([series_of(counts)])
    assert surge.method.startswith("negative binomial")
    assert not surge.alert
    [poisson] = detect_surges([series_of([5] * 12 + [20])])
    assert poisson.p_value < surge.p_value


def test_surges_min_count_and_k_periods() -> None:
    [small] = detect_surges([series_of([0] * 12 + [2])], min_count=3)
    assert small.p_value < 0.05 and not small.alert
    [two] = detect_surges([series_of([3] * 12 + [9, 9], freq="month")], k=2)
    assert two.observed == 18
    assert two.period_start == dt.date(2025, 1, 1)
    assert two.period_end == dt.date(2025, 2, 28)
    assert two.alert


def test_surges_short_series_skipped_and_bad_settings_raise() -> None:
    assert detect_surges([series_of([1, 2, 3])]) == []
    with pytest.raises(InputError, match=r"q=1\.5"):
        detect_surges([], q=1.5)
