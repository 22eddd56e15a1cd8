"""Read counted groups: a number and the people it counts ("two soldiers and a civilian"), and the
quantity a whole number phrase states (:func:`parse_quantity`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .quantities import UNIT_WORDS, Quantity, combine, is_money, iter_quantities

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
class Group:
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


def noun_phrase_at(text: str, pos: int) -> tuple[str, int]:
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


def head_word(noun: str) -> str:
    """The head word of a noun phrase: its last person noun, else its last word before "of"."""
    main = [w.lower().strip("\"'“”") for w in re.split(r"\s+of\b", noun)[0].split()]
    people = [w for w in main if w in _PEOPLE]
    return people[-1] if people else (main[-1] if main else "")


def is_singular_person(noun: str) -> bool:
    """True when a noun phrase's head is one person ("police officer", "bomber")."""
    head = head_word(noun)
    return head in _PEOPLE and not head.endswith(("s", "men")) and head not in _PLURALS


def group_at(text: str, pos: int, quantities: dict[int, tuple[int, Quantity]]) -> Group | None:
    """One counted group starting at ``pos``: a number phrase or "a"/"an" + a person noun."""
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    if pos in quantities:
        end, quantity = quantities[pos]
        if is_money(text[pos:end]):
            return None
        of = re.match(r"\s+of\b", text[end:]) if quantity.hedge == "vague" else None
        noun, np_end = noun_phrase_at(text, end + (of.end() if of else 0))
        if head_word(noun) in _EVENT_NOUNS:
            return None
        return Group(quantity, pos, np_end if noun else end, noun)
    m = re.match(r"(?:him|her)self\b", text[pos:], re.IGNORECASE)
    if m:
        return Group(Quantity(1), pos, pos + m.end(), m.group())
    m = _ARTICLE.match(text, pos)
    if m:
        noun, np_end = noun_phrase_at(text, m.end())
        if is_singular_person(noun):
            return Group(Quantity(1), pos, np_end, noun)
    return None


def group_list_at(text: str, pos: int, quantities: dict[int, tuple[int, Quantity]]) -> list[Group]:
    """A list of counted groups starting at ``pos`` ("3 civilians, 2 soldiers and a child")."""
    first = group_at(text, pos, quantities)
    if first is None:
        return []
    groups = [first]
    while True:
        sep = _LIST_SEP.match(text, groups[-1].end)
        if not sep:
            break
        if len(groups) == 1 and "," in sep.group() and head_word(first.noun) in _GENERIC:
            break
        if re.match(r"both\b", text[sep.end() :], re.IGNORECASE):
            break
        nxt = group_at(text, sep.end(), quantities)
        if nxt is None or nxt.noun.startswith("of ") or groups[-1].noun.startswith("of "):
            break
        groups.append(nxt)
    return groups



def parse_quantity(text: str) -> Quantity | None:
    """The quantity a number phrase states ("at least 10", "two soldiers and a civilian"), or None."""
    quantities = {s: (e, q) for s, e, q in iter_quantities(text)}
    if re.match(r"\s*(?:no\s+one|nobody|none|no\b(?!\s+(?:fewer|less|more)\s+than))\b", text, re.IGNORECASE):
        return Quantity(0, None, None, "none")
    if not quantities:
        groups = group_list_at(text, 0, quantities)
        return combine([g.quantity for g in groups]) if groups else None
    first = min(quantities)
    end, quantity = quantities[first]
    if is_money(text[first:end]):
        return quantity
    groups = group_list_at(text, first, quantities)
    if not groups and re.match(r"\s*(?:a|an)\s", text, re.IGNORECASE):
        groups = group_list_at(text, 0, quantities)
    return combine([g.quantity for g in groups]) if groups else quantity
