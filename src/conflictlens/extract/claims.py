"""Read claims from a report: aggregate figures (attacks, deaths, fighters, funds) and who stated them.

A claim is a figure that is not one event (shared/CODEBOOK.md, Claim). A sentence yields claims
only when something marks its figures as aggregate:

- a period that spans time ("so far this year", "since the start of 2024", "in 2023", "over the
  past month"), not an event's day or month, and not a comparison ("the worst attack since 2019");
- a monitor counting attacks ("documented six attacks", "has recorded 224 operations", "claimed
  16 killings");
- a whole war's toll ("have died in the war", "the conflict has left ... and driven ...");
- a total ("a total of", "in total", "altogether");
- a breakdown: the lines listed after a claim that ends in ":" ("as follows:"), and lines of the
  form "Place: 18 operations left 35 dead" after it, take its period, source and subject; inside
  such a line only the head figures count, not its own sub-breakdown ("namely ...", "16 of them");
- a continuation right after a claim sentence ("A further 133 ...", "The remaining 35,000 ...").

Fighter strengths ("deployed 1,000 soldiers", "the number of fighters at between 3,000 and
5,000") and an armed group's money ("$10 million in its coffers", "demanding 30,000 USD" as
ransom) are claims on their own cues. A count of attacks followed by a list of exactly that many
items is a running total of the incidents the report lists, not a claim. Vague figures ("tens of
thousands"), years, ages, units and short first-person or exclamatory lines (page furniture)
yield nothing.

``attributed_to`` is the speaker organisation named in the sentence, else, when the sentence
reports speech ("he said", "according to the report"), the last organisation the document
named; a named person without an organisation speaking in between resets it to ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Claim, Span
from .actors import ActorBook, ActorMatch
from .claim_words import claim_words
from .dates import Period, find_dates, find_period
from .groups import parse_quantity
from .quantities import Quantity

__all__ = ["extract_claims"]

UNKNOWN = "unknown"
# Only to recognise a period's wording when a report has no date; its dates are not kept.
_NO_DATE = dt.date(2999, 12, 31)

# --------------------------------------------------------------------------- figures

_UNIT_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen"
)
_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUMBER = (
    rf"(?:(?:{_TENS_WORDS})(?:-(?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
    r"(?:\s+(?:hundred|thousand|million|billion)(?:\s+and\s+(?:\w+))?)*"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d|,\d)|\d+(?:\.\d+)?"
_CURRENCY = r"(?:US\$|\$|USD\s?)"
_BASE = (
    rf"(?:{_CURRENCY}\s?)?(?:{_DIGITS}|\b{_WORD_NUMBER}\b|\ba\s+(?:dozen|hundred|thousand)\b)"
    r"(?:\s+(?:million|billion|thousand|mn|bn)\b)?(?:\s+dozen\b)?(?:\s*(?:US\s+dollars|dollars|USD)\b)?"
)
_HEDGE = (
    r"at\s+least|more\s+than|over|nearly|almost|about|around|approximately|roughly|some|"
    r"an\s+estimated|estimated|close\s+to|up\s+to|as\s+many\s+as|no\s+fewer\s+than|no\s+less\s+than|"
    r"upwards\s+of|in\s+excess\s+of|just\s+over|just\s+under|fewer\s+than|less\s+than"
)
_FIGURE_RE = re.compile(
    rf"(?:\b(?:{_HEDGE})\s+)?(?:between\s+{_BASE}\s+and\s+{_BASE}|{_BASE}\s*(?:to|-|–)\s*{_BASE}|{_BASE})",
    re.IGNORECASE,
)
# every figure holds a digit or starts a number word: a line with neither has no figure
_FIGURE_HINT = re.compile(rf"\d|\b(?:{_TENS_WORDS}|{_UNIT_WORDS}|a\s+(?:dozen|hundred|thousand))", re.IGNORECASE)
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NOT_COUNT_AFTER = re.compile(
    r"(?:\s*(?:%|percent\b|per\s+cent\b)|(?:st|nd|rd|th)\b|-[A-Za-z]|\s*[:/]\d"
    r"|\s*(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet\w*|met(?:er|re)s?|miles?|kg|"
    r"am|pm|a\.m\.|p\.m\.|GMT|tons?|tonnes?|of\s+(?:them|whom|the|those|these|us|its|their)|another|more)\b"
    rf"|\s+(?:of\s+)?(?:{_MONTHS})\b)",
    re.IGNORECASE,
)
_NOT_COUNT_BEFORE = re.compile(rf"(?:\b(?:{_MONTHS})\.?|\baged|\bNo\.|#|\bno|[A-Za-z]-)\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True)
class _Figure:
    """A number phrase in a line: ``line[start:end]`` and the quantity it states."""

    start: int
    end: int
    quantity: Quantity


def _dozen(phrase: str) -> Quantity | None:
    """The quantity of a phrase, with "six dozen" read as 72."""
    quantity = parse_quantity(phrase)
    if quantity is None or not re.search(r"\d|\w\s+dozen\b", phrase) or "dozen" not in phrase.lower():
        return quantity
    if re.search(r"\ba\s+dozen\b", phrase, re.IGNORECASE):
        return quantity

    def times(n: int | None) -> int | None:
        return None if n is None else n * 12

    return Quantity(times(quantity.value), times(quantity.low), times(quantity.high), quantity.hedge)


def _is_count(line: str, start: int, end: int) -> bool:
    """False for years, dates, ages, units, ordinals and "one of them"."""
    phrase = line[start:end]
    if _NOT_COUNT_AFTER.match(line, end) or _NOT_COUNT_BEFORE.search(line[max(0, start - 12) : start]):
        return False
    digits = re.search(r"\d[\d,.]*", phrase)
    return not (digits and _YEAR.fullmatch(digits.group()) and not re.search(r"[$]|USD|dollar", phrase))


def _figures(line: str) -> list[_Figure]:
    """Every counting figure in a line (vague words such as "dozens" are not figures)."""
    if _FIGURE_HINT.search(line) is None:
        return []
    found = []
    for m in _FIGURE_RE.finditer(line):
        start, end = m.start(), m.end()
        if not _is_count(line, start, end):
            continue
        quantity = _dozen(m.group())
        if quantity is not None and quantity.hedge != "vague" and (quantity.value or quantity.high):
            found.append(_Figure(start, end, quantity))
    return found


# --------------------------------------------------------------------------- what a figure counts

_W = claim_words()

_NP = r"(?:\s+(?!(?:and|or|in|on|at|by|from|with|since|during|who|which|that|were|was|have|has|had)\b)[A-Za-z\"“][\w'’”\"-]*){0,7}"
_NP_OF = rf"{_NP}(?:\s+(?:of|and)(?:\s+(?:the|its))?{_NP})?"
_APPOSITIVE = r"(?:\s*,[^,.;]{1,80}?(?:among\s+them|of\s+them|alike|included|including)[^,.;]{0,40},)?"
_AUX = r"(?:\s+(?:have|has|had|were|was|are|is|been|reportedly|all|also|now|since|so\s+far|already))*"
_KILL_NOUN = _W["kill_after"]
_WOUND_NOUN = _W["wound_after"]
_ATTACK_NOUN = _W["attack_nouns"]
_ATTACK_MODIFIER = r"\s+(?!(?:in|on|at|by|of|and|or|that|which|who|were|was)\b)[\w'’-]+"
_AFTER = {
    # "214 operations", "160 rocket and drone attacks", "300 air interdiction missions"
    "attacks": re.compile(
        rf"^(?:{_ATTACK_MODIFIER}(?:\s+(?:and|or))?){{0,3}}?\s+(?:{_ATTACK_NOUN})\b",
        re.IGNORECASE,
    ),
    "killed": re.compile(rf"^{_NP_OF}{_APPOSITIVE}{_AUX}\s+(?:{_KILL_NOUN})\b", re.IGNORECASE),
    "wounded": re.compile(rf"^{_NP_OF}{_APPOSITIVE}{_AUX}\s+(?:{_WOUND_NOUN})\b", re.IGNORECASE),
    "other": re.compile(
        rf"^{_NP}(?:\s+(?:have|has|had|were|was|are|is|been|remain|remained|still|currently|now|reportedly))*"
        rf"\s+(?:{_W['other_after']})\b",
        re.IGNORECASE,
    ),
}
_BEFORE = {
    "killed": re.compile(
        rf"(?:\b{_W['kill_before']}"
        r"|\b(?:death\s+toll|toll|number\s+of\s+(?:[\w-]+\s+){0,2}(?:killed|dead|deaths|victims))\b[^.;]{0,140}?"
        r"\b(?:rose|risen|rises|climbed|reached|increased|jumped|stands|stood|is|was|at|to))\s+$",
        re.IGNORECASE,
    ),
    "wounded": re.compile(rf"\b{_W['wound_before']}\s+$", re.IGNORECASE),
    "other": re.compile(rf"\b{_W['other_before']}\s+$", re.IGNORECASE),
}
_AFTER_KILLED_TOLL = re.compile(
    r"^\s+the\s+(?:number\s+of\s+(?:[\w-]+\s+){0,2}(?:killed|dead)|death\s+toll)\b", re.IGNORECASE
)
_PEOPLE_NOUN = (
    r"fighters|troops|soldiers|volunteers|militants|recruits|combatants|militiamen|members|personnel|"
    r"men|civilians|police(?:men)?|officers|gendarmes|guards|jihadists|insurgents|rebels|mercenaries"
)
_FIGHTER_VERB_BEFORE = re.compile(
    r"\b(?:deploy\w*|sen[dt]|sending|dispatch\w*|mobili[sz]\w*|recruit\w*|enlist\w*|train(?:ed|ing|s)?|"
    r"station\w*|commit\w*|field(?:ed|s)?)\s+$",
    re.IGNORECASE,
)
_FIGHTER_NOUN_AFTER = re.compile(rf"^(?:\s+[\w'’-]+){{0,3}}?\s+(?:{_PEOPLE_NOUN})\b", re.IGNORECASE)
_STRICT_FIGHTERS = r"fighters|troops|soldiers|volunteers|militants|recruits|combatants"
_FIGHTER_HAS_BEFORE = re.compile(
    r"(?:\b(?:has|have|had|with|numbering|commands?|boasts?|fields?)|\b(?:a\s+)?(?:force|army|contingent)\s+of)\s+$",
    re.IGNORECASE,
)
_FIGHTER_STRICT_AFTER = re.compile(
    r"^(?:\s+[\w'’-]+){0,2}?\s+(?:fighters|troops|soldiers|militants|combatants|militiamen|members|recruits)\b",
    re.IGNORECASE,
)
_FIGHTER_CUE_AFTER = re.compile(
    r"\b(?:signed\s+up|joined|enlisted|registered|remain(?:ing)?|are\s+active|under\s+arms|in\s+(?:its|their)\s+ranks|"
    r"(?:are|were)\s+(?:fighting|deployed|based|operating))\b",
    re.IGNORECASE,
)
_FIGHTER_STRENGTH_BEFORE = re.compile(
    rf"\b(?:number|strength)\s+of\s+[^.;]{{0,60}}?\b(?:{_PEOPLE_NOUN})\b[^.;]{{0,80}}?\b(?:at|to|as|is|was|reached)\s+$",
    re.IGNORECASE,
)
_MONEY = re.compile(rf"{_CURRENCY}|dollars|USD", re.IGNORECASE)
_FUNDS_OWN = re.compile(
    r"\b(?:coffers|reserves|ransoms?|demand\w*|extort\w*|war\s+chest|treasury)\b", re.IGNORECASE
)
_FUNDS_CUE = re.compile(
    r"\b(?:funds?|funding|financ\w*|revenues?|income|budget|assets|earn\w*|raised|raises|taxes|taxed)\b",
    re.IGNORECASE,
)
_NOT_GROUP_FUNDS = re.compile(rf"\b{_W['not_group_money']}\b", re.IGNORECASE)
_NOT_VIOLENCE = re.compile(rf"\b{_W['not_violence']}\b", re.IGNORECASE)
_DISPLACEMENT = re.compile(rf"\b{_W['displacement']}\b", re.IGNORECASE)
# "struck Houthi targets more than 1,000 times", "attacked 23 villages": counts of attacks
_STRIKE_VERB_BEFORE = re.compile(rf"\b{_W['strike_verbs']}\b[^.;:]{{0,80}}$", re.IGNORECASE)
_ATTACKED_VERB_BEFORE = re.compile(rf"\b{_W['strike_verbs']}\s+$", re.IGNORECASE)
_ATTACKED_PLACE_AFTER = re.compile(rf"^(?:\s+[\w'’-]+)?\s+{_W['attacked_places']}\b", re.IGNORECASE)
_SUB_BREAKDOWN_AFTER = re.compile(r"^(?:\s+[\w'’-]+){0,6}?\s+(?:of|among)\s+them\b", re.IGNORECASE)
_LIST_GAP = re.compile(
    r"^(?:[\s\w'’()\"“”-]{0,90}?)(?:,?\s*\bincluding\b|,?\s*\bnamely\b|,?\s*\bamong\s+them\b|,?\s*\bof\s+whom\b|"
    r",|;|:|\band\b)\s*(?:and\s+)?$",
    re.IGNORECASE,
)
_COMPARED = re.compile(r"\b(?:down|up)\s+from\s+$|\bcompared\s+(?:with|to)\s+$|\bagainst\s+$", re.IGNORECASE)
_SHARED_GAP = re.compile(
    r"^(?:\s+(?!(?:were|was|have|has|had|killed|died|in|on|at|by|since|who|which|that)\b)[A-Za-z][\w'’-]*){1,5}"
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)$",
    re.IGNORECASE,
)
_OTHER_KIND_IN_GAP = re.compile(
    rf"\b(?:{_WOUND_NOUN}|wounding|injuring|kidnapped|abducted|arrested|detained|displaced|driven)\b",
    re.IGNORECASE,
)


def _is_group_funds(line: str, actors_named: bool) -> bool:
    """True when money in a line is an armed group's (its coffers, a ransom, revenue of a named group)."""
    if _NOT_GROUP_FUNDS.search(line):
        return False
    group = actors_named or re.search(
        r"\b(?:its|their|the\s+(?:group|gang|militants|insurgents))\b", line, re.IGNORECASE
    )
    return bool(_FUNDS_OWN.search(line) or (group and _FUNDS_CUE.search(line)))


def _own_kind(line: str, fig: _Figure, actors_named: bool = False) -> str | None:
    """What a figure counts from the words right around it, or None."""
    before, after = line[max(0, fig.start - 200) : fig.start], line[fig.end : fig.end + 200]
    phrase = line[fig.start : fig.end]
    if _SUB_BREAKDOWN_AFTER.match(after):
        return None
    if _MONEY.search(phrase) or re.match(r"\s*(?:US\s+dollars|dollars|USD)\b", after, re.IGNORECASE):
        return "funds_usd" if _is_group_funds(line, actors_named) else None
    if _FIGHTER_STRENGTH_BEFORE.search(before):
        return "fighters"
    for kind in ("other", "wounded", "killed"):
        if kind in _BEFORE and _BEFORE[kind].search(before):
            return kind
    if _AFTER_KILLED_TOLL.match(after):
        return "killed"
    if re.match(r"\s+times\b", after) and _STRIKE_VERB_BEFORE.search(before):
        return "attacks"
    if _ATTACKED_VERB_BEFORE.search(before) and _ATTACKED_PLACE_AFTER.match(after):
        return "attacks"
    # "other" first: "1,190 civilians had been killed or injured" counts casualties, not deaths
    for kind in ("other", "attacks", "killed", "wounded"):
        if _AFTER[kind].match(after):
            return kind
    if _FIGHTER_VERB_BEFORE.search(before) and _FIGHTER_NOUN_AFTER.match(after):
        return "fighters"
    if _FIGHTER_HAS_BEFORE.search(before) and _FIGHTER_STRICT_AFTER.match(after):
        return "fighters"
    noun = _FIGHTER_NOUN_AFTER.match(after)
    strict = noun and re.search(_STRICT_FIGHTERS, noun.group(), re.IGNORECASE)
    if noun and strict and _FIGHTER_CUE_AFTER.search(after[noun.end() : noun.end() + 60]):
        return "fighters"
    return None


def _kinds(line: str, figures: list[_Figure], actors_named: bool = False) -> list[str | None]:
    """Each figure's kind; unmarked parts of a list after a killed/wounded figure share its kind."""
    kinds = [_own_kind(line, f, actors_named) for f in figures]
    for i in range(1, len(figures)):
        previous = kinds[i - 1]
        if kinds[i] is None and previous and _COMPARED.search(line[figures[i - 1].end : figures[i].start]):
            kinds[i] = previous  # "412 attacks this year, up from 301"
            continue
        if kinds[i] is not None or previous not in ("killed", "wounded"):
            continue
        gap = line[figures[i - 1].end : figures[i].start]
        after = line[figures[i].end : figures[i].end + 120]
        if (
            _LIST_GAP.match(gap)
            and not _OTHER_KIND_IN_GAP.search(gap)
            and not _SUB_BREAKDOWN_AFTER.match(after)
        ):
            kinds[i] = previous
    for i in range(len(figures) - 2, -1, -1):
        # "284 security personnel and 190 civilians were killed": the first part shares the last one's kind
        following = kinds[i + 1]
        if kinds[i] is not None or following not in ("killed", "wounded"):
            continue
        if _SHARED_GAP.match(line[figures[i].end : figures[i + 1].start]):
            kinds[i] = following
    return kinds


# --------------------------------------------------------------------------- aggregate signals

_SINCE_BEFORE = re.compile(r"\bsince\b[^,.;:]{0,60}$", re.IGNORECASE)
# "over the past month" spans; a bare "last week" or "last month" dates a point ("had reported last week that
# gunmen killed 200"), so a single week or month needs "the" before it
_SPAN_PERIOD = re.compile(
    r"\bsince\b|\bso\s+far\b|^(?:in\s+|during\s+|throughout\s+)?this\s+year\b|\b(?:past|last|previous)\s+(?:\w+\s+)?"
    r"(?:days|weeks|months|years|decades?|year)\b|\bthe\s+(?:past|last|previous)\s+(?:month|week)\b"
    r"|\b(?:half|quarter|beginning|start|decade)\b|\bfirst\s+\w+\s+months\b",
    re.IGNORECASE,
)
_YEAR_PERIOD = re.compile(
    r"^(?:(?:in|during|throughout|over)\s+)?(?:(?:1[89]|20)\d\d|last\s+year)$", re.IGNORECASE
)
_MONTH_PERIOD = re.compile(rf"\b(?:{_MONTHS})\b|\b(?:this|last)\s+month\b", re.IGNORECASE)
_COMPARISON_BEFORE = re.compile(
    r"\b(?:first|worst|deadliest|bloodiest|biggest|largest|highest|lowest|heaviest|most\s+\w+|only)\b[^.;]{0,60}$",
    re.IGNORECASE,
)
_MONITOR_VERB = _W["monitor_verbs"]
_MONITOR_COUNT = re.compile(
    rf"\b(?:{_MONITOR_VERB}|claimed|claiming)\s+"
    rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_FIGURE_RE.pattern})(?:\s+[\w'’-]+){{0,3}}?\s+(?:{_ATTACK_NOUN})\b",
    re.IGNORECASE,
)
_MONITOR = re.compile(rf"\b(?:{_MONITOR_VERB})\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(
    rf"\b{_W['back_reference']}\b(?!\s+(?:this|in\s+the|last)\b)", re.IGNORECASE
)
_PLURAL_AGGREGATE = re.compile(
    r"\b(?:attacks|operations|killings|incidents|strikes|airstrikes|air\s+strikes|raids|bombings|clashes|"
    r"ambushes|assaults|violence)\b",
    re.IGNORECASE,
)
_SINGLE_EVENT = re.compile(
    r"\b(?:a|an|the|one|this|that)\s+(?:[\w-]+\s+){0,2}?(?:attack|bombing|blast|explosion|strike|airstrike|raid|"
    r"ambush|massacre|assault|shooting|bomb|rampage)\b(?!s)",
    re.IGNORECASE,
)
_WAR_TOLL = re.compile(
    r"\b(?:the|this|its)\s+(?:[\w-]+\s+){0,2}(?:war|conflict|insurgency|civil\s+war)\b", re.IGNORECASE
)
_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:been\s+)?(?:left|killed|died|claimed|displaced|driven|forced)\b|\bsince\b",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"\b(?:a\s+total\s+of|in\s+total|altogether|in\s+all|cumulative|tally)\b", re.IGNORECASE)
_CONTINUATION = re.compile(
    r"^\W*(?:a\s+further|another|an\s+additional|the\s+remaining|the\s+other|the\s+rest\s+of\s+the|"
    r"of\s+(?:the|these|those|them|whom)(?:\s+[\w-]+)?\s*,)\s",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|according\s+to|(?<!an\s)estimated|estimates|reported|reports|documented|"
    r"documenting|recorded|recording|figures|statistics|communiqu\w*|statement|stated)\b",
    re.IGNORECASE,
)
_NAMED_PERSON_SPEAKS = re.compile(
    r"\b(?:said|told|says)\s+(?:[a-z]+\s+){0,4}[A-Z][\w'’-]+\s+(?:al-|bin\s+)?[A-Z][\w'’-]+"
    r"|[A-Z][\w'’-]+\s+(?:al-|bin\s+)?[A-Z][\w'’-]+(?:,[^,]{1,80},)?\s+(?:said|told|says)\b"
)
_ANAPHOR = re.compile(
    r"\b(?:its|their|they|the\s+(?:group|gang|militants|insurgents|jihadists|rebels|militia|organi[sz]ation|extremists))\b",
    re.IGNORECASE,
)
# "attacks by ISIS cells", "operations attributed to the Islamic State": the figures are about the attacker
_ATTACKER_AFTER = re.compile(
    rf"\b(?:{_ATTACK_NOUN})\s+(?:[\w-]+\s+){{0,2}}?(?:by|attributed\s+to|claimed\s+by|blamed\s+on)\s+(?:the\s+)?[A-Z]",
    re.IGNORECASE,
)
_ATTACKER_BEFORE = re.compile(
    rf"\b(?:{_ATTACK_NOUN})\s+(?:[\w-]+\s+){{0,2}}?(?:by|attributed\s+to|claimed\s+by|blamed\s+on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_VERB_BETWEEN = re.compile(r"\b(?:were|was|have|has|had|killed|died|in|by|during|since)\b", re.IGNORECASE)
_FURNITURE_PERSON = re.compile(r"\b(?:I|me|my|I'm|I've)\b")
_LIST_ITEM = re.compile(r"^\s*(?:[•·*▪◦‣–—-]\s*|\d+[.)]\s+)")
_PLACE_PREFIX = re.compile(r"^\s*(?:[•·*▪◦‣–—-]\s*)?(?P<place>[A-Z][\w'’ -]{1,40}?):\s+")
# a sub-breakdown the head figures stop at ("left 40 dead, namely ...", "..., among them 30 soldiers"); an
# appositive that closes with "among them" ("80 soldiers, 9 militiamen among them, killed in 25 operations")
# holds only its own figure, and the head goes on after it
_HEAD_CUT = re.compile(
    r",?\s+namely\b|:\s|;|,?\s+(?:including|of\s+whom)\b|,?\s+among\s+them\b(?!\s*(?:[,.;)]|$))"
)
_SHORT_ITEM_WORDS = 14
_BULLETS = " \t•·*▪◦‣–—-"
# "in the three attacks", "the two raids", "the day's attacks": a total of incidents the report tells
_TOLD_INCIDENTS = re.compile(
    r"\b(?:the|these|those|both)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d)\s+(?:[\w-]+\s+)?"
    r"(?:attacks|raids|strikes|airstrikes|bombings|blasts|explosions|assaults|ambushes|incidents)\b"
    r"|\b(?:the\s+day|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)['’]s\b",
    re.IGNORECASE,
)
_EVENT_TIME = re.compile(
    r"\b(?:over|during|at)\s+the\s+weekend\b|\bovernight\b|\b(?:last|this|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)\s+(?:night|morning|evening|afternoon)\b",
    re.IGNORECASE,
)
_REGION_START = re.compile(
    r"\b(?:in|across|throughout)\s+(?=(?:the\s+)?(?:[a-z]+ern\s+|west\s+|east\s+|north\s+|south\s+)?(?:[A-Z]|al-))"
)
_REGION_STOP = re.compile(
    r"\s+(?:since|so\s+far|this|during|over|at|in|which|that|with|where|alone|from|by|to|after|before|on|"
    r"when|while|as|for|because|amid|between)\b|[.;:\"“”]|,\s+(?!(?:al-|[A-Z]|and\b))"
)


@dataclass(frozen=True)
class _Context:
    """What the claims of a sentence share, and what a breakdown or continuation inherits."""

    period: Period | None = None
    attributed_to: str = UNKNOWN
    subject: str | None = None
    region: str | None = None
    quantity: str | None = None


def _aggregate_period(line: str, published: dt.date) -> Period | None:
    """The line's period unless it is a comparison ("the worst attack since 2019", "one of the deadliest
    attacks this year") or a point ("earlier")."""
    period = find_period(line, published)
    if period is None or re.match(r"earlier\b", period.text, re.IGNORECASE):
        return None
    if _COMPARISON_BEFORE.search(line[: period.span_start]):
        return None
    return period


def _single_event(line: str, published: dt.date) -> bool:
    """True when a line tells one incident: "a/the attack", or a day's date, and no plural of acts."""
    if _PLURAL_AGGREGATE.search(line):
        return False
    return bool(_SINGLE_EVENT.search(line)) or any(
        d.precision in ("day", "range") for d in find_dates(line, published)
    )


def _day_bound(line: str, published: dt.date, period: Period | None = None) -> bool:
    """True when a line is tied to one day or night ("on Monday", "overnight", "over the weekend"); the day a
    period starts from ("since ISIS announced its campaign on April 18") does not tie it."""

    def in_period(start: int, end: int) -> bool:
        return period is not None and period.span_start <= start and end <= period.span_end

    return bool(_EVENT_TIME.search(line)) or any(
        d.precision in ("day", "range") and not in_period(d.span_start, d.span_end) for d in find_dates(line, published)
    )


def _has_signal(line: str, period: Period | None, published: dt.date) -> bool:
    """True when a line marks its figures as aggregate on its own (see the module docstring)."""
    text = period.text if period else ""
    if _TOLD_INCIDENTS.search(line):
        return False
    if _SPAN_PERIOD.search(text) or (period and _SINCE_BEFORE.search(line, 0, period.span_start)):
        return True  # "since the rebels entered it last week": the point opens a span
    if _MONITOR_COUNT.search(line) or (
        _MONITOR.search(line) and not _SINGLE_EVENT.search(line) and not _BACK_REFERENCE.search(line)
    ):
        return not _day_bound(line, published, period)
    if _WAR_TOLL.search(line) and _PERFECT.search(line):
        return True
    if _YEAR_PERIOD.match(text) or _TOTAL.search(line):
        return not _single_event(line, published) and not _day_bound(line, published, period)
    if _MONTH_PERIOD.search(text) and (_MONITOR.search(line) or _PLURAL_AGGREGATE.search(line)):
        return not _single_event(line, published)
    return False


def _is_furniture(line: str) -> bool:
    """A short first-person, exclamatory or question line of a page (comments, widgets)."""
    words = len(line.split())
    stripped = line.strip()
    return words < 15 and (bool(_FURNITURE_PERSON.search(line)) or stripped.endswith(("!", "?")))


def _is_heading(line: str, figures: list[_Figure]) -> bool:
    """A short heading that opens or continues a breakdown ("Attacks by region:")."""
    return line.rstrip().endswith(":") and not figures and len(line.split()) <= 10


def _region(line: str, after: int) -> str | None:
    """The place phrase a figure applies to: the first "in <Place>" after ``after``, as stated."""
    m = _REGION_START.search(line, after)
    if m is None:
        return None
    stop = _REGION_STOP.search(line, m.end())
    region = line[m.end() : stop.start() if stop else len(line)]
    region = re.sub(r"(?:,|\s+and|\s+of)\s*$", "", region.strip())
    return re.sub(r"^the\s+(?=[A-Z])", "", region) or None


# --------------------------------------------------------------------------- the document reader


@dataclass
class _Reader:
    """Walks a document's lines in order, remembering speakers, actors and open breakdowns."""

    text: str
    lines: list[tuple[int, int]]
    published: dt.date | None
    actors: ActorBook
    speaker: str = UNKNOWN
    last_actor: str | None = None
    breakdown: _Context | None = None
    previous: _Context | None = None

    def read(self) -> list[Claim]:
        """Every claim of the document, in text order."""
        claims: list[Claim] = []
        for index, (start, end) in enumerate(self.lines):
            line = self.text[start:end]
            if _is_furniture(line):
                self.previous = None
                continue
            found = self._line(index, line, Span(start, end, line))
            claims.extend(found)
            self._remember(line)
        return claims

    def _line(self, index: int, line: str, span: Span) -> list[Claim]:
        """The claims of one line, updating the breakdown and continuation state."""
        figures = _figures(line)
        if _is_heading(line, figures) and (self.breakdown or self.previous) is not None:
            # "These operations left dead:", "Of these:", "By region:" after a claim open its breakdown
            self.breakdown = self._heading_context(line, self.breakdown or self.previous)  # type: ignore[arg-type]
            return []
        in_list = self.breakdown is not None and _is_item(line, figures)
        if self.breakdown is not None and not in_list:
            self.breakdown = None
        if in_list and self.breakdown is not None:
            return self._list_item(line, span, figures, self.breakdown)
        return self._prose(index, line, span, figures)

    def _heading_context(self, line: str, context: _Context) -> _Context:
        """A heading inside a breakdown may restate the period ("Attacks in 2023 by region:")."""
        period = _aggregate_period(line, self._reference())
        return replace(context, period=period) if period else context

    def _list_item(self, line: str, span: Span, figures: list[_Figure], context: _Context) -> list[Claim]:
        """Head figures of one breakdown line, with the breakdown's context."""
        prefix = _PLACE_PREFIX.match(line)
        body_start = prefix.end() if prefix else 0
        cut = _HEAD_CUT.search(line, body_start)
        limit = cut.start() if cut else len(line)
        heads = [f for f in figures if body_start <= f.start < limit]
        region = prefix.group("place").strip() if prefix else context.region
        local = replace(context, region=region)
        return self._claims(line, span, heads, local, list_item=True, head_at=body_start)

    def _prose(self, index: int, line: str, span: Span, figures: list[_Figure]) -> list[Claim]:
        """Claims of an ordinary sentence, opening a breakdown when it ends in ":"."""
        period = _aggregate_period(line, self._reference())
        continuing = self.previous is not None and _CONTINUATION.match(line) is not None
        context = self._context(line, period, figures)
        if continuing and self.previous is not None:
            context = self._inherit(context, self.previous)
        signal = continuing or _has_signal(line, period, self._reference())
        claims = self._claims(line, span, figures, context, list_item=False, signal=signal)
        claims = self._without_listed_total(index, line, claims)
        if claims and line.rstrip().endswith(":") and not self._lists_incidents(index, figures, line):
            self.breakdown = replace(context, quantity=claims[-1].quantity)
        self.previous = replace(context, quantity=claims[-1].quantity) if claims else None
        return claims

    def _inherit(self, context: _Context, previous: _Context) -> _Context:
        """A continuation keeps what it does not restate from the claim before it."""
        return _Context(
            period=context.period or previous.period,
            attributed_to=context.attributed_to
            if context.attributed_to != UNKNOWN
            else previous.attributed_to,
            subject=context.subject or previous.subject,
            region=context.region or previous.region,
            quantity=previous.quantity,
        )

    def _context(self, line: str, period: Period | None, figures: list[_Figure]) -> _Context:
        """Period, source, subject and region of a prose line."""
        return _Context(
            period=period,
            attributed_to=self._attribution(line),
            subject=self._subject(line),
            region=_region(line, figures[0].end) if figures else None,
        )

    def _claims(
        self,
        line: str,
        span: Span,
        figures: list[_Figure],
        context: _Context,
        list_item: bool,
        signal: bool = True,
        head_at: int | None = None,
    ) -> list[Claim]:
        """Claims from figures whose kind is known and whose line supports that kind."""
        claims = []
        named = [m for m in self.actors.find(line) if not m.generic and m.actor_type != "civilians"]
        kinds = _kinds(line, figures, bool(named))
        opens = head_at is not None and bool(figures) and not line[head_at : figures[0].start].strip(_BULLETS)
        if opens and context.quantity and kinds[0] in (None, "fighters"):
            kinds[0] = context.quantity  # "Three ISIS members." under "These operations left dead:"
        violence = not _NOT_VIOLENCE.search(line)
        reported = bool(self.actors.find_speakers(line)) or _REPORTING.search(line) is not None
        for index, (fig, kind) in enumerate(zip(figures, kinds, strict=True)):
            if kind is None and context.quantity is not None and _bare(line, fig):
                kind = context.quantity
            if kind is None or not violence and kind in ("killed", "wounded", "other"):
                continue
            # a count of displaced or missing people a monitor or agency states is a tally; an arrest, detention
            # or abduction it tells with no period is one operation ("detained four leaders in Idlib city")
            stated = kind == "other" and reported and self._stated_tally(line, context)
            if not (signal or list_item or stated or kind in ("fighters", "funds_usd")):
                continue
            local = context if list_item else self._figure_subject(line, figures, index, named, context)
            claims.append(self._claim(kind, fig.quantity, local, span))
        return claims

    def _stated_tally(self, line: str, context: _Context) -> bool:
        """True when a line's count of people is a displacement tally, not tied to one incident or day."""
        reference = self._reference()
        return (
            _DISPLACEMENT.search(line) is not None
            and not _single_event(line, reference)
            and not _day_bound(line, reference, context.period)
        )

    def _figure_subject(
        self, line: str, figures: list[_Figure], index: int, named: list[ActorMatch], context: _Context
    ) -> _Context:
        """Figures for several groups ("58 regime soldiers, 17 members of Iranian-backed militias and 12 ISIS
        members") each take the group they count, unless an attacker is named before the figures."""
        if any(m.end <= figures[0].start for m in named) or _ATTACKER_AFTER.search(line):
            return context
        fig = figures[index]
        limit = figures[index + 1].start if index + 1 < len(figures) else len(line)
        limit = min(limit, fig.end + 50)
        own = [m for m in named if fig.end <= m.start < limit and not _VERB_BETWEEN.search(line, fig.end, m.start)]
        return replace(context, subject=own[0].name) if own else context

    def _claim(self, kind: str, quantity: Quantity, context: _Context, span: Span) -> Claim:
        """One Claim with the context's fields."""
        period = context.period
        dated = period is not None and self.published is not None
        return Claim(
            quantity=kind,
            value=quantity.value,
            low=quantity.low,
            high=quantity.high,
            subject=context.subject,
            region=context.region,
            period=period.text if period else None,
            period_start=period.start if dated and period else None,
            period_end=period.end if dated and period else None,
            attributed_to=context.attributed_to,
            evidence=span,
        )

    def _without_listed_total(self, index: int, line: str, claims: list[Claim]) -> list[Claim]:
        """Drop a count of attacks that merely totals the list of incidents that follows."""
        items = self._following_items(index)
        if not line.rstrip().endswith(":") or not items:
            return claims
        return [c for c in claims if not (c.quantity == "attacks" and c.value == items)]

    def _lists_incidents(self, index: int, figures: list[_Figure], line: str) -> bool:
        """True when the list after a line has as many items as the attacks the line counts."""
        items = self._following_items(index)
        counts = [
            f.quantity.value for f, k in zip(figures, _kinds(line, figures), strict=True) if k == "attacks"
        ]
        return bool(items) and items in counts

    def _following_items(self, index: int) -> int:
        """How many bullet lines directly follow line ``index``."""
        count = 0
        for start, end in self.lines[index + 1 :]:
            if not _LIST_ITEM.match(self.text[start:end]):
                break
            count += 1
        return count

    def _attribution(self, line: str) -> str:
        """The organisation a line quotes, or the last one named when it reports speech."""
        speakers = self.actors.find_speakers(line)
        if speakers:
            return speakers[0].name
        return self.speaker if _REPORTING.search(line) else UNKNOWN

    def _subject(self, line: str) -> str | None:
        """The actor a line's figures are about: the one in "N <actor> attacks", an armed actor named,
        the group last named when the line refers back to it ("the group", "its"), else anyone named."""
        named = [m for m in self.actors.find(line) if not m.generic]
        armed = [m for m in named if m.actor_type != "civilians"]
        attack = re.search(rf"(?:{_ATTACK_NOUN})\b", line, re.IGNORECASE)
        near = [m for m in armed if attack and 0 <= attack.start() - m.end <= 3]
        near += [m for m in armed if _ATTACKER_BEFORE.search(line, 0, m.start)]
        if near or armed:
            return (near or armed)[0].name
        if self.last_actor and _ANAPHOR.search(line):
            return self.last_actor
        return named[0].name if named else self.last_actor

    def _remember(self, line: str) -> None:
        """Update the last speaker organisation and the last armed actor named."""
        speakers = self.actors.find_speakers(line)
        if speakers:
            self.speaker = speakers[-1].name
        elif _NAMED_PERSON_SPEAKS.search(line):
            self.speaker = UNKNOWN
        armed = [m for m in self.actors.find(line) if not m.generic and m.actor_type != "civilians"]
        if armed:
            self.last_actor = armed[-1].name

    def _reference(self) -> dt.date:
        """The date periods resolve against."""
        return self.published or _NO_DATE


def _is_item(line: str, figures: list[_Figure]) -> bool:
    """A breakdown item: a bullet, a "Place: ..." line, or a short line that opens with a figure."""
    if _LIST_ITEM.match(line) or _PLACE_PREFIX.match(line):
        return True
    return bool(figures) and figures[0].start == 0 and len(line.split()) <= _SHORT_ITEM_WORDS


def _bare(line: str, fig: _Figure) -> bool:
    """True when a figure stands without a noun of its own ("The remaining 35,000 will ...")."""
    return re.match(r"\s+(?:will|would|are|were|have|had|is|was|to|remain\w*)\b", line[fig.end :]) is not None


def _lines(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut further at line breaks, trimmed of surrounding space; empty ones dropped."""
    lines = []
    for start, end in sentences:
        for m in re.finditer(r"[^\n]+", text[start:end]):
            piece = m.group()
            left = len(piece) - len(piece.lstrip())
            right = len(piece.rstrip())
            if right > left:
                lines.append((start + m.start() + left, start + m.start() + right))
    # the sentence splitter may cut a bullet glyph off its item ("•" | "A man detonated ..."): rejoin them
    joined: list[tuple[int, int]] = []
    for start, end in lines:
        if joined and not text[joined[-1][0] : joined[-1][1]].strip(_BULLETS) and "\n" not in text[joined[-1][1] : start]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def extract_claims(
    text: str, sentences: Sequence[tuple[int, int]], published: dt.date | None, actors: ActorBook
) -> list[Claim]:
    """The claims of one document, each with the sentence (line) that states it as evidence."""
    return _Reader(text, _lines(text, sentences), published, actors).read()
