"""Read quantities and casualty figures (killed, wounded, kidnapped) from English sentences.

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
carries no bounds, as in the seed gold. A list of counted groups sums its parts: values add
when every part has one, and bounds add from each part's bound or value.

A :class:`Casualty` is one figure of one kind (``killed``, ``wounded``, ``kidnapped``) read
from a sentence; ``start``/``end`` are the offsets of the counted phrase (number and noun,
e.g. "five assailants", "two soldiers and a civilian"; end exclusive) and ``who`` the
counted nouns. When a sentence gives the same kind for different groups each is returned:
callers sum them per event. "No casualties" yields ``killed`` and ``wounded`` of 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

HEDGES = ("exact", "none", "at_least", "more_than", "about", "up_to", "less_than", "range", "vague")
KINDS = ("killed", "wounded", "kidnapped")


@dataclass(frozen=True)
class Quantity:
    """A number phrase as best estimate ``value`` with optional ``low``/``high`` bounds."""

    value: int | None
    low: int | None = None
    high: int | None = None
    hedge: str = "exact"


@dataclass(frozen=True)
class Casualty:
    """One casualty figure read from a sentence, with the span of its counted phrase."""

    kind: str
    value: int | None
    low: int | None
    high: int | None
    start: int
    end: int
    who: str | None = None
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

_NW = "|".join(sorted(list(UNIT_WORDS) + list(_SCALES), key=len, reverse=True))
_WORDNUM = rf"(?:{_NW})(?:(?:-|\s+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{_NW}))*"
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
_QTY_HINT = re.compile(rf"\d|\b(?:{_NW}|{_VAGUE_RE}|{_FIXED_RE})", re.IGNORECASE)


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
        number = float(t.replace(",", ""))
        if number != int(number) and scale == 1:
            return None
        return round(number * scale)
    words = _words_value(t)
    return None if words is None else words * scale


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


def _iter_quantities(text: str) -> Iterator[tuple[int, int, Quantity]]:
    """Every counting number phrase in ``text`` as (start, end, Quantity)."""
    if _QTY_HINT.search(text) is None:
        return
    for m in _QTY_RE.finditer(text):
        if not _is_count_context(text, m.start(), m.end()):
            continue
        quantity = _quantity_from_match(m)
        if quantity is not None:
            yield m.start(), m.end(), quantity


def _is_money(phrase: str) -> bool:
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


# --------------------------------------------------------------------------- counted groups

_PEOPLE = {
    "person",
    "people",
    "persons",
    "civilian",
    "civilians",
    "soldier",
    "soldiers",
    "member",
    "members",
    "fighter",
    "fighters",
    "officer",
    "officers",
    "policeman",
    "policemen",
    "police",
    "child",
    "children",
    "kid",
    "kids",
    "boy",
    "boys",
    "girl",
    "girls",
    "woman",
    "women",
    "man",
    "men",
    "guard",
    "guards",
    "bodyguard",
    "bodyguards",
    "militant",
    "militants",
    "assailant",
    "assailants",
    "attacker",
    "attackers",
    "bomber",
    "bombers",
    "gunman",
    "gunmen",
    "driver",
    "drivers",
    "farmer",
    "farmers",
    "journalist",
    "journalists",
    "reporter",
    "worker",
    "workers",
    "engineer",
    "engineers",
    "commander",
    "commanders",
    "leader",
    "leaders",
    "official",
    "officials",
    "employee",
    "employees",
    "pilgrim",
    "pilgrims",
    "student",
    "students",
    "teacher",
    "teachers",
    "worshipper",
    "worshippers",
    "worshiper",
    "worshipers",
    "shepherd",
    "shepherds",
    "herder",
    "herders",
    "villager",
    "villagers",
    "resident",
    "residents",
    "troop",
    "troops",
    "personnel",
    "volunteer",
    "volunteers",
    "recruit",
    "recruits",
    "cadet",
    "cadets",
    "relative",
    "relatives",
    "hostage",
    "hostages",
    "detainee",
    "detainees",
    "prisoner",
    "prisoners",
    "victim",
    "victims",
    "individual",
    "individuals",
    "other",
    "others",
    "passenger",
    "passengers",
    "trooper",
    "troopers",
    "peshmerga",
    "militiaman",
    "militiamen",
    "insurgent",
    "insurgents",
    "jihadist",
    "jihadists",
    "terrorist",
    "terrorists",
    "rebel",
    "rebels",
    "infant",
    "infants",
    "baby",
    "babies",
    "toddler",
    "toddlers",
    "teenager",
    "teenagers",
    "youth",
    "youths",
    "elder",
    "elders",
    "chief",
    "chiefs",
    "sheikh",
    "shaykh",
    "imam",
    "cleric",
    "doctor",
    "doctors",
    "nurse",
    "nurses",
    "paramedic",
    "paramedics",
    "medic",
    "medics",
    "contractor",
    "contractors",
    "son",
    "sons",
    "daughter",
    "daughters",
    "brother",
    "brothers",
    "sister",
    "sisters",
    "father",
    "mother",
    "wife",
    "husband",
    "aide",
    "aides",
    "staff",
    "staffer",
    "guardsman",
    "guardsmen",
    "serviceman",
    "servicemen",
    "serviceperson",
    "sailor",
    "sailors",
    "marine",
    "marines",
    "airman",
    "airmen",
    "operative",
    "operatives",
    "agent",
    "agents",
    "captain",
    "colonel",
    "general",
    "lieutenant",
    "sergeant",
    "major",
    "mayor",
    "governor",
    "judge",
    "lawyer",
    "candidate",
    "politician",
    "minister",
    "deputy",
    "mukhtar",
    "picker",
    "pickers",
    "trader",
    "traders",
    "merchant",
    "merchants",
    "miner",
    "miners",
    "labourer",
    "labourers",
    "laborer",
    "laborers",
    "fisherman",
    "fishermen",
    "hunter",
    "hunters",
    "truffle",
    "shopkeeper",
    "citizen",
    "citizens",
    "national",
    "nationals",
    "foreigner",
    "foreigners",
    "tourist",
    "tourists",
    "gendarme",
    "gendarmes",
    "ranger",
    "rangers",
    "scout",
    "scouts",
    "conscript",
    "conscripts",
    "protester",
    "protesters",
    "demonstrator",
    "demonstrators",
    "spectator",
    "spectators",
    "customer",
    "customers",
    "adult",
    "adults",
    "family",
}
_EVENT_NOUNS = {
    "attack",
    "attacks",
    "operation",
    "operations",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "bombing",
    "bombings",
    "incident",
    "incidents",
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "rocket",
    "rockets",
    "shell",
    "shells",
    "mortar",
    "mortars",
    "drone",
    "drones",
    "vehicle",
    "vehicles",
    "raid",
    "raids",
    "ambush",
    "ambushes",
    "clash",
    "clashes",
    "mine",
    "mines",
    "landmine",
    "landmines",
    "device",
    "devices",
    "ied",
    "ieds",
    "car",
    "cars",
    "bomb",
    "bombs",
    "missile",
    "missiles",
    "round",
    "rounds",
    "times",
    "villages",
    "towns",
    "houses",
    "homes",
    "buildings",
    "trucks",
    "days",
    "weeks",
    "months",
    "years",
    "hours",
}
_NP_STOP = {
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "and",
    "or",
    "but",
    "nor",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "to",
    "for",
    "of",
    "into",
    "onto",
    "near",
    "during",
    "after",
    "before",
    "since",
    "while",
    "when",
    "where",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "as",
    "including",
    "killed",
    "wounded",
    "injured",
    "hurt",
    "dead",
    "died",
    "kidnapped",
    "abducted",
    "executed",
    "missing",
    "slain",
    "reportedly",
    "also",
    "later",
    "all",
    "both",
    "each",
    "among",
    "than",
    "other",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "his",
    "her",
    "its",
    "their",
    "our",
    "your",
    "one",
    "two",
    "three",
    "said",
    "says",
    "say",
    "according",
} - {"other"}
_TOKEN = re.compile(r"""\s*(?:"[^"]{1,40}"|“[^”]{1,40}”|'[^']{1,40}'|\d+-year-old|[A-Za-z][\w'’\-]*)""")
_OF_DET = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+|one\s+|his\s+|her\s+|their\s+|its\s+|this\s+)?")
_AND_NOUN = re.compile(r"\s+(?:and|or)\s+(?=[a-z])")
_LIST_SEP = re.compile(r"\s*(?:,\s*and|,\s*as\s+well\s+as|,|and|as\s+well\s+as|&)\s+")
_ARTICLE = re.compile(r"(?:(?:a|an|another|one\s+more)\s+)", re.IGNORECASE)
_GENERIC = {"people", "persons", "individuals", "victims"}
_PLURALS = {"people", "police", "personnel", "peshmerga", "children", "staff", "family"}


@dataclass(frozen=True)
class _Group:
    """A counted group: its quantity, the span of number and noun, and the noun phrase."""

    quantity: Quantity
    start: int
    end: int
    noun: str


def _noun_word(m: re.Match[str] | None) -> bool:
    """True when a token match is a word that may belong to a noun phrase."""
    if m is None:
        return False
    word = m.group().strip()
    low = word.lower()
    return low not in _NP_STOP and not (low.endswith("ing") and word[0].islower()) and low not in UNIT_WORDS


def _noun_phrase_at(text: str, pos: int) -> tuple[str, int]:
    """The noun phrase (up to six words, one "of" tail, one "and") starting at ``pos``, and its end."""
    words: list[str] = []
    end = pos
    used_of = used_and = False
    while len(words) < 6:
        m = _TOKEN.match(text, end)
        if _noun_word(m) and m is not None:
            words.append(m.group().strip())
            end = m.end()
            continue
        link = _OF_DET.match(text, end) if not used_of else None
        if link and _noun_word(_TOKEN.match(text, link.end())):
            used_of = True
        else:
            link = _AND_NOUN.match(text, end) if words and not used_and else None
            if not (link and _noun_word(_TOKEN.match(text, link.end()))):
                break
            used_and = True
        words.append(text[end : link.end()].strip())
        end = link.end()
    return " ".join(words), end


def _head(noun: str) -> str:
    """The head word of a noun phrase: its last person noun, else its last word before "of"."""
    main = [w.lower().strip("\"'“”") for w in re.split(r"\s+of\b", noun)[0].split()]
    people = [w for w in main if w in _PEOPLE]
    return people[-1] if people else (main[-1] if main else "")


def _is_singular_person(noun: str) -> bool:
    """True when a noun phrase's head is one person ("police officer", "bomber")."""
    head = _head(noun)
    return head in _PEOPLE and not head.endswith(("s", "men")) and head not in _PLURALS


def _group_at(text: str, pos: int, quantities: dict[int, tuple[int, Quantity]]) -> _Group | None:
    """One counted group starting at ``pos``: a number phrase or "a"/"an" + a person noun."""
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    if pos in quantities:
        end, quantity = quantities[pos]
        if _is_money(text[pos:end]):
            return None
        of = re.match(r"\s+of\b", text[end:]) if quantity.hedge == "vague" else None
        noun, np_end = _noun_phrase_at(text, end + (of.end() if of else 0))
        if _head(noun) in _EVENT_NOUNS:
            return None
        return _Group(quantity, pos, np_end if noun else end, noun)
    m = re.match(r"(?:him|her)self\b", text[pos:], re.IGNORECASE)
    if m:
        return _Group(Quantity(1), pos, pos + m.end(), m.group())
    m = _ARTICLE.match(text, pos)
    if m:
        noun, np_end = _noun_phrase_at(text, m.end())
        if _is_singular_person(noun):
            return _Group(Quantity(1), pos, np_end, noun)
    return None


def _group_list_at(text: str, pos: int, quantities: dict[int, tuple[int, Quantity]]) -> list[_Group]:
    """A list of counted groups starting at ``pos`` ("3 civilians, 2 soldiers and a child")."""
    first = _group_at(text, pos, quantities)
    if first is None:
        return []
    groups = [first]
    while True:
        sep = _LIST_SEP.match(text, groups[-1].end)
        if not sep:
            break
        if len(groups) == 1 and "," in sep.group() and _head(first.noun) in _GENERIC:
            break
        if re.match(r"both\b", text[sep.end() :], re.IGNORECASE):
            break
        nxt = _group_at(text, sep.end(), quantities)
        if nxt is None or nxt.noun.startswith("of ") or groups[-1].noun.startswith("of "):
            break
        groups.append(nxt)
    return groups


# --------------------------------------------------------------------------- casualty rules

_ADV = (
    r"reportedly|also|later|all|both|allegedly|each|subsequently|then|seriously|critically|"
    r"severely|slightly|lightly|badly|fatally|mortally|moderately|gravely|confirmed|reported|"
    r"believed\s+to\s+have\s+been|said\s+to\s+have\s+been|thought\s+to\s+have\s+been|"
    r"feared|thought\s+to\s+be|believed|among\s+those|being|since|now|so\s+far|already|"
    r"initially|earlier|instantly|immediately|either"
)
_AUX = (
    rf"(?:\s+(?:were|was|are|is|have\s+been|has\s+been|had\s+been|have|has|had|got|get))?(?:\s+(?:{_ADV}))*"
)
_POST = {
    "killed": r"killed|dead|died|perished|slain|shot\s+dead|shot\s+and\s+killed|gunned\s+down|"
    r"executed|beheaded|murdered|assassinated|massacred|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|"
    r"found\s+dead|burned\s+to\s+death|burnt\s+to\s+death|hacked\s+to\s+death|stabbed\s+to\s+death|"
    r"shot\s+to\s+death|beaten\s+to\s+death|stoned\s+to\s+death|decapitated",
    "wounded": r"wounded|injured|hurt",
    "kidnapped": r"kidnapped|abducted|taken\s+hostage|taken\s+captive|held\s+hostage",
}
_PRE_AND = (
    r"(?:(?:identified|shot|stabbed|captured|tortured|abducted|kidnapped|beaten|ambushed|attacked|"
    r"targeted|detained|arrested|seized|pursued|surrounded)\s+and\s+)?"
)
_POST_RE = re.compile(
    rf"(?P<aux>{_AUX})\s+{_PRE_AND}(?:(?P<killed>{_POST['killed']})|(?P<wounded>{_POST['wounded']})|"
    rf"(?P<kidnapped>{_POST['kidnapped']}))\b",
    re.IGNORECASE,
)
_APPOSITIVE = re.compile(
    r"\s*(?:\([^()]{1,80}\)|,[^,;:()]{1,80},|\s+and\s+an\s+unknown\s+number\s+of\s+[\w\s-]{1,40}?(?=\s+(?:were|was)\b))"
)
_ACTIVE = {
    "killed": r"killing|killed|kills|kill|executing|executed|stoned\s+to\s+death|shot\s+to\s+death|"
    r"stabbed\s+to\s+death|beat\s+to\s+death|beaten\s+to\s+death|slaughtered|slaughtering|hanged|"
    r"burned\s+alive|burnt\s+alive|hacked\s+to\s+death|decapitated|decapitating|beheading|beheaded|murdering|murdered|"
    r"massacring|massacred|shooting\s+dead|shot\s+dead|shot\s+and\s+killed|gunned\s+down|"
    r"gunning\s+down|claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|the\s+deaths?\s+of|"
    r"the\s+killing\s+of|the\s+execution\s+of|the\s+murder\s+of",
    "wounded": r"wounding|wounded|wounds|wound|injuring|injured|injures|injure|"
    r"the\s+injur(?:y|ies)\s+of|the\s+wounding\s+of",
    "kidnapped": r"kidnapping|kidnapped|kidnaps|kidnap|abducting|abducted|abducts|abduct|"
    r"the\s+kidnapping\s+of|the\s+abduction\s+of",
}
_ACTIVE_RE = re.compile(
    rf"\b(?:(?P<killed>{_ACTIVE['killed']})|(?P<wounded>{_ACTIVE['wounded']})|"
    rf"(?P<kidnapped>{_ACTIVE['kidnapped']}))\s+"
    r"(?:a\s+total\s+of\s+|all\s+|the\s+|an\s+additional\s+)?",
    re.IGNORECASE,
)
_HOSTAGE_RE = re.compile(r"\b(?:took|taking|take|takes|seized|seizing|held|holding)\s+", re.IGNORECASE)
_HOSTAGE_TAIL = re.compile(r"\s+(?:as\s+)?(?:hostages?|captives?)\b", re.IGNORECASE)
_NAME_RE = re.compile(
    r"(?:Sheikh\s+|Shaykh\s+|Dr\.?\s+|General\s+|Colonel\s+|Imam\s+)?[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?"
    r"(?:\s+(?:al-|bin\s+|ibn\s+|abu\s+|Abu\s+|Abd\s+)?[A-Z][\w'’-]+){1,3}(?=,|\.|\s+(?:and|in|at|on|near|as|who|while)\b)"
)
_TOLL_RE = re.compile(
    r"\b(?:(?P<killed>death\s+toll|toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|people\s+killed|fatalities))"
    r"|(?P<wounded>number\s+of\s+(?:the\s+)?(?:wounded|injured|injuries)))\b",
    re.IGNORECASE,
)
_TOLL_VERB = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|reached|reaches|increased|jumped|stood|stands|to|at|of|is|was)"
    r"\s+(?:to\s+|at\s+)?",
    re.IGNORECASE,
)
_ZERO_RE = re.compile(
    r"\b(?:(?:no\s+one|nobody|none|no\s+people|no\s+persons)(?:\s+(?:else|of\s+them))?"
    rf"{_AUX}\s+(?P<v>killed(?:\s+or\s+(?:injured|wounded|hurt))?|injured|wounded|hurt|harmed|died)"
    r"|(?:no|without(?:\s+any)?|without\s+causing(?:\s+any)?|caused\s+no|causing\s+no)\s+"
    r"(?:reported\s+|immediate\s+|human\s+|known\s+|further\s+|serious\s+)?"
    r"(?:(?:coalition|civilian|military|american|u\.?s\.?|personnel|material)\s+)?"
    r"(?P<n>casualties|injuries|deaths|fatalities|victims|loss(?:es)?\s+of\s+(?:human\s+)?life))\b"
    r"(?P<other>\s+(?:other\s+than|except|apart\s+from|besides|among\s+(?:the\s+)?(?:civilians|troops)))?",
    re.IGNORECASE,
)
_IN_ADDITION_RE = re.compile(
    r"\b(?:in\s+addition\s+to|besides|apart\s+from|aside\s+from|not\s+including|excluding)\s+"
    r"(?:the\s+deaths?\s+of\s+)?(?:the|both)\s+(?P<n>[\w\s-]{0,20}?)\s*"
    r"(?P<who>(?:suicide\s+)?(?:assailants?|bombers?|attackers?|perpetrators?|gunm[ae]n|militants?))\b",
    re.IGNORECASE,
)
_SELF_RE = re.compile(
    r"\b(?:blew|blowing|blows)\s+(?:him|her)self\s+up\b|\bdetonated\s+(?:him|her)self\b", re.IGNORECASE
)
_THROAT_RE = re.compile(r"\b(?:cut|cutting|slit|slitting|slashed)\s+(his|her)\s+throat\b", re.IGNORECASE)
_SINGULAR_AUX = re.compile(r"^\s+(?:was|has\s+been|had\s+been|is)\b", re.IGNORECASE)


def _kind(m: re.Match[str]) -> str:
    """Which of killed/wounded/kidnapped a trigger match named."""
    return next(k for k in KINDS if m.group(k))


def _casualty(kind: str, groups: list[_Group]) -> Casualty:
    """A Casualty from a list of counted groups."""
    q = combine([g.quantity for g in groups])
    who = ", ".join(g.noun for g in groups if g.noun) or None
    return Casualty(kind, q.value, q.low, q.high, groups[0].start, groups[-1].end, who, q.hedge)


def _is_active_use(sentence: str, end: int) -> bool:
    """True when a verb ending at ``end`` takes an object (so the words before it are its subject)."""
    nxt = sentence[end:].lstrip()
    if re.match(r"[A-Z]", nxt):
        return True
    return bool(
        re.match(
            r"(?:\d|\$|at\s+least|a\s+total|the\b|an?\b|his\b|her\b|their\b|its\b|"
            rf"all\b|another\b|him|them\b|(?:{_NW})\b|dozens|several|scores)",
            nxt,
            re.IGNORECASE,
        )
    )


def _candidates(sentence: str, quantities: dict[int, tuple[int, Quantity]]) -> list[int]:
    """Positions where a counted group may start: number phrases and "a"/"an"/"another"."""
    articles = {m.start() for m in re.finditer(r"\b(?:a|an|another)\s", sentence, re.IGNORECASE)}
    return sorted(set(quantities) | articles)


def _passive(
    sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int], triggers: set[int]
) -> list[Casualty]:
    """Figures before their trigger: "five assailants were killed", "17 killed", "three dead"."""
    found: list[Casualty] = []
    for pos in _candidates(sentence, quantities):
        if pos in used:
            continue
        groups = _group_list_at(sentence, pos, quantities)
        if not groups:
            continue
        end = groups[-1].end
        app = _APPOSITIVE.match(sentence, end)
        for at in (end, app.end() if app else None):
            m = _POST_RE.match(sentence, at) if at is not None else None
            if not m or (not m.group("aux").strip() and _is_active_use(sentence, m.end())):
                continue
            found.append(_casualty(_kind(m), groups))
            used.update(g.start for g in groups)
            used.update(range(end, at or end))
            triggers.add(m.start())
            break
    return found


def _singular_object(sentence: str, trigger: re.Match[str]) -> list[_Group]:
    """A single victim after an active verb: "killing the commander", "its driver", "killed Ali Hasan,"."""
    pronoun = re.match(r"(?:him|her)\b", sentence[trigger.end() :])
    if pronoun:
        return [_Group(Quantity(1), trigger.end(), trigger.end() + pronoun.end(), pronoun.group())]
    name = _NAME_RE.match(sentence, trigger.end())
    if name and not re.search(r"\bthe\s+$", trigger.group(), re.IGNORECASE):
        return [_Group(Quantity(1), name.start(), name.end(), name.group())]
    det = re.match(r"(?:his|her|its|their)\s+", sentence[trigger.end() :], re.IGNORECASE)
    if not det and not re.search(r"\bthe\s+$", trigger.group(), re.IGNORECASE):
        return []
    start = trigger.end() + (det.end() if det else 0)
    noun, np_end = _noun_phrase_at(sentence, start)
    if _is_singular_person(noun):
        return [_Group(Quantity(1), start, np_end, noun)]
    return []


def _active(sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int]) -> list[Casualty]:
    """Figures after their trigger: "killing four members", "kidnapped 20 villagers"."""
    found: list[Casualty] = []
    for m in _ACTIVE_RE.finditer(sentence):
        groups = _group_list_at(sentence, m.end(), quantities) or _singular_object(sentence, m)
        if groups and not any(g.start in used for g in groups):
            found.append(_casualty(_kind(m), groups))
            used.update(g.start for g in groups)
    return found


def _hostages(sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int]) -> list[Casualty]:
    """Hostage taking: "took 5 hostages", "seized two workers as hostages"."""
    found: list[Casualty] = []
    for m in _HOSTAGE_RE.finditer(sentence):
        groups = _group_list_at(sentence, m.end(), quantities)
        if not groups or any(g.start in used for g in groups):
            continue
        if _head(groups[-1].noun) in ("hostage", "hostages", "captive", "captives") or _HOSTAGE_TAIL.match(
            sentence, groups[-1].end
        ):
            found.append(_casualty("kidnapped", groups))
            used.update(g.start for g in groups)
    return found


def _tolls(sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int]) -> list[Casualty]:
    """Running tolls: "the death toll rose to 17", "bringing the toll to five"."""
    found: list[Casualty] = []
    for m in _TOLL_RE.finditer(sentence):
        window = re.match(r"[^.;]{0,160}", sentence[m.end() :])
        limit = m.end() + (window.end() if window else 0)
        for verb in _TOLL_VERB.finditer(sentence, m.end(), limit):
            groups = _group_list_at(sentence, verb.end(), quantities)
            if groups and groups[0].start not in used:
                found.append(_casualty(_kind(m), groups))
                used.update(g.start for g in groups)
                break
    return found


def _singular(sentence: str, triggers: set[int], used: set[int]) -> list[Casualty]:
    """A single victim with no number: "the bomber was killed", "the driver was injured"."""
    found: list[Casualty] = []
    for m in _POST_RE.finditer(sentence):
        object_at = m.end() + len(sentence[m.end() :]) - len(sentence[m.end() :].lstrip())
        if m.start() in triggers or object_at in used or not _SINGULAR_AUX.match(m.group("aux")):
            continue
        before = sentence[: m.start()]
        subject = re.search(r"([A-Za-z][\w'’\-]*)(?:,[^,]{1,80},|\s*\([^()]{1,80}\))?\s*$", before)
        if not subject or subject.group(1).lower() in ("it", "that", "which", "this", "there", "what"):
            continue
        if re.search(r"\b(?:no\s+one|nobody|none)\s*$", before, re.IGNORECASE):
            continue
        found.append(Casualty(_kind(m), 1, None, None, subject.start(1), subject.end(1), subject.group(1)))
    return found


def _zeros(sentence: str) -> list[Casualty]:
    """Statements of no casualties: "no one was hurt", "without casualties"."""
    found: list[Casualty] = []
    for m in _ZERO_RE.finditer(sentence):
        word = (m.group("v") or m.group("n")).lower()
        if word.startswith(("killed or", "hurt", "harmed", "casualt", "victim")):
            kinds = ["killed", "wounded"]
        elif word.startswith(("killed", "death", "fatal", "loss", "died")):
            kinds = ["killed"]
        else:
            kinds = ["wounded"]
        if m.group("other"):
            kinds = [k for k in kinds if k != "killed"]
        found.extend(
            Casualty(k, 0, None, None, m.start(), m.end() - len(m.group("other") or ""), None, "none")
            for k in kinds
        )
    return found


def _extras(sentence: str) -> list[Casualty]:
    """Figures told aside: "in addition to the two bombers", "blew himself up", "cut his throat"."""
    found: list[Casualty] = []
    for m in _IN_ADDITION_RE.finditer(sentence):
        n = m.group("n").strip()
        quantity = parse_quantity(n) if n else None
        plural = m.group("who").lower().endswith(("s", "men"))
        value = quantity.value if quantity else (None if plural else 1)
        if value and (re.search(r"killed|dead|death|died", sentence, re.IGNORECASE)):
            found.append(
                Casualty(
                    "killed",
                    value,
                    None,
                    None,
                    m.start("n") if n else m.start("who"),
                    m.end("who"),
                    m.group("who"),
                )
            )
    for m in _SELF_RE.finditer(sentence):
        found.append(Casualty("killed", 1, None, None, m.start(), m.end(), "himself"))
    for m in _THROAT_RE.finditer(sentence):
        found.append(Casualty("killed", 1, None, None, m.start(), m.end(), m.group(1)))
    return found


def find_casualties(sentence: str) -> list[Casualty]:
    """Every killed, wounded and kidnapped figure a sentence states, in text order."""
    quantities = {s: (e, q) for s, e, q in _iter_quantities(sentence)}
    used: set[int] = set()
    triggers: set[int] = set()
    extras = _extras(sentence)
    for m in _IN_ADDITION_RE.finditer(sentence):
        used.update(range(m.start(), m.end()))
    found = _tolls(sentence, quantities, used)
    found += _hostages(sentence, quantities, used)
    found += _active(sentence, quantities, used)
    found += _passive(sentence, quantities, used, triggers)
    found += _zeros(sentence)
    triggers.update(c.end for c in found)
    found += _singular(sentence, triggers, used)
    found += extras
    return sorted((_with_named_one(sentence, c) for c in found), key=lambda c: (c.start, c.kind))


_NAMED_AND = re.compile(r"\b(?:[A-Z][\w'-]*[^\Ws]|him|her)\s+and\s+$")  # a name, not "Soldiers and"


def _with_named_one(sentence: str, figure: Casualty) -> Casualty:
    """ "Nel and six other people died": the named person counts too (7)."""
    if not (figure.who and figure.who.lower().startswith("other") and figure.value):
        return figure
    named = _NAMED_AND.search(sentence, 0, figure.start)
    if named is None:
        return figure
    bump = {name: getattr(figure, name) + 1 for name in ("value", "low", "high") if getattr(figure, name) is not None}
    return replace(figure, start=named.start(), who=sentence[named.start() : figure.end], **bump)


def parse_quantity(text: str) -> Quantity | None:
    """The quantity a number phrase states ("at least 10", "two soldiers and a civilian"), or None."""
    quantities = {s: (e, q) for s, e, q in _iter_quantities(text)}
    if re.match(r"\s*(?:no\s+one|nobody|none|no)\b", text, re.IGNORECASE):
        return Quantity(0, None, None, "none")
    if not quantities:
        groups = _group_list_at(text, 0, quantities)
        return combine([g.quantity for g in groups]) if groups else None
    first = min(quantities)
    end, quantity = quantities[first]
    if _is_money(text[first:end]):
        return quantity
    groups = _group_list_at(text, first, quantities)
    if not groups and re.match(r"\s*(?:a|an)\s", text, re.IGNORECASE):
        groups = _group_list_at(text, 0, quantities)
    return combine([g.quantity for g in groups]) if groups else quantity
