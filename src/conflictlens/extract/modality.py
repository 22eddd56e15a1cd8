"""Whether a trigger word states an act that happened: not negated, denied, threatened, feared, planned or foiled."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .parse import span_root, token_at
from .triggers import Trigger, TriggerBook

_MODALS = {"will", "would", "could", "may", "might", "shall"}
# "denied reports that militants had attacked the town": the act under a denial did not happen ...
_DENIALS = {"deny", "denied", "denies", "denying", "refuted", "dismissed", "rejected"}
# ... unless what is denied is a part in it ("denied any involvement in the bombing")
_PART_IN = {"involvement", "responsibility", "role", "part", "link", "links", "hand", "connection", "participation"}
# "threatened to attack", "feared new raids", "a plan to bomb": the act is intended or feared, not done
_UNREAL_HEADS = {"threaten", "threatened", "threatens", "threatening", "threat", "threats", "vow", "vowed", "vows",
                 "plan", "plans", "planned", "planning", "plot", "plots", "plotted", "intend", "intended", "intends",
                 "fear", "fears", "feared", "fearing", "prepare", "prepared", "preparing", "warning", "warnings"}
# "a possible suicide attack", "future raids": a noun for an act that has not happened
_UNREAL_MODIFIERS = {"possible", "potential", "planned", "imminent", "feared", "future", "expected", "threatened",
                     "impending"}
_CLIMB = 5


def is_non_event(sent: SpacySpan, trigger: Trigger, rules: TriggerBook) -> bool:
    """The trigger is negated, denied, hypothetical, intended, feared or future, or the act was foiled."""
    text = sent.text
    if rules.foiled.search(text):
        return True
    token = token_at(sent, sent.start_char + trigger.start)
    if token is None:
        return False
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.lower_ in _MODALS:
            return True
        if child.dep_ in {"nsubj", "nsubjpass"} and any(g.dep_ == "det" and g.lower_ == "no" for g in child.children):
            return True  # "no rockets were fired at the airport"
    head = span_root(sent, trigger.start, trigger.end)
    if head is not None and _unreal_by_parse(head):
        return True
    window = text[max(0, trigger.start - 80) : trigger.start]
    return bool(re.search(r"\b(no|never|without)\s+(\w+\s+)?$", window, re.IGNORECASE)) or bool(
        rules.hypothetical.search(window) and not re.search(r"\bsaid\b", window, re.IGNORECASE)
    )


def _unreal_by_parse(token: Token) -> bool:
    """A modifier or a governing word up the parse says the act is denied, intended or feared."""
    if token.pos_ in {"NOUN", "PROPN"} and any(
        child.dep_ == "amod" and child.lower_ in _UNREAL_MODIFIERS for child in token.children
    ):
        return True
    through_part = False
    for _ in range(_CLIMB):
        head = token.head
        if head is token:
            break
        if head.lower_ in _PART_IN:
            through_part = True
        if head.lower_ in _DENIALS and not through_part:
            return True
        if head.lower_ in _UNREAL_HEADS:
            return True
        if token.dep_ in {"conj", "relcl"} and head.pos_ in {"VERB", "AUX"}:
            break  # "... attacked X and killed Y": a coordinated act of its own
        token = head
    return False
