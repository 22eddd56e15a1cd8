"""Tests of checking a quoted figure against the incidents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from conflictlens.analytics.claimcheck import AreaFilter, check_claim
from conflictlens.errors import InputError
from conflictlens.incidents import Incident
from conflictlens.model import Claim, Span

D = dt.date
Builder = Callable[..., list[Incident]]
ISLAMIC_STATE = "Islamic State"


@pytest.fixture
def incidents(make_incidents: Builder) -> list[Incident]:
    """Incidents across two provinces, two actors and two years."""
    return make_incidents(
        ("a", D(2025, 1, 10), "SY-DY", ISLAMIC_STATE, 4, "day"),
        ("b", D(2025, 2, 3), "SY-HM", ISLAMIC_STATE, 2, "day"),
        ("c", D(2025, 2, 3), "SY-HM", "unknown", 7, "day"),
        ("d", D(2024, 12, 31), "SY-DY", ISLAMIC_STATE, 5, "day"),
        ("e", D(2025, 3, 1), "IQ-AN", ISLAMIC_STATE, None, "day"),
        ("f", D(2025, 4, 1), "SY-DY", ISLAMIC_STATE, 1, "month"),
        ("g", D(2025, 12, 1), "SY-DY", ISLAMIC_STATE, 3, "month"),
    )


def claim(quantity: str = "attacks", value: int | None = 10, **extra: object) -> Claim:
    """A claim about the Islamic State in 2025 up to mid-December."""
    return Claim(
        quantity=quantity,
        value=value,
        subject=ISLAMIC_STATE,
        period="this year",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 15),
        **extra,  # type: ignore[arg-type]
    )


def test_claimcheck_counts_attacks_in_admin1_area(incidents: list[Incident]) -> None:
    area = AreaFilter(admin1_codes=frozenset({"SY-DY", "SY-HM"}))
    check = check_claim(claim(), incidents, area)
    ids = {i.incident_id: i.mention_ids[0] for i in incidents}
    assert sorted(ids[i] for i in check.incident_ids) == ["a", "b", "f"]
    assert check.counted == 3
    assert check.claimed == 10
    assert check.ratio == pytest.approx(0.3)


def test_claimcheck_sums_best_killed(incidents: list[Incident]) -> None:
    check = check_claim(claim("killed", 100), incidents, AreaFilter())
    assert check.counted == 4 + 2 + 0 + 1
    assert check.ratio == pytest.approx(0.07)


def test_claimcheck_bbox_and_admin2_areas(incidents: list[Incident]) -> None:
    # A box around Homs's desert only.
    box = AreaFilter(bbox=(37.5, 34.0, 39.0, 35.0))
    assert check_claim(claim(), incidents, box).counted == 1
    district = AreaFilter(admin2_names=frozenset({"rutba"}))
    assert check_claim(claim(), incidents, district).counted == 1


def test_claimcheck_range_claim_uses_midpoint(incidents: list[Incident]) -> None:
    check = check_claim(claim("killed", None, low=10, high=20), incidents, AreaFilter())
    assert (check.claimed, check.claimed_low, check.claimed_high) == (None, 10, 20)
    assert check.ratio == pytest.approx(7 / 15)


def test_claimcheck_rejects_unchecked_quantities_and_open_periods() -> None:
    with pytest.raises(InputError, match="fighters"):
        check_claim(claim("fighters"), [], AreaFilter())
    open_claim = Claim("attacks", 5, subject=ISLAMIC_STATE, evidence=Span(0, 9, "122 raids"))
    with pytest.raises(InputError, match="122 raids"):
        check_claim(open_claim, [], AreaFilter())
