"""Tests of the matplotlib timeline charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflictlens.errors import InputError
from conflictlens.report.charts import period_start, plot_series


def test_plot_series_writes_png_and_svg_by_suffix(series, tmp_path: Path) -> None:
    surge = [{"key": "bombing", "period_start": "2024-06-01", "period_end": "2024-06-30"}]
    png = plot_series(series, tmp_path / "trend.png", surges=surge)
    assert png.read_bytes().startswith(b"\x89PNG")
    svg = plot_series(series, tmp_path / "trend.svg", surges=surge, metric="fatalities", title="Anbar")
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "surge: bombing" in text


def test_plot_series_rejects_other_formats(series, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="trend.pdf"):
        plot_series(series, tmp_path / "trend.pdf")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-07", dt.date(2024, 7, 1)),
        ("2024-W30", dt.date(2024, 7, 22)),
        ("2024-07-25", dt.date(2024, 7, 25)),
    ],
)
def test_period_start_reads_months_weeks_and_days(period: str, expected: dt.date) -> None:
    assert period_start(period) == expected


def test_period_start_rejects_words() -> None:
    with pytest.raises(InputError, match="last summer"):
        period_start("last summer")
