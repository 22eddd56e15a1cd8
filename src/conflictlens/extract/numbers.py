"""Read casualty figures (killed, wounded, kidnapped) from English sentences.

A :class:`Casualty` is one figure of one kind (``killed``, ``wounded``, ``kidnapped``) read
from a sentence; ``start``/``end`` are the offsets of the counted phrase (number and noun,
e.g. "five assailants", "two soldiers and a civilian"; end exclusive) and ``who`` the
counted nouns. When a sentence gives the same kind for different groups each is returned:
callers sum them per event. "No casualties" yields ``killed`` and ``wounded`` of 0. Number
phrases are read by ``quantities.py``, counted groups by ``groups.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .groups import Group, group_list_at, head_word, is_singular_person, noun_phrase_at, parse_quantity
from .quantities import NUMBER_WORDS, UNIT_WORDS, Quantity, combine, iter_quantities

__all__ = ["KINDS", "UNIT_WORDS", "Casualty", "Quantity", "find_casualties", "parse_quantity"]

KINDS = ("killed", "wounded", "kidnapped")


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


def _casualty(kind: str, groups: list[Group]) -> Casualty:
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
            rf"all\b|another\b|him|them\b|(?:{NUMBER_WORDS})\b|dozens|several|scores)",
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
        groups = group_list_at(sentence, pos, quantities)
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


def _singular_object(sentence: str, trigger: re.Match[str]) -> list[Group]:
    """A single victim after an active verb: "killing the commander", "its driver", "killed Ali Hasan,"."""
    pronoun = re.match(r"(?:him|her)\b", sentence[trigger.end() :])
    if pronoun:
        return [Group(Quantity(1), trigger.end(), trigger.end() + pronoun.end(), pronoun.group())]
    name = _NAME_RE.match(sentence, trigger.end())
    if name and not re.search(r"\bthe\s+$", trigger.group(), re.IGNORECASE):
        return [Group(Quantity(1), name.start(), name.end(), name.group())]
    det = re.match(r"(?:his|her|its|their)\s+", sentence[trigger.end() :], re.IGNORECASE)
    if not det and not re.search(r"\bthe\s+$", trigger.group(), re.IGNORECASE):
        return []
    start = trigger.end() + (det.end() if det else 0)
    noun, np_end = noun_phrase_at(sentence, start)
    if is_singular_person(noun):
        return [Group(Quantity(1), start, np_end, noun)]
    return []


def _active(sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int]) -> list[Casualty]:
    """Figures after their trigger: "killing four members", "kidnapped 20 villagers"."""
    found: list[Casualty] = []
    for m in _ACTIVE_RE.finditer(sentence):
        groups = group_list_at(sentence, m.end(), quantities) or _singular_object(sentence, m)
        if groups and not any(g.start in used for g in groups):
            found.append(_casualty(_kind(m), groups))
            used.update(g.start for g in groups)
    return found


def _hostages(sentence: str, quantities: dict[int, tuple[int, Quantity]], used: set[int]) -> list[Casualty]:
    """Hostage taking: "took 5 hostages", "seized two workers as hostages"."""
    found: list[Casualty] = []
    for m in _HOSTAGE_RE.finditer(sentence):
        groups = group_list_at(sentence, m.end(), quantities)
        if not groups or any(g.start in used for g in groups):
            continue
        if head_word(groups[-1].noun) in ("hostage", "hostages", "captive", "captives") or _HOSTAGE_TAIL.match(
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
            groups = group_list_at(sentence, verb.end(), quantities)
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
    quantities = {s: (e, q) for s, e, q in iter_quantities(sentence)}
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

