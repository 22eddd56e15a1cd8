"""Pair scoring and gates: whether two mentions may tell one event, and how well they agree.

* Types: the same type; a close pair (``_CLOSE_TYPES``: armed_assault with armed_clash,
  assassination or abduction; armed_clash with security_operation; bombing with
  attack_on_property; assassination with execution); or a supported pair (``_SUPPORTED_TYPES``:
  armed_assault with bombing, one complex attack told as gunmen by one report and as a bomb by
  another; air_strike with shelling, a drone or a shell), which matches only when both killed
  figures are given and agree (score at least 0.7, a rising toll included) and the places agree
  as closely (place score at least 0.7: the same name, or points within 60% of the match
  radius, or the same admin2). Any other pair never matches.
* Gates (any one fails, no match): same document (a document's events are distinct by
  construction); incompatible types; dates apart by more than one day (one day is allowed
  between two day-or-range dates, for a report that says "yesterday" and one that gives the
  date; month and year dates cover their whole calendar month or year and must overlap);
  farther than 25 km (50 km when either is "near" a place, precision 2), or two distinct named
  places (precision 1) more than 5 km apart (the codebook's "one event per place"); a
  province-level mention in another admin1 or admin2 (a place without admin1, such as a region
  across two provinces, matches by its admin2 in the same country); two different perpetrators
  both stated or claimed, except for armed_clash and security_operation (``_JOINT_TYPES``: a
  joint raid, or a clash each report tells from one side). Dates one day apart also need killed
  figures that overlap (or one missing): close but different tolls (1 vs 2) are as likely the
  next day's other attack; and they fail when both documents dated their event on their own
  publication day (two same-day reports of two days).
* Score: a weighted mean of type, date, place, actor, target and casualty agreement; pairs at or
  above ``threshold`` are edges. Killed figures that differ agree at 0.7 when they are close
  (within one, or the smaller at least 60% of the larger) or when the later-published report
  gives the higher one (tolls rise as the dead are counted), else 0.1.
* Soft pairs: a province-level and a precise mention of one type and day that no gate rules out
  score ``_SOFT``; linkage may attach them (see ``linkage._attach``).
"""

from __future__ import annotations

import math

from conflictlens.incidents.keys import _Key
from conflictlens.incidents.records import MatchRules
from conflictlens.model import EVENT_TYPES

_CLOSE_TYPES = frozenset(
    frozenset(pair)
    for pair in (
        ("armed_assault", "armed_clash"),
        ("armed_assault", "assassination"),
        ("armed_assault", "abduction"),
        ("armed_clash", "security_operation"),
        ("bombing", "attack_on_property"),
        ("assassination", "execution"),
    )
)


# Types that reports of one complex attack or one strike often split between (gunmen and a
# bomb; a drone or a shell): such a pair matches only with support from both casualty figures
# and the place (see ``_SUPPORT``).
_SUPPORTED_TYPES = frozenset(
    frozenset(pair) for pair in (("armed_assault", "bombing"), ("air_strike", "shelling"))
)


# Least killed and place agreement a supported pair of types needs: both figures given and
# agreeing, and the same town (or admin2 for province-level places).
_SUPPORT = 0.7


# The score that marks a "soft" pair: a province-level mention and a precise one that may be
# one event but score too low to be an edge (see ``_attach``).
_SOFT = -1.0


# Types whose actors act together or against each other (a joint raid, a clash of two sides):
# two different named actors do not rule a match out.
_JOINT_TYPES = frozenset({"armed_clash", "security_operation"})


# Each type with the types it may match, itself included.
_COMPATIBLE = {
    t: frozenset({t}).union(*(pair for pair in _CLOSE_TYPES | _SUPPORTED_TYPES if t in pair))
    for t in EVENT_TYPES
}


_EARTH_KM = 6371.0


def _pair_score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """The score of a matching pair, ``_SOFT`` for a soft pair, None for neither."""
    score = _score(a, b, r)
    if score is None and _soft(a, b, r):
        return _SOFT
    return score


def _soft(a: _Key, b: _Key, r: MatchRules) -> bool:
    """A province-level and a precise mention of one type, day and area that no gate rules out
    (one report names the town, the other only the province)."""
    if a.precise == b.precise or a.doc == b.doc or a.etype != b.etype:
        return False
    if not (a.prec == b.prec == "day" and a.lo == a.hi == b.lo == b.hi):
        return False
    return (
        _place_score(a, b, r) is not None
        and _actor_score(a, b) is not None
        and _killed_score(a, b) >= 0.5
    )


def _score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """Agreement of two mentions in [0, 1], or None when a gate rules a match out (the cheap
    gates first)."""
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)
    if gap > 0 and (
        gap > r.day_tolerance or a.prec not in ("day", "range") or b.prec not in ("day", "range")
    ):
        return None
    kind = "same" if a.etype == b.etype else _PAIR_KIND.get((a.etype, b.etype))
    if a.doc == b.doc or kind is None:
        return None
    killed_s = _killed_score(a, b)
    # Dates a day apart need figures that overlap, or one missing (0.5): a toll that is only
    # close (1 vs 2, 0.7) is as likely the next day's other attack.
    figures_differ = killed_s != 0.5 and killed_s < 0.9
    day_gate = gap > 0 and (figures_differ or _same_day_reports(a, b))
    if day_gate and not _time_zones_possible(a, b, killed_s):
        return None
    supported = kind == "supported"
    if supported and killed_s < _SUPPORT:
        return None
    actor_s = _actor_score(a, b)
    if actor_s is None:
        return None
    place_s = _place_score(a, b, r)
    if place_s is None or (day_gate and place_s <= 0):
        return None
    if supported and not _supported(killed_s, place_s):
        return None
    w = r.weights
    total = (
        w[0] * (1.0 if kind == "same" else 0.6)
        + w[1] * _date_score(a, b, gap)
        + w[2] * place_s
        + w[3] * actor_s
        + w[4] * _target_score(a, b)
        + w[5] * killed_s
    )
    return round(total, 6) if total >= r.threshold else None


def _supported(killed_s: float, place_s: float) -> bool:
    """Whether a supported pair of types (one attack told as two acts) has the support it needs:
    tolls and places that agree closely (both at least ``_SUPPORT``); or the same toll (figures
    that overlap) at a place one report gives only by its province or district."""
    return min(killed_s, place_s) >= _SUPPORT or killed_s >= 0.9


def _time_zones_possible(a: _Key, b: _Key, killed_s: float) -> bool:
    """Two reports published a day apart, each dating the event on its own publication day, of
    one type, with compatible tolls (overlapping, close, or one missing), one placing it in a town
    and the other only in the province or district (whose place must then agree, see
    ``_score``): a desk a time zone away ("late on Monday") and a local outlet ("early on
    Tuesday") telling one event. Two reports naming the same town on their own two days stay
    apart (the next day's attack is as likely)."""
    return (
        _same_day_reports(a, b)
        and a.etype == b.etype
        and killed_s >= 0.5
        and a.precise != b.precise
    )


def _pair_kind(a: str, b: str) -> str | None:
    """"close" or "supported" for two different types that may match, None for others."""
    pair = frozenset((a, b))
    if pair in _CLOSE_TYPES:
        return "close"
    return "supported" if pair in _SUPPORTED_TYPES else None


# The kind of every pair of different types that may match (type agreement: 1 for the same
# type, 0.6 for a close or supported pair).
_PAIR_KIND = {
    (a, b): kind for a in EVENT_TYPES for b in EVENT_TYPES if a != b and (kind := _pair_kind(a, b))
}


def _date_score(a: _Key, b: _Key, gap: int) -> float:
    """How closely two date windows agree."""
    if gap > 0:
        return 0.6
    if a.prec == b.prec == "day":
        return 1.0 if a.start == b.start else 0.6
    if a.prec in ("day", "range") and b.prec in ("day", "range"):
        return 0.8
    return 0.4


def _place_score(a: _Key, b: _Key, r: MatchRules) -> float | None:
    """How closely two places agree, or None when they cannot be the same place."""
    if a.precise and b.precise:
        km = _distance_km(a, b)
        limit = r.radius_km if a.gp == b.gp == 1 else r.near_radius_km
        same_name = bool(a.name) and a.name == b.name
        distinct = a.gp == b.gp == 1 and not same_name and km > r.distinct_place_km
        if km > limit or distinct:
            return None
        return 1.0 if same_name else 1.0 - 0.5 * km / limit
    if a.area and b.area:
        if a.area != b.area:
            return None
        if a.admin2 and b.admin2:
            return 0.7 if a.admin2 == b.admin2 else None
        return 0.4
    # A place the geocoder left without admin1 (a region across two provinces) still has its
    # admin2: the same admin2 in the same country is the same district.
    same_admin2 = bool(a.admin2) and a.admin2 == b.admin2 and a.country == b.country
    return 0.7 if same_admin2 else None


def _actor_score(a: _Key, b: _Key) -> float | None:
    """Perpetrator agreement; two different actors both stated or claimed cannot match, except
    in a joint operation or a clash (``_JOINT_TYPES``), where each report may name another side."""
    if not a.perp or not b.perp:
        return 0.5 if a.perp == b.perp else 0.6
    if a.perp == b.perp:
        return 1.0
    if a.etype in _JOINT_TYPES and b.etype in _JOINT_TYPES:
        return 0.5
    strong = ("stated", "claimed")
    return None if a.attr in strong and b.attr in strong else 0.2


def _target_score(a: _Key, b: _Key) -> float:
    """Target agreement: by type, lowered when both name different targets."""
    if "unknown" in (a.ttype, b.ttype):
        return 0.5
    if a.ttype != b.ttype:
        return 0.2
    return 0.8 if a.target and b.target and a.target != b.target else 1.0


def _killed_score(a: _Key, b: _Key) -> float:
    """Casualty agreement: 0.5 when a figure is missing, low when figures contradict; a toll
    that rose from the earlier report to the later one is a near agreement (0.7)."""
    a_lo, a_hi, b_lo, b_hi = a.klo, a.khi, b.klo, b.khi
    if a.kbest is None or b.kbest is None:
        return 0.5
    # The bounds fall back to the best figure, so they are known whenever it is.
    if a_lo is None or a_hi is None or b_lo is None or b_hi is None:
        return 0.5
    if max(a_lo, b_lo) <= min(a_hi, b_hi):
        return 1.0 if a.kbest == b.kbest else 0.9
    small, big = sorted((a.kbest, b.kbest))
    return 0.7 if big - small <= 1 or small >= 0.6 * big or _toll_rose(a, b) else 0.1


def _toll_rose(a: _Key, b: _Key) -> bool:
    """The report published later gives the higher killed figure (tolls rise as the dead are
    counted; they rarely fall)."""
    if a.pub is None or b.pub is None or a.pub == b.pub:
        return False
    early, late = (a, b) if a.pub < b.pub else (b, a)
    return late.kbest > early.kbest  # type: ignore[operator]


def _same_day_reports(a: _Key, b: _Key) -> bool:
    """Both reports date their event on their own, different, publication days."""
    return (
        a.pub is not None
        and b.pub is not None
        and a.pub != b.pub
        and (a.start == a.pub and b.start == b.pub)
    )


def _distance_km(a: _Key, b: _Key) -> float:
    """Great-circle distance between two located keys."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
