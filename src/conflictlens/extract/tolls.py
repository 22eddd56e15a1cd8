"""One event's casualty figures combined: several tellings of a toll, attackers and others added, and an armed
group's own toll kept apart."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan

from .actors import ARMED_GROUP_TYPES, ActorBook
from .numbers import Casualty
from .parse import span_root

_ATTACKER_WORDS = re.compile(r"\b(assailants?|attackers?|bombers?|militants?|gunmen|insurgents?|jihadists?|"
                             r"terrorists?|fighters? of|perpetrators?)\b", re.IGNORECASE)
_PROPAGANDA = re.compile(r"\bAmaq\b|\bpropaganda\b|\b(the|its) (group|jihadists|militants|insurgents)('s)? "
                         r"(said|say|says|claimed|statement)\b", re.IGNORECASE)
_GROUP_TELLS = {"said", "says", "claimed", "claims", "put", "announced", "stated", "boasted"}


def add_figures(store: dict[str, list[Casualty]], found: dict[str, list[Casualty]]) -> None:
    """Add a sentence's figures to an event's, by kind; a figure already there is not counted twice."""
    for kind, figures in found.items():
        existing = store.setdefault(kind, [])
        for figure in figures:
            repeats = any(f.value == figure.value and not _is_attackers(figure) for f in existing)
            if not repeats:
                existing.append(figure)


def group_speaks(sent: SpacySpan, actors: ActorBook, country: str | None) -> bool:
    """The sentence gives an armed group's own account ("Amaq said ...", "ISIL put the death toll at over 45"),
    whose figures count only where no one else gives one."""
    if _PROPAGANDA.search(sent.text):
        return True
    for match in actors.find(sent.text, country):
        if match.generic or match.actor_type not in ARMED_GROUP_TYPES:
            continue
        token = span_root(sent, match.start, match.end)
        if token is not None and token.dep_ == "nsubj" and token.head.lower_ in _GROUP_TELLS:
            return True
    return False


def _is_attackers(figure: Casualty) -> bool:
    return bool(figure.who and _ATTACKER_WORDS.search(figure.who))


def total(figures: list[Casualty]) -> tuple[int | None, int | None, int | None]:
    """Best, low and high of one kind. Tellings of the victims' toll do not add up (the largest is kept), but
    attackers and "others also killed" add to it: "killed 23 people ... the army killed two of the attackers"
    is 25, "killing an ISIS leader ... two other armed men were also killed" is 3."""
    if not figures:
        return None, None, None
    extra = [f for f in figures if _is_attackers(f) or (f.who or "").lower().startswith("other ")]
    victims = [f for f in figures if f not in extra]
    parts = extra + ([max(victims, key=lambda f: (f.value or 0, f.low or 0))] if victims else [])
    value = sum(f.value or f.low or 0 for f in parts)
    highs = [f.high for f in parts if f.high is not None]
    low = value if any(f.low is not None for f in parts) else None
    high = value - sum(f.value or 0 for f in parts if f.high) + sum(highs) if highs else None
    return value, low, high
