"""Compare a quoted figure ("122 attacks this year") with the incidents the data holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from conflictlens.errors import InputError
from conflictlens.incidents import Incident
from conflictlens.model import Claim, Place

__all__ = ["AreaFilter", "ClaimCheck", "check_claim", "claim_ratio"]

CHECKABLE = ("attacks", "killed")


@dataclass(frozen=True)
class AreaFilter:
    """Where a claim applies: a place matches if it meets any one of the three conditions.

    ``bbox`` is (min_lon, min_lat, max_lon, max_lat), edges included; admin2 names compare
    case-insensitively. An empty filter matches everywhere.
    """

    admin1_codes: frozenset[str] = frozenset()
    admin2_names: frozenset[str] = frozenset()
    bbox: tuple[float, float, float, float] | None = None

    def contains(self, place: Place | None) -> bool:
        """Whether ``place`` lies in the area."""
        if not (self.admin1_codes or self.admin2_names or self.bbox):
            return True
        if place is None:
            return False
        if place.admin1_code and place.admin1_code in self.admin1_codes:
            return True
        if place.admin2 and place.admin2.casefold() in {n.casefold() for n in self.admin2_names}:
            return True
        return self._in_bbox(place)

    def _in_bbox(self, place: Place) -> bool:
        """Whether the place's coordinates fall inside the bounding box."""
        if self.bbox is None or place.lat is None or place.lon is None:
            return False
        min_lon, min_lat, max_lon, max_lat = self.bbox
        return min_lon <= place.lon <= max_lon and min_lat <= place.lat <= max_lat


@dataclass(frozen=True)
class ClaimCheck:
    """A claim's figure next to the count of matching incidents.

    ``ratio`` is counted / claimed (claimed: the value, else the midpoint of low and high);
    None when the claim gives no positive figure.
    """

    quantity: str
    subject: str
    period_start: dt.date
    period_end: dt.date
    claimed: int | None
    claimed_low: int | None
    claimed_high: int | None
    counted: int
    ratio: float | None
    incident_ids: tuple[str, ...]


def check_claim(claim: Claim, incidents: Iterable[Incident], area: AreaFilter) -> ClaimCheck:
    """Count incidents by the claim's subject, in the area and the claim's period (inclusive).

    For ``attacks`` the count is the number of incidents; for ``killed`` the sum of their best
    killed figures. An incident counts when its start date is in the period; incidents dated
    only to a month or a year count when that whole month or year lies inside the period.
    """
    if claim.quantity not in CHECKABLE:
        raise InputError(f"claim {claim.quantity!r}: only {', '.join(CHECKABLE)} can be checked")
    if not claim.subject or claim.period_start is None or claim.period_end is None:
        named = claim.evidence.text if claim.evidence else f"{claim.quantity} {claim.value}"
        raise InputError(f"claim {named!r}: needs a subject and a resolved period")
    start, end = claim.period_start, claim.period_end
    hits = sorted(
        (
            inc
            for inc in incidents
            if inc.summary.perpetrator == claim.subject
            and _in_period(inc, start, end)
            and area.contains(inc.summary.place)
        ),
        key=lambda inc: inc.incident_id,
    )
    if claim.quantity == "attacks":
        counted = len(hits)
    else:
        counted = sum(inc.killed_best or 0 for inc in hits)
    return ClaimCheck(
        quantity=claim.quantity,
        subject=claim.subject,
        period_start=start,
        period_end=end,
        claimed=claim.value,
        claimed_low=claim.low,
        claimed_high=claim.high,
        counted=counted,
        ratio=claim_ratio(counted, claim),
        incident_ids=tuple(inc.incident_id for inc in hits),
    )


def _in_period(incident: Incident, start: dt.date, end: dt.date) -> bool:
    """Whether the incident's date lies in [start, end]: all of it for month or year dates."""
    s = incident.summary
    if s.date_start is None:
        return False
    last = max(s.date_start, s.date_end or s.date_start)
    if s.date_precision == "month":
        first = s.date_start.replace(day=1)
        last = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1) - dt.timedelta(days=1)
        return start <= first and last <= end
    if s.date_precision == "year":
        return start <= dt.date(s.date_start.year, 1, 1) and dt.date(last.year, 12, 31) <= end
    return start <= s.date_start <= end


def claim_ratio(counted: int, claim: Claim) -> float | None:
    """Counted over claimed (the midpoint when only a range was claimed)."""
    if claim.value is not None:
        claimed: float = claim.value
    elif claim.low is not None and claim.high is not None:
        claimed = (claim.low + claim.high) / 2
    else:
        return None
    return counted / claimed if claimed > 0 else None
