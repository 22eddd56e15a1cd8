"""Whether an act was aimed at one named or titled person, the mark of an assassination."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .parse import token_at
from .triggers import Trigger, TriggerBook

_AIMED_AT = re.compile(r"\W*(\w+\W+){0,5}?(on|at|targeting|against|of|to)\s+(the\s+)?(\w+\s+){0,2}", re.IGNORECASE)
_DIRECT_OBJECT = re.compile(r"\s+(the\s+|an?\s+)?((army|police|local|senior|retired|former|prominent)\s+)?", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"'?s?\s*(area|village|district|neighbou?rhood|town|city|oil ?field|field|station|camp|base|"
                          r"road|street|market|subdistrict|bridge|checkpoint|hospital|mosque|school)\b", re.IGNORECASE)
_TITLE_REACH = 70
_QUOTE_END = re.compile(r"[\"“”;]|,\s*['‘’]")
_AT_PERSON_ACTS = {"killed", "shot", "gunned", "stabbed", "targeted", "opened", "fired", "assassinated", "slain"}
_PLANTED = {"attached", "planted", "placed", "fixed", "stuck", "hidden"}
_PERSONAL_TARGETS = {"house", "home", "residence", "car", "vehicle", "convoy", "office", "farm", "shop"}


def singles_out(sent: SpacySpan, ents: list[SpacySpan], triggers: list[Trigger], rules: TriggerBook) -> bool:
    """The act was aimed at one named or titled person ("opened fire on Colonel X", "shot and killed Major Y",
    "raided Sheikh Z's house", "X, a tribal leader, was shot dead")."""
    acts = [t for t in triggers if t.kind == "act"]
    tokens = {token for t in acts if (token := token_at(sent, sent.start_char + t.start)) is not None}
    tokens.add(sent.root)
    people = [ent.root for ent in ents
              if ent.label_ == "PERSON" and not _PLACE_AFTER.match(sent.text, ent.end_char - sent.start_char)]
    # "Sheikh Omar Khalaf" when the tagger missed the name: a title compounded onto a proper noun
    people += [token for _, end in titled_names(sent, rules) if (token := token_at(sent, end - 1)) is not None]
    # "Mulla Nadhim, a senior Sahwa leader, was shot dead": a name described by a title
    people += [t for t in sent if t.pos_ == "PROPN" and any(
        child.dep_ == "appos" and rules.assassination_targets.search(child.text) for child in t.children)]
    if any(_person_hit(person, tokens) for person in people):
        return True
    return any(_titled_target(sent.text[t.end :], rules) for t in acts)


def _titled_target(after: str, rules: TriggerBook) -> bool:
    """The words after an act name one titled person as its object ("on Colonel X", "killed army Major Y")."""
    title: re.Match[str] | None
    # "opened fire on the market," a police colonel told reporters: the quote ends the act's object
    after = _QUOTE_END.split(after, 1)[0]
    aimed = _AIMED_AT.match(after)
    title = rules.assassination_targets.search(after) if aimed else None
    if title is None and (direct := _DIRECT_OBJECT.match(after)):
        title = rules.assassination_targets.match(after, direct.end())
    if title is None or title.group(0).lower().endswith("s") or title.start() > _TITLE_REACH:
        return False
    if _PLACE_AFTER.match(after, title.end()):
        return False  # "the al-Imam station" names a place
    counted = re.search(r"\b(two|three|four|five|several|\d+)\s+(\w+\s+)?" + re.escape(title.group(0)), after,
                        re.IGNORECASE)
    another = re.search(r"\band\s+(\w+\s+){0,2}?" + rules.assassination_targets.pattern, after[title.end():],
                        re.IGNORECASE)
    return not counted and not another


def titled_names(sent: SpacySpan, rules: TriggerBook) -> list[tuple[int, int]]:
    """Spans of names led by a title ("Sheikh Omar Khalaf"), which are people even where a part is a place name."""
    return [(t.idx, t.head.idx + len(t.head.text)) for t in sent
            if t.dep_ == "compound" and t.head.pos_ == "PROPN" and t.i < t.head.i
            and rules.assassination_targets.fullmatch(t.text)]


def _person_hit(person: Token, acts: set[Token]) -> bool:
    """The person is the one the act hit: its object, the object of "on"/"at", the owner of the house or car it
    hit, or the subject of a passive act; never one of several ("on X and his family")."""
    if person.dep_ == "conj" or any(child.dep_ == "conj" for child in person.children):
        return False
    token = person
    if token.dep_ == "poss" and token.head.lower_ in _PERSONAL_TARGETS:
        token = token.head  # "raided Sheikh Latif's house"
        if token.dep_ == "pobj" and token.head.head.lower_ in _PLANTED:
            return True  # "a bomb attached to Colonel Zarzour's car"
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in _PERSONAL_TARGETS:
        token = token.head.head  # "attacked the home of General Ali"
    else:
        # a name as the bare object of "raided" or "attacked" is as often a village the parser took for a person
        acts = {act for act in acts if act.lower_ in _AT_PERSON_ACTS}
    if token.dep_ == "pobj" and token.head.lower_ in {"on", "at", "against", "targeting"}:
        token = token.head
    if token.dep_ in {"appos", "compound"}:
        token = token.head
    governing = acts | {act.head for act in acts if act.dep_ == "conj"}
    if token.dep_ in {"dobj", "prep", "nsubjpass"} and token.head in governing:
        return True
    return token.dep_ == "nsubjpass" and any(child in governing for child in token.head.children)
