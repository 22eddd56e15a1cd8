"""Hand-written incidents, surges, claims and series shared by the report tests."""

from __future__ import annotations

from typing import Any

import pytest
from report_samples import INJECTED, make_event


@pytest.fixture
def events() -> list[dict[str, Any]]:
    """Twelve incidents: one with injected markup, one unlocated, one over a range, one month-only."""
    evs = [make_event(i) for i in range(12)]
    evs[0] = make_event(0, evidence=[INJECTED], location="<b>Bridge</b> & post", killed=5)
    evs[1] = make_event(1, lat=None, lon=None, geo_precision=None)
    evs[2] = make_event(2, date_start="2024-07-25", date_end="2024-07-26", date_precision="range")
    evs[3] = make_event(3, date_start="2024-05-01", date_end="2024-05-31", date_precision="month")
    evs[4] = make_event(4, evidence=['=HYPERLINK("http://bad.example")'], perpetrator="Islamic State")
    return evs


@pytest.fixture
def surges() -> list[dict[str, Any]]:
    """One surge alert over three incidents."""
    return [
        {
            "key": "Islamic State", "period_start": "2024-07-01", "period_end": "2024-07-31", "observed": 9,
            "expected": 2.5, "ratio": 3.6, "p_value": 0.0012, "q_value": 0.01, "method": "poisson-test",
            "incident_ids": ["ev-000000", "ev-000002", "ev-000005"],
        }
    ]  # fmt: skip


@pytest.fixture
def claims() -> list[dict[str, Any]]:
    """One claim with the store's count beside it."""
    return [
        {
            "quantity": "attacks", "value": 95, "low": None, "high": None, "subject": "Islamic State",
            "region": "Anbar <desert>", "period": "since January", "period_start": "2024-01-01",
            "period_end": "2024-07-31", "attributed_to": "A monitoring group", "counted": 40, "ratio": 0.42,
            "evidence": "A monitoring group counted 95 attacks <i>since January</i>.",
        }
    ]  # fmt: skip


@pytest.fixture
def series() -> list[dict[str, Any]]:
    """Monthly counts of two event types."""
    rows = []
    for month in range(1, 9):
        rows.append(
            {"key": "bombing", "period": f"2024-{month:02d}", "count": month, "fatalities": 2 * month}
        )
        rows.append({"key": "shelling", "period": f"2024-{month:02d}", "count": 9 - month, "fatalities": 1})
    return rows
