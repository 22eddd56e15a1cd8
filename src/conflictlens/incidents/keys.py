"""Matching keys: the fields of one mention that pair scoring and blocking read, computed once."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from conflictlens.incidents.records import MentionRecord
from conflictlens.model import Mention


class _Key:
    """The fields of one mention that matching reads, precomputed once."""

    __slots__ = (
        "admin2",
        "area",
        "areas",
        "attr",
        "cos",
        "country",
        "doc",
        "etype",
        "gp",
        "hi",
        "id",
        "kbest",
        "khi",
        "klo",
        "lat",
        "lo",
        "lon",
        "name",
        "perp",
        "prec",
        "precise",
        "pub",
        "start",
        "target",
        "ttype",
    )

    def __init__(self, rec: MentionRecord, start: dt.date) -> None:
        m, p = rec.mention, rec.mention.place
        self.id, self.doc = rec.mention_id, rec.doc_id
        self.prec = m.date_precision or "day"
        self.start = start.toordinal()
        self.lo, self.hi = _window(start, m.date_end or start, self.prec)
        self.pub = rec.published.toordinal() if rec.published else None
        self.lat = p.lat if p else None
        self.lon = p.lon if p else None
        self.cos = math.cos(math.radians(self.lat)) if self.lat is not None else 1.0
        self.gp = p.precision if p else 3
        self.precise = self.lat is not None and self.lon is not None and self.gp in (1, 2)
        self.area = _norm((p.admin1_code or p.admin1) if p else None)
        self.admin2 = _norm(p.admin2 if p else None)
        self.country = _norm(p.country if p else None)
        self.areas = _area_labels(self.area, self.admin2, self.country)
        self.name = _norm(m.location or (p.name if p else None))
        self.etype = m.event_type
        self.perp = _norm(m.perpetrator) if m.perpetrator != "unknown" else ""
        self.attr = m.perpetrator_attribution
        self.ttype = m.target_type
        self.target = _norm(m.target)
        self.kbest = _best_killed(m)
        self.klo = m.killed_low if m.killed_low is not None else self.kbest
        self.khi = m.killed_high if m.killed_high is not None else self.kbest


def _window(start: dt.date, end: dt.date, precision: str) -> tuple[int, int]:
    """Ordinal days a date covers: a month or year date covers its whole month or year."""
    end = max(start, end)
    if precision == "month":
        nxt = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
        return start.replace(day=1).toordinal(), nxt.toordinal() - 1
    if precision == "year":
        return dt.date(start.year, 1, 1).toordinal(), dt.date(end.year, 12, 31).toordinal()
    return start.toordinal(), end.toordinal()


def _area_labels(admin1: str, admin2: str, country: str) -> tuple[tuple[str, ...], ...]:
    """Blocking labels of a place's areas: its admin1, and its admin2 within its country (so a
    place without admin1 still meets the places of its district)."""
    labels: list[tuple[str, ...]] = []
    if admin1:
        labels.append(("admin1", admin1))
    if admin2:
        labels.append(("admin2", country, admin2))
    return tuple(labels)


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


_ARTICLE = re.compile(r"^(al|el|the)(?=[a-z])")


@functools.lru_cache(maxsize=65536)
def _norm(name: str | None) -> str:
    """Lowercase letters and digits only, without a leading article ("al-Hol" = "Hol")."""
    if not name:
        return ""
    return _ARTICLE.sub("", _NON_ALNUM.sub("", name.lower()))


def _best_killed(m: Mention) -> int | None:
    """A mention's best killed figure, falling back to its bounds."""
    for value in (m.killed, m.killed_low, m.killed_high):
        if value is not None:
            return value
    return None
