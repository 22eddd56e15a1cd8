"""Read event dates and claim periods from English sentences, resolved against the publication date.

Conventions:

- A date with no year takes the publication year; a date that would then fall after
  publication moves to the previous year. No mention resolves to a day after publication.
- A weekday ("on Friday", "Tuesday evening") is the most recent such day on or before
  publication (the publication day itself included); "last Friday" excludes the publication day.
- "last night" is the day before publication; "today", "this morning", "at dawn today" are
  the publication day.
- Day ranges ("July 25 and 26", "25-26 July", "between 3 and 5 March") have precision
  ``range``; "last week" is the previous Monday–Sunday and "this week" Monday–publication,
  both ``range``; "in March", "last month" are ``month`` (first to last day, cut at
  publication); "earlier this month" is ``month`` from the 1st to publication; "in 2019" and
  "last year" are ``year``.
- Periods for claims: "this year", "so far this year", "since the start of the year" run from
  1 January to publication; "at the beginning of this year" is January; "in the past month" is
  the 30 days before publication; every period ends no later than publication.

No library is used: dateparser reads "On July 25 and 26" as 1926 and "$10" as a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .numbers import UNIT_WORDS

PRECISIONS = ("day", "range", "month", "year")


@dataclass(frozen=True)
class DateMention:
    """A date or date range named in a sentence, with its span (``sentence[span_start:span_end]``)."""

    start: dt.date
    end: dt.date
    precision: str
    span_start: int
    span_end: int
    text: str


@dataclass(frozen=True)
class Period:
    """The period a claim covers ("so far this year"), resolved to dates, with its span."""

    text: str
    start: dt.date
    end: dt.date
    span_start: int
    span_end: int


_MONTH_NUM = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {**UNIT_WORDS, "a": 1, "an": 1}

_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|dawn))?"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_TO = r"\s*(?:-|–|—|to|and|&|until|through|till)\s*"


# --------------------------------------------------------------------------- date arithmetic


def _month_number(text: str) -> int:
    """1–12 for a month name or abbreviation."""
    return _MONTH_NUM[text.lower().rstrip(".")]


def _day_number(text: str) -> int:
    """The day of month of "25", "25th", "3rd"."""
    return int(re.sub(r"\D", "", text))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the day does not exist in that month."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _previous_month(day: dt.date) -> tuple[int, int]:
    """(year, month) of the month before the one holding ``day``."""
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _clip(end: dt.date, published: dt.date) -> dt.date:
    """``end``, but no later than publication."""
    return min(end, published)


def _days_in_past(
    start: dt.date, end: dt.date, published: dt.date, year_given: bool
) -> tuple[dt.date, dt.date]:
    """Move a yearless day or range back a year when it would fall after publication."""
    if not year_given and start > published:
        return start.replace(year=start.year - 1), end.replace(year=end.year - 1)
    return start, end


def _recent_weekday(name: str, published: dt.date, strictly_before: bool) -> dt.date:
    """The most recent given weekday on (or, if ``strictly_before``, before) publication."""
    back = (published.weekday() - WEEKDAYS.index(name.lower())) % 7
    return published - dt.timedelta(days=back or (7 if strictly_before else 0))


def _count(word: str) -> int:
    """The integer of "3" or "three"."""
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# --------------------------------------------------------------------------- date rules

_Resolved = tuple[dt.date, dt.date, str] | None
_Rule = tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], _Resolved]]


def _year_of(m: re.Match[str], published: dt.date) -> tuple[int, bool]:
    """The year a match names (group ``y``), or the publication year and False."""
    year = m.groupdict().get("y")
    return (int(year), True) if year else (published.year, False)


def _day_range(m: re.Match[str], published: dt.date) -> _Resolved:
    """Days d1–d2 of one month ("July 25 and 26", "25-26 July")."""
    year, given = _year_of(m, published)
    month = _month_number(m.group("m"))
    start = _safe_date(year, month, _day_number(m.group("d1")))
    end = _safe_date(year, month, _day_number(m.group("d2")))
    if start is None or end is None or end <= start:
        return None
    start, end = _days_in_past(start, end, published, given)
    return start, end, "range"


def _cross_month_range(m: re.Match[str], published: dt.date) -> _Resolved:
    """Days across two months ("July 30 to August 2", "30 July - 2 August")."""
    year, given = _year_of(m, published)
    start = _safe_date(year, _month_number(m.group("m1")), _day_number(m.group("d1")))
    end = _safe_date(year, _month_number(m.group("m2")), _day_number(m.group("d2")))
    if start is None or end is None:
        return None
    if end < start:
        start = start.replace(year=start.year - 1)
    start, end = _days_in_past(start, end, published, given)
    return start, end, "range"


def _month_day(m: re.Match[str], published: dt.date) -> _Resolved:
    """One day named by month and day ("July 25", "25 July 2024")."""
    year, given = _year_of(m, published)
    day = _safe_date(year, _month_number(m.group("m")), _day_number(m.group("d")))
    if day is None:
        return None
    day, _ = _days_in_past(day, day, published, given)
    return day, day, "day"


def _iso(m: re.Match[str], published: dt.date) -> _Resolved:
    """A numeric date, ISO (2024-07-25) or US (02/19/2014)."""
    day = _safe_date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    return (day, day, "day") if day else None


def _month(m: re.Match[str], published: dt.date) -> _Resolved:
    """A whole month ("in March", "March 2023")."""
    year, given = _year_of(m, published)
    month = _month_number(m.group("m"))
    if not given and dt.date(year, month, 1) > published:
        year -= 1
    if dt.date(year, month, 1) > published:
        return None  # "in July 2024" in a report of 1 June 2024 is a plan, not an event (as _year does)
    return dt.date(year, month, 1), _clip(_month_end(year, month), published), "month"


def _year(m: re.Match[str], published: dt.date) -> _Resolved:
    """A whole year ("in 2019", "a 2022 bombing")."""
    year = int(m.group("y") or m.group("y2"))
    if year > published.year:
        return None
    return dt.date(year, 1, 1), _clip(dt.date(year, 12, 31), published), "year"


def _weekday(m: re.Match[str], published: dt.date) -> _Resolved:
    """A weekday ("on Friday", "last Tuesday evening")."""
    day = _recent_weekday(m.group("wd"), published, strictly_before=bool(m.group("last")))
    return day, day, "day"


def _nth(m: re.Match[str], published: dt.date) -> _Resolved:
    """A day of the month alone ("on the 14th")."""
    number = _day_number(m.group("d"))
    year, month = published.year, published.month
    if number > published.day:
        year, month = _previous_month(published)
    day = _safe_date(year, month, number)
    return (day, day, "day") if day else None


def _ago(m: re.Match[str], published: dt.date) -> _Resolved:
    """ "two days ago", "a week ago"."""
    days = _count(m.group("n")) * (7 if m.group("unit").lower().startswith("week") else 1)
    day = published - dt.timedelta(days=days)
    return day, day, "day"


def _relative(m: re.Match[str], published: dt.date) -> _Resolved:
    """Words for a day, week, month or year relative to publication ("yesterday", "last week")."""
    word = re.sub(r"\s+", " ", m.group("rel").lower())
    if word in ("yesterday", "last night") or word.startswith("yesterday"):
        day = published - dt.timedelta(days=1)
        return day, day, "day"
    if word == "the day before yesterday":
        day = published - dt.timedelta(days=2)
        return day, day, "day"
    if word == "last week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6), "range"
    if word in ("this week", "earlier this week"):
        return published - dt.timedelta(days=published.weekday()), published, "range"
    if word == "last month":
        year, month = _previous_month(published)
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if word in ("this month", "earlier this month"):
        return published.replace(day=1), published, "month"
    if word == "last year":
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31), "year"
    if word in ("this year", "earlier this year"):
        return dt.date(published.year, 1, 1), published, "year"
    return published, published, "day"


_MONTH_CUED = re.compile(
    rf"\b(?i:(?:in|during|since|until|by|throughout|of|early|late|mid|end\s+of|beginning\s+of|start\s+of|"
    rf"middle\s+of)[\s-]+(?:early\s+|late\s+|mid-?)?)(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b"
)
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MON}),?\s+(?P<y>{_YEAR})")
_YEAR_CUED = re.compile(
    rf"\b(?i:(?:in|during|since|throughout|until|by)\s+(?:early\s+|late\s+|mid-?)?)(?P<y>{_YEAR})\b"
    rf"|\b(?i:a|an|the|its|that)\s+(?P<y2>{_YEAR})(?=\s+[a-z])"
)

_RULES: list[_Rule] = [
    (re.compile(rf"\b(?P<y>{_YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b"), _iso),
    (re.compile(rf"(?<![\d/])(?P<mo>0?[1-9]|1[0-2])/(?P<d>[0-3]?\d)/(?P<y>{_YEAR})"), _iso),
    (
        re.compile(
            rf"\b(?P<m1>{_MON})\s+(?P<d1>{_DAY}){_TO}(?P<m2>{_MON})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _cross_month_range,
    ),
    (
        re.compile(
            rf"\b(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MON}){_TO}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON})"
            rf"(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _cross_month_range,
    ),
    (
        re.compile(
            rf"\b(?:between\s+)?(?P<m>{_MON})\s+(?P<d1>{_DAY}){_TO}(?P<d2>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _day_range,
    ),
    (
        re.compile(
            rf"\b(?:between\s+)?(?:the\s+)?(?P<d1>{_DAY}){_TO}(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})"
            rf"(?:,?\s+(?P<y>{_YEAR}))?"
        ),
        _day_range,
    ),
    (re.compile(rf"\b(?:{_WD},?\s+)?(?P<m>{_MON})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?\b"), _month_day),
    (
        re.compile(
            rf"\b(?:{_WD},?\s+)?(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        _month_day,
    ),
    (_MONTH_CUED, _month),
    (_MONTH_YEAR, _month),
    (_YEAR_CUED, _year),
    (re.compile(rf"\b(?:(?:on|late|early)\s+)?(?:on\s+)?(?P<last>last\s+)?(?P<wd>{_WD}){_PART}\b"), _weekday),
    (
        re.compile(
            r"\b(?:on\s+)?the\s+(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MON + ")"
        ),
        _nth,
    ),
    (re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?)\s+ago\b", re.IGNORECASE), _ago),
    (
        re.compile(
            r"\b(?:(?:at|before)\s+dawn\s+|early\s+|late\s+)?(?P<rel>the\s+day\s+before\s+yesterday|"
            r"yesterday(?:\s+(?:morning|afternoon|evening))?|today|tonight|this\s+(?:morning|afternoon|evening)|"
            r"last\s+night|(?:earlier\s+)?this\s+(?:week|month|year)|last\s+(?:week|month|year))\b",
            re.IGNORECASE,
        ),
        _relative,
    ),
]


def _candidates(sentence: str, published: dt.date) -> Iterator[tuple[int, int, dt.date, dt.date, str]]:
    """Every date reading of every rule, as (span start, span end, start, end, precision)."""
    for pattern, resolve in _RULES:
        for m in pattern.finditer(sentence):
            resolved = resolve(m, published)
            if resolved is not None:
                yield m.start(), m.end(), *resolved


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A span without a leading "on ", "in ", "since " and without surrounding spaces."""
    lead = re.match(
        r"(?:on|in|during|since|until|by|throughout|of|between|a|an|the|its|that)\s+", sentence[start:end], re.IGNORECASE
    )
    if lead and lead.end() < end - start:
        start += lead.end()
    return start, end


def find_dates(sentence: str, published: dt.date) -> list[DateMention]:
    """Every date or date range a sentence names, longest reading first, in text order."""
    chosen: list[tuple[int, int, dt.date, dt.date, str]] = []
    for cand in sorted(_candidates(sentence, published), key=lambda c: (c[0] - c[1], c[0])):
        if all(cand[1] <= s or cand[0] >= e for s, e, *_ in chosen):
            chosen.append(cand)
    mentions = []
    for span_start, span_end, start, end, precision in sorted(chosen):
        s, e = _trim(sentence, span_start, span_end)
        mentions.append(DateMention(start, end, precision, s, e, sentence[s:e]))
    return mentions


_DAY_SHIFT = re.compile(
    r"\b(?P<before>the\s+(?:day\s+before|previous\s+day|eve)|a\s+day\s+(?:earlier|before))\b"
    r"|\b(?P<after>the\s+(?:next|following)\s+(?:day|night|morning|evening)|a\s+day\s+later|the\s+day\s+after)\b"
    r"|\b(?P<same>the\s+same\s+(?:day|night|morning|evening))\b",
    re.IGNORECASE,
)
_OPENS = re.compile(r"\W*(?:(?:on|later|and|but)\s+)*", re.IGNORECASE)


def shifted_dates(sentence: str, anchor: DateMention, published: dt.date) -> list[DateMention]:
    """ "The day before", "the next night", "the same day": a day told relative to an earlier date (`anchor`)."""
    m = _DAY_SHIFT.search(sentence)
    if m is None or anchor.precision != "day" or (m.group("same") and not _OPENS.fullmatch(sentence[: m.start()])):
        # "one of three attacks on the same day" compares; only a sentence that opens with it is dated by it
        return []
    day = anchor.start + dt.timedelta(days=-1 if m.group("before") else 0 if m.group("same") else 1)
    return [DateMention(day, day, "day", m.start(), m.end(), m.group(0))] if day <= published else []


# --------------------------------------------------------------------------- claim periods


def _since(year: str | None, month: str | None, published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "since early 2024", "since January", "since the start of the year"."""
    if year:
        start = dt.date(int(year), _month_number(month) if month else 1, 1)
    elif month:
        start = dt.date(published.year, _month_number(month), 1)
        if start > published:
            start = start.replace(year=start.year - 1)
    else:
        start = dt.date(published.year, 1, 1)
    return (start, published) if start <= published else None


def _this_year(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "so far this year", "this year", "since the beginning of the year"."""
    return dt.date(published.year, 1, 1), published


def _year_start(edge: str, which: str, published: dt.date) -> tuple[dt.date, dt.date]:
    """ "at the beginning of this year" (January), "at the end of last year" (December)."""
    year = published.year - (1 if which.lower() == "last" else 0)
    if edge.lower() == "end":
        return dt.date(year, 12, 1), _clip(dt.date(year, 12, 31), published)
    return dt.date(year, 1, 1), _clip(dt.date(year, 1, 31), published)


def _past_span(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "in the past month", "over the past three weeks", "in the last 12 months"."""
    n = _count(m.group("n")) if m.group("n") else 1
    days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}[
        m.group("unit").lower().rstrip("s")
    ]
    return published - dt.timedelta(days=n * days), published


def _half(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "the first half of 2024", "the third quarter of 2023", "the first half of this year"."""
    year = int(m.group("y")) if m.group("y") else published.year
    part = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1}[m.group("ord").lower()]
    size = 6 if m.group("unit").lower() == "half" else 3
    count = 12 // size
    index = part % count
    start = dt.date(year, index * size + 1, 1)
    end = _month_end(year, index * size + size)
    return (start, _clip(end, published)) if start <= published else None


def _first_months(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "in the first four months of 2025", "during the first eight months of the year"."""
    year = int(m.group("y")) if m.group("y") else published.year
    months = _count(m.group("n"))
    if not 1 <= months <= 12:
        return None
    start = dt.date(year, 1, 1)
    return (start, _clip(_month_end(year, months), published)) if start <= published else None


def _since_event(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "since the offensive resumed in March", "since the start of the joint offensive in 2021"."""
    return _since(m.group("y") or m.group("y2"), m.group("m"), published)


def _since_clause(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """ "since ISIS announced its campaign on April 18", "since the truce collapsed on 3 March 2024"."""
    month = m.group("m") or m.group("m2")
    year = m.group("y") or m.group("y2") or m.group("y3")
    day = m.group("d") or m.group("d2")
    if day is None:
        return _since(year, month, published)
    start = _safe_date(int(year) if year else published.year, _month_number(month), _day_number(day))
    if start is not None and not year and start > published:
        start = _safe_date(start.year - 1, start.month, start.day)
    return (start, published) if start is not None and start <= published else None


def _from_date_rule(
    resolve: Callable[[re.Match[str], dt.date], _Resolved],
) -> Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date] | None]:
    """A period rule that reuses a date rule ("in 2023", "last year", "in March")."""

    def rule(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
        resolved = resolve(m, published)
        return (resolved[0], resolved[1]) if resolved else None

    return rule


def _since_any(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """Dispatch "since ..." whichever alternative matched."""
    groups = m.groupdict()
    year = groups["y"] or groups["y2"] or groups["y3"] or groups["y4"]
    month = groups["m"] or groups["m2"] or groups["m3"]
    if month is None and year is None and "year" not in m.group().lower():
        return None
    return _since(year, month, published)


def _year_start_any(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date] | None:
    """Dispatch "at the beginning of this year" and "early this year"."""
    edge = m.group("edge") or "beginning"
    which = m.group("which") or m.group("which2")
    if m.group().lower().startswith(("since", "from")) and edge.lower() != "end":
        year = published.year - (1 if which.lower() == "last" else 0)
        return dt.date(year, 1, 1), published
    return _year_start(edge, which, published)


_PERIOD_RULES: list[
    tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date] | None]]
] = [
    (
        re.compile(
            r"\b(?:at|since|from)\s+the\s+(?P<edge>beginning|start|end)\s+of\s+(?:the\s+)?(?P<which>this|last)\s+year\b"
            r"|\b(?P<edge2>early)\s+(?P<which2>this)\s+year\b",
            re.IGNORECASE,
        ),
        _year_start_any,
    ),
    (
        re.compile(
            rf"\bsince\s+(?:the\s+(?:start|beginning)\s+of\s+(?:(?:the|this)\s+year|(?P<m>{_MON})?\s*(?P<y>{_YEAR})?)"
            rf"|(?:early|late|mid-?)\s*(?P<m2>{_MON})?\s*(?P<y2>{_YEAR})?|(?P<m3>{_MON})(?:\s+(?P<y3>{_YEAR}))?"
            rf"|(?P<y4>{_YEAR}))",
            re.IGNORECASE,
        ),
        _since_any,
    ),
    (
        re.compile(
            r"\b(?:so\s+far\s+this\s+year|so\s+far\s+in\s+(?:the|this)\s+year|(?:earlier\s+)?this\s+year)\b"
            r"(?:\s+so\s+far)?",
            re.IGNORECASE,
        ),
        _this_year,
    ),
    (
        re.compile(
            r"\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?P<n>\d{1,3}|two|three|four|five|six|seven|"
            r"eight|nine|ten|eleven|twelve)?\s*(?P<unit>days?|weeks?|months?|years?|decades?)\b",
            re.IGNORECASE,
        ),
        _past_span,
    ),
    (
        re.compile(
            rf"\b(?:in\s+|during\s+)?the\s+(?P<ord>first|second|third|fourth|last)\s+(?P<unit>half|quarter)\s+of\s+"
            rf"(?:(?P<y>{_YEAR})|this\s+year|the\s+year)\b",
            re.IGNORECASE,
        ),
        _half,
    ),
    (
        re.compile(
            r"\b(?:in|during|over)\s+the\s+first\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)"
            rf"\s+months\s+of\s+(?:(?P<y>{_YEAR})|this\s+year|the\s+year)\b",
            re.IGNORECASE,
        ),
        _first_months,
    ),
    (
        # an event named between "since" and its date: "since the M23 offensive began in January"
        re.compile(
            r"\bsince\s+the\s+(?:(?:start|beginning|launch|outbreak)\s+of\s+(?:the\s+|its\s+)?)?(?:[\w'’-]+\s+){0,4}?"
            rf"(?:began|started|resumed|erupted|broke\s+out|was\s+launched|in)\s+(?:in\s+)?"
            rf"(?:(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?|(?P<y2>{_YEAR}))(?!\s*\d)",
            re.IGNORECASE,
        ),
        _since_event,
    ),
    (
        # an event told as a clause between "since" and its day or month: "since ISIS announced its campaign
        # on April 18", "since the truce collapsed on 3 March"; no comma or full stop inside the clause
        re.compile(
            r"\bsince\s+(?:[\w'’\"“”-]+\s+){1,8}?(?:on|in)\s+"
            rf"(?:(?P<m>{_MON})(?:\s+(?P<d>{_DAY}))?(?:,?\s+(?P<y>{_YEAR}))?"
            rf"|(?P<d2>{_DAY})\s+(?P<m2>{_MON})(?:,?\s+(?P<y2>{_YEAR}))?|(?P<y3>{_YEAR}))(?![\w-])",
            re.IGNORECASE,
        ),
        _since_clause,
    ),
]
_PERIOD_FROM_DATES = [
    (
        re.compile(
            r"\b(?P<rel>last\s+year|last\s+month|(?:earlier\s+)?this\s+month|last\s+week)\b", re.IGNORECASE
        ),
        _relative,
    ),
    (_MONTH_CUED, _month),
    (_MONTH_YEAR, _month),
    (_YEAR_CUED, _year),
]


def find_period(sentence: str, published: dt.date) -> Period | None:
    """The period a claim sentence covers ("so far this year", "since early 2024"), or None."""
    found: list[tuple[int, int, dt.date, dt.date]] = []
    for pattern, rule in _PERIOD_RULES:
        for m in pattern.finditer(sentence):
            resolved = rule(m, published)
            if resolved:
                found.append((m.start(), m.end(), *resolved))
    for pattern, resolve in _PERIOD_FROM_DATES:
        for m in pattern.finditer(sentence):
            resolved = _from_date_rule(resolve)(m, published)
            if resolved:
                found.append((m.start(), m.end(), *resolved))
    if not found:
        return None
    s, e, start, end = min(found, key=lambda f: (f[0], f[0] - f[1]))
    return Period(sentence[s:e], start, end, s, e)
