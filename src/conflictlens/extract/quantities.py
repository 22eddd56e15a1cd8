"""Read number phrases: number words, digits, money, hedges ("at least", "nearly") and ranges.

Conventions for a :class:`Quantity` (``value`` is the best estimate, ``low``/``high`` bounds):

=====================================  =======  ======  ======  ============
phrase                                 value    low     high    hedge
=====================================  =======  ======  ======  ============
"1,200", "twenty-three", "a dozen"     1200...  None    None    ``exact``
"a child", "one", "the bomber"         1        None    None    ``exact``
"no", "none", "no one"                 0        None    None    ``none``
"at least 10", "no fewer than 10"      10       10      None    ``at_least``
"more than 30", "over 30"              30       30      None    ``more_than``
"about 300", "some", "nearly 300"      300      None    None    ``about``
"up to 5", "as many as 5"              5        None    5       ``up_to``
"fewer than 5", "under 5"              None     None    4       ``less_than``
"between 3,000 and 5,000", "3 to 5"    None     3000    5000    ``range``
"dozens" / "several" / "hundreds"      None     24/3/200 None   ``vague``
"$10 million to $25 million"           None     1e7     2.5e7   ``range``
"two soldiers and a civilian"          3        None    None    ``exact``
=====================================  =======  ======  ======  ============


"more than N" keeps N as the best estimate and lower bound, as the gold coders do; "about N"
carries no bounds, as in the seed gold. A list of counted groups (``groups.py``) sums its parts:
values add when every part has one, and bounds add from each part's bound or value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

# Largest value a number phrase may have: above a trillion (money included) it is a typo or an id, not a count.
MAX_VALUE = 10**12

HEDGES = ("exact", "none", "at_least", "more_than", "about", "up_to", "less_than", "range", "vague")


@dataclass(frozen=True)
class Quantity:
    """A number phrase as best estimate ``value`` with optional ``low``/``high`` bounds."""

    value: int | None
    low: int | None = None
    high: int | None = None
    hedge: str = "exact"



# --------------------------------------------------------------------------- number words

# Number words up to nineteen (also read by dates.py for "two days ago").
UNIT_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20_000,
    "several": 3,
    "a few": 2,
    "a handful": 2,
    "a couple": 2,
    "numerous": 3,
}
_FIXED = {"a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1000, "a pair": 2, "both": 2}

NUMBER_WORDS = "|".join(sorted(list(UNIT_WORDS) + list(_SCALES), key=len, reverse=True))
_WORDNUM = rf"(?:{NUMBER_WORDS})(?:(?:-|\s+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{NUMBER_WORDS}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?"
_SCALE_SUFFIX = r"(?:\s*(?:million|billion|thousand|mn|bn)\b)?"
_CUR = r"(?:US\$|\$|USD\s?)"
_BASE = (
    rf"(?:{_CUR}\s?)?(?:(?:{_DIGITS}){_SCALE_SUFFIX}|\b(?:{_WORDNUM})\b{_SCALE_SUFFIX})"
    r"(?:\s*(?:dollars|US\s+dollars|USD)\b)?"
)
_VAGUE_RE = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _VAGUE), key=len, reverse=True))
_FIXED_RE = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _FIXED), key=len, reverse=True))

_HEDGE_WORDS = {
    "at_least": r"at\s+least|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|a\s+minimum\s+of",
    "more_than": r"more\s+than|over|upwards\s+of|in\s+excess\s+of|just\s+over|greater\s+than",
    "up_to": r"up\s+to|as\s+many\s+as|at\s+most|a\s+maximum\s+of|no\s+more\s+than|not\s+more\s+than",
    "less_than": r"fewer\s+than|less\s+than|under|below|just\s+under",
    "about": r"about|around|approximately|roughly|nearly|almost|some|an?\s+estimated|estimated|"
    r"close\s+to|circa|approx\.",
}
_HEDGE_RE = "|".join(f"(?P<h_{k}>{v})" for k, v in _HEDGE_WORDS.items())

_QTY_RE = re.compile(
    rf"(?:(?:{_HEDGE_RE})\s+)?"
    rf"(?:between\s+(?P<r1a>{_BASE})\s+and\s+(?P<r1b>{_BASE})"
    rf"|from\s+(?P<r2a>{_BASE})\s+to\s+(?P<r2b>{_BASE})"
    rf"|(?P<r3a>{_BASE})\s+(?:to|or)\s+(?P<r3b>{_BASE})"
    rf"|(?P<r4a>{_CUR}?(?:{_DIGITS}){_SCALE_SUFFIX})\s*[-–—]\s*(?P<r4b>{_CUR}?(?:{_DIGITS}){_SCALE_SUFFIX})"
    rf"|(?P<vague>\b(?:{_VAGUE_RE})\b)"
    rf"|(?P<fixed>\b(?:{_FIXED_RE})\b)"
    rf"|(?P<base>{_BASE}))",
    re.IGNORECASE,
)

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_AFTER_NOT_COUNT = re.compile(
    r"(?:\s*(?:%|percent\b|per\s+cent\b)"
    r"|(?:st|nd|rd|th)\b"
    r"|-?\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b"
    r"|\s*(?:mm|cm|km|kg|m|kilomet\w*|met(?:er|re)s?|miles?|millimet\w*|calibre|caliber|"
    r"a\.m\.|p\.m\.|am|pm|GMT|tons?|tonnes?|litres?|liters?|hectares?|acres?|o'clock)\b"
    r"|\s*[:/]\d|-[A-Za-z])",
    re.IGNORECASE,
)
_AFTER_MONTH = re.compile(rf"\s+(?:of\s+)?(?:{_MONTHS})\b")
_BEFORE_NOT_COUNT = re.compile(
    rf"(?:(?:{_MONTHS})\.?\s+|\d[:/]|[A-Za-z]-?|\d\.|aged\s+|age\s+(?:of\s+)?|No\.\s*|#|\b[Nn]o\s+"
    r"|\b(?:Brigade|Division|Regiment|Battalion|Corps|Resolution|Article|Route|Highway|Road|Unit|"
    r"Sector|Squadron|Flight|Number|Camp|Base|Block|Zone|Gate|Street|Section|Phase|Law|Decree|"
    r"Chapter|Room|Building|Checkpoint|Hill|Kilometre|Km|KM|Operation|Group|Team|Force|Army|"
    r"Platoon|Company|Post|Point|Station|Sheet|Item|Page|Paragraph|Level|Grade|Class|Year)\s+)$"
)
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
_MONEY_RE = re.compile(rf"^{_CUR}|dollars|USD", re.IGNORECASE)
# every match of _QTY_RE holds a digit or starts a word from one of these lists: no hit, no quantity
_QTY_HINT = re.compile(rf"\d|\b(?:{NUMBER_WORDS}|{_VAGUE_RE}|{_FIXED_RE})", re.IGNORECASE)


def _words_value(text: str) -> int | None:
    """The integer a phrase of number words spells ("twenty-three" → 23), or None."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "and":
            continue
        if word in UNIT_WORDS:
            current += UNIT_WORDS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _base_value(text: str) -> int | None:
    """The integer of one number with optional currency and scale ("$2.5 million")."""
    t = re.sub(rf"^{_CUR}\s?|\s*(?:dollars|US\s+dollars|USD)$", "", text.strip(), flags=re.IGNORECASE)
    scale = 1
    m = re.search(r"\s*\b(million|billion|thousand|mn|bn)$", t, re.IGNORECASE)
    if m:
        word = m.group(1).lower()
        scale = {"mn": 1_000_000, "bn": 1_000_000_000}.get(word) or _SCALES[word]
        t = t[: m.start()].strip()
    if re.fullmatch(_DIGITS, t):
        number = Decimal(t.replace(",", ""))
        if number != int(number) and scale == 1:
            return None
        value = round(number * scale)
    else:
        words = _words_value(t)
        value = None if words is None else words * scale
    # "100000000000000000000000 soldiers" is no count, and would overflow a float or a 64-bit column
    return value if value is None or value <= MAX_VALUE else None


def _quantity_from_match(m: re.Match[str]) -> Quantity | None:
    """Build the Quantity a match of ``_QTY_RE`` stands for."""
    hedge = next((k for k in _HEDGE_WORDS if m.group(f"h_{k}")), "exact")
    for a, b in (("r1a", "r1b"), ("r2a", "r2b"), ("r3a", "r3b"), ("r4a", "r4b")):
        if m.group(a):
            low, high = _base_value(m.group(a)), _base_value(m.group(b))
            if low is None or high is None or low >= high:
                return None
            return Quantity(None, low, high, "range")
    if m.group("vague"):
        key = re.sub(r"\s+", " ", m.group("vague").lower())
        return Quantity(None, _VAGUE[key], None, "vague")
    if m.group("fixed"):
        value: int | None = _FIXED[re.sub(r"\s+", " ", m.group("fixed").lower())]
    else:
        value = _base_value(m.group("base"))
    if value is None:
        return None
    return _hedged(value, hedge)


def _hedged(value: int, hedge: str) -> Quantity:
    """Apply a hedge word to an exact value."""
    if hedge in ("at_least", "more_than"):
        return Quantity(value, value, None, hedge)
    if hedge == "up_to":
        return Quantity(value, None, value, hedge)
    if hedge == "less_than":
        return Quantity(None, None, max(value - 1, 0), hedge)
    return Quantity(value, None, None, "none" if value == 0 and hedge == "exact" else hedge)


def _is_count_context(text: str, start: int, end: int) -> bool:
    """False when the number at ``text[start:end]`` is a date, age, unit, label or the like."""
    core = text[start:end]
    if _AFTER_NOT_COUNT.match(text, end) or _AFTER_MONTH.match(text, end):
        return False
    if _BEFORE_NOT_COUNT.search(text[max(0, start - 16) : start]):
        return False
    digits = re.search(r"\d[\d,.]*", core)
    if digits and _YEAR_RE.fullmatch(digits.group()) and not re.search(r"[\s,]", core.strip()):
        return False
    return not (
        digits and "." in digits.group() and not re.search(r"million|billion|mn|bn", core, re.IGNORECASE)
    )


def iter_quantities(text: str) -> Iterator[tuple[int, int, Quantity]]:
    """Every counting number phrase in ``text`` as (start, end, Quantity)."""
    if _QTY_HINT.search(text) is None:
        return
    for m in _QTY_RE.finditer(text):
        if not _is_count_context(text, m.start(), m.end()):
            continue
        quantity = _quantity_from_match(m)
        if quantity is not None:
            yield m.start(), m.end(), quantity


def is_money(phrase: str) -> bool:
    """True when a number phrase names an amount of money."""
    return bool(_MONEY_RE.search(phrase))


def combine(parts: list[Quantity]) -> Quantity:
    """Sum the quantities of a list of counted groups ("two soldiers and a civilian")."""
    if len(parts) == 1:
        return parts[0]
    values = [q.value for q in parts]
    value = sum(v for v in values if v is not None) if None not in values else None
    lows = [q.low if q.low is not None else q.value for q in parts]
    low = sum(v or 0 for v in lows) if any(q.low is not None for q in parts) or value is None else None
    highs = [q.high if q.high is not None else q.value for q in parts]
    high = (
        sum(h for h in highs if h is not None)
        if None not in highs and any(q.high is not None for q in parts)
        else None
    )
    hedge = next((q.hedge for q in parts if q.hedge not in ("exact", "none")), "exact")
    return Quantity(value, low, high, hedge)

