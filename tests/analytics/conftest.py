"""Builders of hand-made incidents for the analytics tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from conflictlens.incidents import Incident, MentionRecord, Overrides, assign_incidents
from conflictlens.model import Mention, Place

PLACES = {
    "SY-DY": Place("Qaryat Alif", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.0, 40.0, 1),
    "SY-HM": Place("Qaryat Dal", "SY", "Homs", "SY-HM", "Tadmur", 34.6, 38.3, 1),
    "IQ-AN": Place("Qaryat Jim", "IQ", "Anbar", "IQ-AN", "Rutba", 33.0, 40.3, 1),
}


Row = tuple[str, dt.date, str, str, int | None, str]


def _make_incidents(*rows: Row) -> list[Incident]:
    """Incidents from (id, date, admin1 code, perpetrator, killed, date precision) rows."""
    records = [
        MentionRecord(
            mid,
            f"doc-{mid}",
            "outlet",
            day,
            Mention(
                event_type="armed_assault",
                date_start=day,
                date_end=day,
                date_precision=precision,
                perpetrator=perp,
                perpetrator_attribution="stated" if perp != "unknown" else "unknown",
                target_type="military",
                place=PLACES[code],
                location=PLACES[code].name,
                killed=killed,
            ),
        )
        for mid, day, code, perp, killed, precision in rows
    ]
    # A split override per row keeps look-alike rows as separate incidents.
    return assign_incidents(records, [], Overrides(split=tuple(frozenset({r[0]}) for r in rows)))


@pytest.fixture
def make_incidents() -> Callable[..., list[Incident]]:
    """Builder of one incident per (id, date, admin1 code, perpetrator, killed, precision) row."""
    return _make_incidents
