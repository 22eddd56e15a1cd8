"""Draw a timeline series to a PNG or SVG file with matplotlib, surge periods shaded."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.dates import date2num
from matplotlib.figure import Figure

from conflictlens.errors import InputError

__all__ = ["period_start", "plot_series"]

Record = Mapping[str, Any]
FORMATS = {".png": "png", ".svg": "svg"}
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def period_start(period: Any) -> dt.date:
    """First day of a period given as a date, 'YYYY-MM-DD', 'YYYY-MM' or ISO week 'YYYY-Www'."""
    if isinstance(period, dt.datetime):
        return period.date()
    if isinstance(period, dt.date):
        return period
    text = str(period)
    if week := _WEEK_RE.match(text):
        return dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
    if month := _MONTH_RE.match(text):
        return dt.date(int(month.group(1)), int(month.group(2)), 1)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise InputError(f"series period {text!r}: not a date, month or ISO week") from exc


def _num(day: dt.date) -> float:
    """Matplotlib's number for a date (date2num is untyped)."""
    return float(date2num(day))  # type: ignore[no-untyped-call]


def _lines(series: Sequence[Record], metric: str) -> dict[str, list[tuple[dt.date, float]]]:
    """Points per series key, sorted by period."""
    lines: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for row in series:
        day = period_start(row["period"])
        lines[str(row["key"])][day] = lines[str(row["key"])].get(day, 0.0) + float(row.get(metric) or 0)
    return {key: sorted(points.items()) for key, points in lines.items()}


def plot_series(
    series: Sequence[Record],
    path: str | Path,
    surges: Sequence[Record] | None = None,
    metric: str = "count",
    title: str | None = None,
) -> Path:
    """Plot series rows (key, period, count, fatalities) as one line per key; format by the file suffix.

    Surges whose key is one of the series' keys are shaded from period_start to period_end.
    """
    out = Path(path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(f"{out}: chart file must end in .png or .svg")
    fig = Figure(figsize=(10, 4), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    lines = _lines(series, metric)
    for key, points in lines.items():
        ax.plot([_num(p[0]) for p in points], [p[1] for p in points], marker="o", markersize=3, label=key)
    for surge in surges or ():
        if str(surge.get("key")) in lines:
            start = period_start(surge["period_start"])
            end = period_start(surge.get("period_end") or surge["period_start"])
            ax.axvspan(
                _num(start),
                _num(end + dt.timedelta(days=1)),
                color="#d62728",
                alpha=0.15,
            )
            ax.annotate(f"surge: {surge['key']}", (start, 1.0), xycoords=("data", "axes fraction"),
                        fontsize=8, color="#8a1c1c", va="top")  # fmt: skip
    ax.xaxis_date()
    ax.set_ylabel("events" if metric == "count" else metric)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    if title:
        ax.set_title(title)
    if lines:
        ax.legend(loc="upper left", fontsize=8, ncols=min(4, len(lines)))
    fig.savefig(out, format=fmt)
    return out
