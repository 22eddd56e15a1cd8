"""Event mentions from a parsed document: type, date, place, actors and casualties, each tied to its text.

One pass over the sentences. A sentence with an act trigger (data/triggers.yaml) that is not negated,
hypothetical, foiled or an aggregate claim yields one mention per distinct place it names; a sentence
with no trigger of its own that adds casualties or a claim of responsibility completes the mention
before it; the same event told twice (a caption and a paragraph, a lede and a detail) merges into one
mention whose evidence lists both sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..geo.context import GeoContext, doc_context
from ..geo.gazetteer import admin1_english, distance_km
from ..geo.resolve import find_place_names, resolve
from ..model import DATE_PRECISIONS, Mention, Place, Span
from .actors import ARMED_GROUP_TYPES, ActorBook, ActorMatch
from .dates import WEEKDAYS, DateMention, find_dates, shifted_dates
from .numbers import Casualty, find_casualties
from .parse import span_root, token_at
from .persons import singles_out, titled_names
from .targets import TargetBook
from .tolls import add_figures, group_speaks, total
from .triggers import Trigger, TriggerBook

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "ACTOR", "CARDINAL", "ORDINAL", "DATE", "TIME", "QUANTITY", "MONEY", "PERCENT"}
_DATELINE = re.compile(r"^[A-Z][A-Za-z' .-]{1,40}(,[^\n—–:]{1,60})?\s*(\([^)]{1,40}\))?\s*[—–:-]\s"
                       r"([A-Z][A-Za-z' .-]{1,30}:\s)?")
_CLAIM_CUE = re.compile(r"\bclaim(ed|s|ing)? (responsibility|the attacks?|it)\b|\bresponsibility for\b|\bclaimed by\b|"
                        r"\b(it|they) (was|were) behind (the|this|that|these|a|an)\b", re.IGNORECASE)
_NO_CLAIM = re.compile(r"\bno (group|one|party|organi[sz]ation) (has |had )?(yet )?claimed\b", re.IGNORECASE)
_SUSPECT_CUE = re.compile(
    r"\b(suspect(ed|s)?|speculated|involved|believed|thought|blamed|accused|attribut(ed|es)|allegedly|presumably|likely|probably|"
    r"linked to|affiliated|loyal to|(zones?|areas?|territory|regions?) (under the control of|controlled by|held by)|"
    r"(under|within) (the )?control of|bore the hallmarks)\b",
    re.IGNORECASE,
)
_MODIFIER_DEPS = {"compound", "poss", "amod", "nmod"}
_SUFFERED = re.compile(r"died|killed|wounded|injured|hurt|kidnapped|abducted|executed|perished")
_PATIENT_PREPS = {"on", "at", "against", "targeting", "toward", "towards", "near", "into", "in"}
_AGENT_DEPS = {"nsubj", "agent", "csubj"}
_PATIENT_DEPS = {"dobj", "nsubjpass", "pobj", "obj", "attr", "dative"}
_STATE_TYPES = {"state", "coalition"}
_BLAST = re.compile(r"detonat\w*|exploded|went off|blasts?|explosions?", re.IGNORECASE)
_LEDE_SENTENCES = 1
_ANOTHER_ACT = re.compile(r"\b(later|another|separate|separately|second)\b", re.IGNORECASE)
_TARGETED = re.compile(r"\btarget(ed|ing|s)?\b", re.IGNORECASE)
_WEAK_TYPES = {"armed_assault", "armed_clash"}
_WEAPON_TYPES = {"bombing", "shelling", "air_strike"}
_SAME_PLACE_KM = 15.0
_OWN_COUNTRY = re.compile(r"\b(their|its|his|her|the) (own )?country'?s?\b", re.IGNORECASE)
_PLACE_NOUN = r"(\s+(city|town|village|area|district|subdistrict|sub-district|governorate|province|region|" \
    r"countryside|neighbou?rhood|camp|base|field|market))*"
_QUALIFIER_JOIN = re.compile(_PLACE_NOUN + r"\s*(,|\bin\b|\bof\b)?\s*(the\s+)?(city of\s+|province of\s+)?", re.IGNORECASE)
_DIRECTION_JOIN = re.compile(
    _PLACE_NOUN + r"[\s,]*((in\s+)?(the\s+)?((north|south)?-?(east|west)?(ern)?|north(ern)?|south(ern)?)\s+(of\s+|countryside of\s+)?|"
    r"near\s+|outside\s+|on the outskirts of\s+|in\s+the\s+(\w+\s+)?countryside of\s+)(the\s+)?",
    re.IGNORECASE,
)
_COARSENESS = {"admin1": 1, "country": 2}
# "Sadr an Nahr", "Tal al-Zaatar", "Tell as-Sukhnah": an Arabic article carries the name on ("as", "at" only
# with a hyphen, since "Jerusalem as Israel's capital" is English)
_NAME_ARTICLE = re.compile(r"(?:[ -](?:al|el|an|ibn|bin)[ -][A-Z][\w’]*|[ -](?:ad|as|ash|at|az|ar|ed|es|et)-[A-Z][\w’]*)+")
_TREATED_IN = re.compile(r"\b(hospitals?|morgues?|clinics?)\s+(in|at)\s+(the\s+)?$", re.IGNORECASE)
_BACKGROUND_DAYS = 60
_SEVERAL_ACTS = re.compile(r"\b(these|the|both|all|those|either|any of the)\s+(\w+\s+)?(attacks|incidents|strikes|raids|"
                           r"bombings|operations|assaults)\b|\bin (both|all|either) (cases|incidents)\b", re.IGNORECASE)
_SEVERAL_ACTS_WINDOW = 6
_REPORTING_VERBS = {"say", "said", "says", "tell", "told", "report", "reported", "announce", "announced", "state",
                    "stated", "confirm", "confirmed", "add", "added", "claim", "claimed"}
_REFERS_BACK = re.compile(r"\s*(that|this|the) (attack|assault|blast|bombing|explosion|strike|raid|ambush|shelling)\b",
                          re.IGNORECASE)


@dataclass
class _Draft:
    """A mention being built: fields, the sentences it rests on, and the spans of its fields."""

    event_type: str
    rank: int
    date: DateMention | None
    date_own: bool
    place: Place | None
    place_own: bool
    location: str | None
    perpetrator: str = "unknown"
    attribution: str = "unknown"
    perpetrator_generic: bool = True
    target: str | None = None
    target_type: str = "unknown"
    casualties: dict[str, list[Casualty]] = field(default_factory=dict)
    claimed: dict[str, list[Casualty]] = field(default_factory=dict)  # the armed group's own toll
    sentences: list[tuple[int, int]] = field(default_factory=list)
    spans: list[tuple[str, Span]] = field(default_factory=list)
    seen_types: set[str] = field(default_factory=set)
    targets_person: bool = False
    recalls: bool = False  # the act is named by its day, as already told ("Monday's fighting")  # "the assailant targeted Colonel X": the act was aimed at one person
    last_index: int = -1


@dataclass(frozen=True)
class EventRules:
    """The dictionaries the event extractor uses, loaded once and passed in."""

    triggers: TriggerBook
    actors: ActorBook
    targets: TargetBook


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _describes_a_noun(sent: SpacySpan, trigger: Trigger) -> bool:
    """ "freed kidnapped civilians", "the wounded soldiers": a participle describing people is no act."""
    token = token_at(sent, sent.start_char + trigger.start)
    return token is not None and token.dep_ == "amod" and token.tag_ in {"VBN", "VBD"}


def _main_trigger(triggers: list[Trigger]) -> Trigger | None:
    acts = [t for t in triggers if t.kind == "act"]
    if not acts:
        return None
    return max(triggers, key=lambda t: (t.rank, -t.start))


def _is_non_event(sent: SpacySpan, trigger: Trigger, rules: TriggerBook) -> bool:
    """The trigger is negated, hypothetical or future, or the act was foiled."""
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
        if child.dep_ == "aux" and child.lower_ in {"will", "would", "could", "may", "might", "shall"}:
            return True
    window = text[max(0, trigger.start - 80) : trigger.start]
    return bool(re.search(r"\b(no|never|without)\s+(\w+\s+)?$", window, re.IGNORECASE)) or bool(
        rules.hypothetical.search(window) and not re.search(r"\bsaid\b", window, re.IGNORECASE)
    )


def _is_aggregate(sent: SpacySpan, trigger: Trigger, dated: bool) -> bool:
    """A counted or undated plural act ("122 attacks this year", "attacks on bases") is no one event."""
    if re.search(r"\b\d[\d,]*\s+(\w+\s+){0,2}(attacks|operations|incidents|strikes|raids|bombings)\b", sent.text, re.IGNORECASE):
        return True
    token = token_at(sent, sent.start_char + trigger.start)
    plural_noun = token is not None and token.tag_ == "NNS" and trigger.kind == "act"
    return plural_noun and not dated


def _role(sent: SpacySpan, match: ActorMatch, triggers: TriggerBook) -> str:
    """`agent` when the actor does the act, `patient` when it is hit, else `other` (by the parse)."""
    token = span_root(sent, match.start, match.end)
    steps = 0
    while token is not None and steps < 6:
        head = token.head
        if token.dep_ in _MODIFIER_DEPS and triggers.find(head.text):
            return "agent"  # "an ISIS ambush", "Turkish shelling"
        # "Fourteen soldiers died", "two fighters were killed", "Two soldiers killed in blast"; but
        # "terrorists who stormed Palma killed 12 foreigners" did the killing
        transitive = any(child.dep_ == "dobj" for child in head.children)
        if _SUFFERED.fullmatch(head.lower_) and (token.dep_ == "nsubjpass" or (token.dep_ == "nsubj" and not transitive)):
            return "patient"
        if token.dep_ in _AGENT_DEPS:
            return "agent"
        if token.dep_ == "pobj" and head.lower_ == "by":
            return "agent"
        if token.dep_ == "pobj" and head.lower_ in _PATIENT_PREPS:
            return "patient"
        if token.dep_ in {"dobj", "nsubjpass", "obj"}:
            return "patient"
        if token.dep_ == "ROOT" or head is token:
            break
        token = head
        steps += 1
    return "other"


def _actors(sent: SpacySpan, rules: EventRules, country: str | None) -> tuple[list[ActorMatch], list[ActorMatch]]:
    """Split the sentence's actor mentions into doers and the hit."""
    agents: list[ActorMatch] = []
    patients: list[ActorMatch] = []
    for match in rules.actors.find(sent.text, country):
        if match.actor_type == "civilians":
            patients.append(match)
            continue
        (patients if _role(sent, match, rules.triggers) == "patient" else agents).append(match)
    return agents, patients


def _attribution(sentence: str, match: ActorMatch | None) -> str:
    if match is None or match.generic:
        return "unknown"
    if _CLAIM_CUE.search(sentence) and not _NO_CLAIM.search(sentence):
        return "claimed"
    if match.inferred or _SUSPECT_CUE.search(sentence):
        return "suspected"
    return "stated"


def _choose_perpetrator(agents: list[ActorMatch]) -> ActorMatch | None:
    named = [a for a in agents if not a.generic]
    return (named or agents)[0] if agents else None


def _event_type(trigger: Trigger, triggers: list[Trigger], perpetrator: ActorMatch | None) -> str:
    """Type from the strongest trigger, with a raid by an armed group read as an assault and the blast of a
    shell or a drone's munition ("mortars that landed and detonated") read as the shelling or strike."""
    bomb_named = any(t.event_type == "bombing" and t.kind == "weapon" for t in triggers)
    fired = [t for t in triggers if t.event_type in {"shelling", "air_strike"}]
    if trigger.event_type == "bombing" and _BLAST.fullmatch(trigger.text) and fired and not bomb_named:
        return max(fired, key=lambda t: t.rank).event_type
    if trigger.event_type != "security_operation":
        return trigger.event_type
    if perpetrator is not None and perpetrator.actor_type not in _STATE_TYPES | {"rebel"} and not re.match(
        r"(arrest|detain|apprehend|captur)", trigger.text, re.IGNORECASE
    ):
        return "armed_assault"
    if perpetrator is None and any(t.event_type == "armed_assault" and t.kind == "weapon" for t in triggers):
        return "armed_assault"
    return trigger.event_type


def _recalls(sent: SpacySpan, trigger: Trigger) -> bool:
    """The act word is owned by a day ("joining Monday's fighting", "Sunday's bombing"): an act told before."""
    token = token_at(sent, sent.start_char + trigger.start)
    return token is not None and any(child.dep_ == "poss" and child.lower_ in WEEKDAYS for child in token.children)


def _places(
    sent: SpacySpan, ents: list[SpacySpan], text: str, ctx: GeoContext, prior: Sequence[Place], actor_spans: list[tuple[int, int]],
    speakers: Sequence[ActorMatch], dateline_end: int,
) -> list[tuple[Place, int, int]]:
    """The distinct places a sentence names as where something happened, finest first kept."""
    spans = {(e.start_char, e.end_char) for e in ents if e.label_ in PLACE_LABELS}
    not_places = [(e.start_char, e.end_char) for e in ents if e.label_ in NOT_PLACE_LABELS] + actor_spans
    not_places += [(sent.start_char + m.start, sent.start_char + m.end) for m in speakers]
    spans |= {(sent.start_char + s, sent.start_char + e) for s, e in find_place_names(sent.text)}
    named = ctx.country_codes()
    found: list[tuple[Place, int, int]] = []
    for start, end in sorted(spans):
        if any(s <= start < e or start <= s < end for s, e in not_places):
            continue
        if _TREATED_IN.search(text, max(0, start - 40), start):
            # "two wounded soldiers died in hospital in Tikrit": where the wounded were taken, not the attack
            continue
        if end <= dateline_end:
            # "ERBIL, Kurdistan Region —" says where the report was filed, not where anything happened
            continue
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans):
            continue
        place, end = _resolve_whole_name(start, end, text, ctx, prior)
        if place is not None and (not named or place.country in named):
            found.append((place, start, end))
    found = _without_qualifiers(found, text)
    fine = [p for p in found if p[0].precision < 3]
    if fine:
        found = fine
    elif found:
        # "Tharthar, Al Anbar, Iraq": wide areas qualify one another; the narrowest is where it happened
        found = [min(found, key=lambda p: _COARSENESS.get(p[0].kind, 0))]
    distinct: list[tuple[Place, int, int]] = []
    for place, start, end in found:
        if any(_same_place(place, other) for other, _, _ in distinct):
            continue
        distinct.append((place, start, end))
    return distinct


def _resolve_whole_name(
    start: int, end: int, text: str, ctx: GeoContext, prior: Sequence[Place]
) -> tuple[Place | None, int]:
    """Resolve a place name together with the words that carry it on, and say where the name ends: "Sadr an
    Nahr" is not Sadr City, so a name that goes on with an article is resolved whole or not at all; "Qara
    Tepe" is tried whole before "Qara"."""
    article = _NAME_ARTICLE.match(text, end)
    if article:
        return resolve(text[start : article.end()], start, article.end(), text, ctx, prior), article.end()
    return resolve(text[start:end], start, end, text, ctx, prior), end


def _without_qualifiers(found: list[tuple[Place, int, int]], text: str) -> list[tuple[Place, int, int]]:
    """Drop names that only say where the previous place lies ("Dibis, Kirkuk, Iraq"; "Hit in Anbar")."""
    kept: list[tuple[Place, int, int]] = []
    for place, start, end in found:
        if kept:
            previous, _, previous_end = kept[-1]
            between = text[previous_end:start]
            inside = place.country == previous.country and place.admin1_code in {None, previous.admin1_code}
            if (_QUALIFIER_JOIN.fullmatch(between) and inside) or _DIRECTION_JOIN.fullmatch(between):
                continue
        kept.append((place, start, end))
    return kept


def _own_country(place: Place, phrase: str, perp: ActorMatch | None, rules: EventRules) -> Place:
    """ "Iraqi soldiers storm a hideout in their country's north": the country is the soldiers' own."""
    if perp is None or perp.generic or place.admin1_code or not _OWN_COUNTRY.search(phrase):
        return place
    try:
        countries = rules.actors.actor(perp.name).country
    except KeyError:
        return place
    if len(countries) != 1 or countries[0] == place.country:
        return place
    return replace(place, country=countries[0], admin1=None, admin1_code=None, admin2=None, lat=None, lon=None,
                   trace=f"{place.trace}; country of {perp.name}")


def _within(wide: Place | None, narrow: Place | None) -> bool:
    """A province or region (precision 3) that holds a finer place."""
    if wide is None or narrow is None or wide.precision < 3 or narrow.precision == 3:
        return False
    return wide.country == narrow.country and wide.admin1_code in {None, narrow.admin1_code}


def _same_place(a: Place | None, b: Place | None) -> bool:
    """Within a few km, or, for a province or region (whose point is only its centre), the same area by name."""
    if a is None or b is None:
        return False
    if a.precision < 3 and b.precision < 3 and a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= _SAME_PLACE_KM
    return (a.name, a.admin1_code) == (b.name, b.admin1_code)


def _target(sent: SpacySpan, rules: EventRules, patients: list[ActorMatch], skip: list[tuple[int, int]]) -> tuple[
    str | None, str, tuple[int, int] | None
]:
    named = [p for p in patients if not p.generic]
    if named:
        return named[0].name, named[0].target_type, (named[0].start, named[0].end)
    for match in rules.targets.find(sent.text):
        if any(s <= match.start < e for s, e in skip):
            continue
        return match.target, match.target_type, (match.start, match.end)
    if patients:
        return None, patients[0].target_type, (patients[0].start, patients[0].end)
    return None, "unknown", None


def _date_of(sent: SpacySpan, dates: list[DateMention], triggers: list[Trigger]) -> DateMention | None:
    """The date of the act: the first day an act word governs ("fighters killed on Sunday", not the day
    "funerals were held on Tuesday" for them; not "the worst attacks since October"), else the first date named."""
    acts = {token for t in triggers if t.kind == "act" and (token := token_at(sent, sent.start_char + t.start))}
    for date in (d for d in dates if d.precision in {"day", "range"}):
        root = span_root(sent, date.span_start, date.span_end)
        if root is not None and (root.head.head if root.dep_ == "pobj" else root.head) in acts:
            return date
    return dates[0] if dates else None


def _dates_equal(a: DateMention | None, b: DateMention | None) -> bool:
    return a is None or b is None or (a.start, a.end) == (b.start, b.end)


def _narrows(day: DateMention | None, span: DateMention | None) -> bool:
    """`day` is one day inside the range `span` ("on Monday" within "this week")."""
    return (day is not None and span is not None and day.precision == "day" and span.precision == "range"
            and span.start <= day.start <= span.end)


def _overlaps(a: DateMention, b: DateMention) -> bool:
    return a.start <= b.end and b.start <= a.end


def _merge_into(old: _Draft, new: _Draft, detail: bool = False) -> None:
    """Fold a second telling of the same event into the first (a `detail` never retypes a specific act)."""
    # "A mortar shell struck a clinic. Two people were killed in the explosion": still shelling
    # "Four guards were abducted in the assault": people taken make an assault a hostage-taking (GTD's order too)
    taken = new.event_type == "abduction" and any(f.value for f in new.casualties.get("kidnapped", []))
    # "... and a civilian was killed by SDF shelling" after an assault on the SDF: the side hit firing back
    hit_back = not new.perpetrator_generic and new.perpetrator == old.target
    retype = old.event_type in _WEAK_TYPES and (new.event_type in _WEAPON_TYPES or taken) and not hit_back \
        if detail else True
    if retype and new.rank > old.rank and not {old.event_type, new.event_type} <= _WEAK_TYPES:
        # "... attacked a checkpoint. Three soldiers were killed in the ensuing clash": still an assault
        old.event_type, old.rank = new.event_type, new.rank
    if detail and new.targets_person and old.event_type in {"armed_assault", "bombing"}:
        old.event_type = "assassination"  # "A bomber detonated in Tikrit. He targeted Colonel X, who was killed"
    finer = new.place is not None and old.place is not None and new.place.precision < old.place.precision
    if old.place is None or (new.place_own and (not old.place_own or finer)):
        old.place, old.place_own, old.location = new.place, new.place_own, new.location
    if new.date_own and (not old.date_own or old.date is None or _narrows(new.date, old.date)):
        old.date, old.date_own = new.date, True
    # in a detail, the side that "repelled the assault" is not the attacker; "sources attributed it to X" is
    blames = new.attribution in {"claimed", "suspected"}
    if detail:
        take = blames and (old.perpetrator_generic or old.attribution == "stated")
    else:
        take = old.perpetrator_generic
    if take and not new.perpetrator_generic:
        old.perpetrator, old.attribution, old.perpetrator_generic = new.perpetrator, new.attribution, False
    if old.target_type == "unknown":
        old.target, old.target_type = new.target, new.target_type
    add_figures(old.casualties, new.casualties)
    add_figures(old.claimed, new.claimed)
    old.seen_types |= new.seen_types
    old.last_index = max(old.last_index, new.last_index)
    old.sentences.extend(s for s in new.sentences if s not in old.sentences)
    old.spans.extend(new.spans)


def _casualties(sentence: str) -> dict[str, list[Casualty]]:
    found: dict[str, list[Casualty]] = {}
    for figure in find_casualties(sentence):
        found.setdefault(figure.kind, []).append(figure)
    return found


def _share(casualties: dict[str, list[Casualty]], first: bool) -> dict[str, list[Casualty]]:
    """Figures of a sentence that names several places go to the first; "no casualties" goes to all."""
    return {k: list(v) for k, v in casualties.items() if first or all(f.value == 0 for f in v)}


def _to_mention(draft: _Draft, text: str, published: dt.date | None) -> Mention:
    date = draft.date
    if date is not None:
        start, end, precision = date.start, date.end, date.precision
    elif published is not None:
        start, end, precision = published, published, "day"
    else:
        start = end = precision = None  # type: ignore[assignment]
    killed, wounded, kidnapped = (total(draft.casualties.get(kind) or draft.claimed.get(kind, []))
                                  for kind in ("killed", "wounded", "kidnapped"))
    event_type = draft.event_type
    if event_type == "armed_assault" and "attack_on_property" in draft.seen_types and not (killed[0] or wounded[0]):
        # "gunmen attacked the oil well ... set it on fire ... no casualties": the property was the target
        event_type = "attack_on_property"
    return Mention(
        event_type=event_type,
        date_start=start,
        date_end=end,
        date_precision=precision,
        perpetrator=draft.perpetrator,
        perpetrator_attribution=draft.attribution if draft.perpetrator != "unknown" else "unknown",
        target=draft.target,
        target_type=draft.target_type,
        location=draft.location,
        place=draft.place,
        killed=killed[0],
        killed_low=killed[1],
        killed_high=killed[2],
        wounded=wounded[0],
        kidnapped=kidnapped[0],
        evidence=tuple(_span(text, s, e) for s, e in draft.sentences),
        field_spans=tuple(draft.spans),
    )


@dataclass
class _DocState:
    """What the extractor carries from sentence to sentence within one document."""

    text: str
    ctx: GeoContext
    country: str | None
    published: dt.date | None
    date: DateMention | None = None
    places: list[Place] = field(default_factory=list)
    drafts: list[_Draft] = field(default_factory=list)
    ents: dict[int, list[SpacySpan]] = field(default_factory=dict)  # by sentence start token (Span.ents is slow)
    dateline_end: int = 0  # "ERBIL, Kurdistan Region —": neither its place nor its date is an event's
    last_event_sentence: int = -10
    index: int = 0


def _follow_up(state: _DocState, index: int, sent: SpacySpan, rules: EventRules, dates: list[DateMention]) -> None:
    """A sentence with no act of its own adds casualties or a claim of responsibility to the last event
    (not when it is dated otherwise: "a 2022 bombing there killed 53")."""
    if not state.drafts:
        return
    draft = state.drafts[-1]
    text = sent.text
    elsewhen = draft.date is not None and bool(dates) and not any(_overlaps(d, draft.date) for d in dates)
    near = index - state.last_event_sentence <= 2 and not elsewhen
    casualties = _casualties(text)
    agents, _ = _actors(sent, rules, state.country)
    perp = _choose_perpetrator(agents)
    changed = False
    blamed = perp is not None and not perp.generic and (_CLAIM_CUE.search(text) or _SUSPECT_CUE.search(text))
    if blamed and perp is not None and (draft.perpetrator_generic or draft.attribution == "stated"):
        draft.perpetrator, draft.perpetrator_generic = perp.name, False
        draft.attribution = _attribution(text, perp)
        draft.spans.append(("perpetrator", _span(state.text, sent.start_char + perp.start, sent.start_char + perp.end)))
        changed = True
    if near and casualties and re.search(r"\b(killed|dead|died|wounded|injured|hurt|kidnapped|abducted|casualt)", text, re.IGNORECASE):
        zero = all(f.value == 0 for figures in casualties.values() for f in figures)
        targets = _zero_targets(state, index, text) if zero else [draft]
        speaks = group_speaks(sent, rules.actors, state.country)
        for target in targets:
            add_figures(target.claimed if speaks else target.casualties, casualties)
            target.sentences.append((sent.start_char, sent.end_char))
        state.last_event_sentence = index
        return
    if changed:
        draft.sentences.append((sent.start_char, sent.end_char))
        state.last_event_sentence = index


def _zero_targets(state: _DocState, index: int, sentence: str) -> list[_Draft]:
    """The events a "no casualties" sentence speaks of: the last sentence's, or every recent one with no figure
    when it speaks of several ("No casualties were reported in these attacks")."""
    last = state.drafts[-1].last_index
    if not _SEVERAL_ACTS.search(sentence):
        return [d for d in state.drafts if d.last_index == last]
    recent = [d for d in state.drafts if index - d.last_index <= _SEVERAL_ACTS_WINDOW]
    return [d for d in recent if d.last_index == last or not (d.casualties.get("killed") or d.casualties.get("wounded"))]


def _sentence_drafts(
    sent: SpacySpan, dates: list[DateMention], state: _DocState, rules: EventRules
) -> list[_Draft]:
    # Doc.text rebuilds the whole text from its tokens: read it once per document (state.text)
    text, doc_text, base = sent.text, state.text, sent.start_char
    triggers = [t for t in rules.triggers.find(text) if not _describes_a_noun(sent, t)]
    trigger = _main_trigger(triggers)
    date = _date_of(sent, dates, triggers)
    day_dated = any(d.precision in {"day", "range"} for d in dates)
    if trigger is None or _is_non_event(sent, trigger, rules.triggers) or _is_aggregate(sent, trigger, day_dated):
        return []
    agents, patients = _actors(sent, rules, state.country)
    perp = _choose_perpetrator(agents)
    actor_spans = [(base + m.start, base + m.end) for m in agents + patients] + titled_names(sent, rules.triggers)
    ents = state.ents.get(sent.start, [])
    places = _places(sent, ents, doc_text, state.ctx, state.places, actor_spans, rules.actors.find_speakers(text),
                     state.dateline_end)
    if date is not None and state.published is not None:
        background = (state.published - date.end).days > _BACKGROUND_DAYS
        if background and (not places or date.precision == "year"):
            return []
    places = [(_own_country(place, doc_text[start:end], perp, rules), start, end) for place, start, end in places]
    target, target_type, target_span = _target(sent, rules, patients, [(m.start, m.end) for m in agents])
    event_type = _event_type(trigger, triggers, perp)
    if event_type in {"armed_assault", "bombing", "execution"} and singles_out(sent, ents, triggers, rules.triggers):
        event_type = "assassination"
    spans = [("event_type", _span(doc_text, base + trigger.start, base + trigger.end))]
    if perp is not None:
        spans.append(("perpetrator", _span(doc_text, base + perp.start, base + perp.end)))
    if target_span is not None:
        spans.append(("target", _span(doc_text, base + target_span[0], base + target_span[1])))
    if date is not None:
        spans.append(("date", _span(doc_text, base + date.span_start, base + date.span_end)))
    casualties, claimed = _casualties(text), {}
    if group_speaks(sent, rules.actors, state.country):
        casualties, claimed = {}, casualties
    for kind, figures in (casualties | claimed).items():
        spans.extend((kind, _span(doc_text, base + f.start, base + f.end)) for f in figures)
    drafts: list[_Draft] = []
    scenes: list[tuple[Place | None, int, int]] = list(places) or [(None, 0, 0)]
    for place, start, end in scenes:
        own = place is not None
        location = doc_text[start:end] if own else None
        place_spans = [("location", _span(doc_text, start, end))] if own else []
        drafts.append(
            _Draft(
                event_type=event_type, rank=trigger.rank, date=date or state.date, date_own=date is not None,
                place=place if own else (state.places[-1] if state.places else None), place_own=own,
                location=location if own else (state.places[-1].name if state.places else None),
                perpetrator=perp.name if perp else "unknown", attribution=_attribution(text, perp),
                perpetrator_generic=perp is None or perp.generic, target=target, target_type=target_type,
                casualties=_share(casualties, first=not drafts), claimed=_share(claimed, first=not drafts),
                last_index=state.index,
                sentences=[(sent.start_char, sent.end_char)], spans=spans + place_spans,
                seen_types={t.event_type for t in triggers if t.kind == "act"},
                targets_person=event_type == "assassination" and _TARGETED.search(text) is not None,
                recalls=_recalls(sent, trigger),
            )
        )
    return drafts


def _absorb(state: _DocState, draft: _Draft, index: int) -> None:
    """Merge the draft into an earlier telling of the same event, keep it as a new one, or drop it."""
    told = [old for old in state.drafts if old.date_own and _dates_equal(old.date, draft.date)] if draft.recalls else []
    if told:
        # "Only two tribes joined Monday's fighting in Deir az-Zour": the fight told before, not a new one
        _merge_into(told[-1], draft, detail=True)
        return
    last = state.drafts[-1] if state.drafts else None
    if last is not None and not (last.place_own or last.date_own) and index - state.last_event_sentence <= 2:
        # "A bomber struck a police building. Ten officers died in the blast in Ramadi": the lede, now placed
        _merge_into(last, draft, detail=True)
        return
    if not draft.place_own and not draft.date_own:
        # "The blast also wounded two passers-by": a detail of the event just told
        if state.drafts and (index - state.last_event_sentence <= 2 or draft.casualties or draft.claimed):
            # a toll told later with no place or date of its own ("Three members were killed in the fighting")
            _merge_into(state.drafts[-1], draft, detail=True)
        elif draft.casualties or draft.claimed or (not state.drafts and index <= _LEDE_SENTENCES):
            # a lede's act keeps its place for later ("A suicide bomber detonated a Humvee near a squad building")
            state.drafts.append(draft)
        return
    if not draft.place_own and state.drafts and index - state.last_event_sentence <= 2:
        last = state.drafts[-1]
        same_day = last.date is not None and _dates_equal(last.date, draft.date)
        if same_day or _REFERS_BACK.match(state.text, draft.sentences[0][0]) or _narrows(draft.date, last.date):
            # "That attack, on Sunday morning, caused no casualties": the same event, dated again;
            # "struck twice this week. On Monday, ...": the first of the acts a lede summed up, now dated
            _merge_into(last, draft, detail=True)
            return
    if _ANOTHER_ACT.search(state.text, *draft.sentences[0]):
        # "That same Friday, a group later raided the edge of Nangade town": another act, even at the same place
        state.drafts.append(draft)
        return
    for old in reversed(state.drafts):
        same_place = (not draft.place_own or not old.place_own) or _same_place(old.place, draft.place)
        dated_alike = not draft.date_own or not old.date_own or _dates_equal(old.date, draft.date)
        if old is state.drafts[-1] and draft.place_own and old.place_own and not same_place:
            # "... attacked posts in Dhiban on Monday. Only two tribes joined Monday's fighting in Deir az-Zour":
            # the province told after the town (or the town after "a raid in northern Syria") is the same event
            same_place = draft.date_own and _within(draft.place, old.place)
        alike = old.event_type == draft.event_type or bool({old.event_type, draft.event_type} & _WEAK_TYPES)
        if draft.place_own and old.place_own and same_place and dated_alike and alike:
            _merge_into(old, draft)
            return
    state.drafts.append(draft)


def extract_mentions(
    doc: Doc, published: dt.date | None, rules: EventRules, skip: set[tuple[int, int]] = frozenset()  # type: ignore[assignment]
) -> list[Mention]:
    """Event mentions of one parsed document, in text order; sentences overlapping `skip` spans (claims) yield none."""
    text = doc.text
    ctx = doc_context(text)
    state = _DocState(text=text, ctx=ctx, country=ctx.main_country(), published=published)
    dateline = _DATELINE.match(text)
    state.dateline_end = dateline.end() if dateline else 0
    for ent in doc.ents:
        state.ents.setdefault(ent.sent.start, []).append(ent)
    for index, sent in enumerate(doc.sents):
        state.index = index
        if not sent.text.strip():
            continue
        dates = _sentence_dates(sent, state)
        if any(start < sent.end_char and sent.start_char < end for start, end in skip):
            # a claim is no event, but "since the beginning of November" dates the list that follows it
            _carry_context(state, dates, finest="month")
            continue
        drafts = _sentence_drafts(sent, dates, state, rules)
        if drafts:
            for draft in drafts:
                _absorb(state, draft, index)
            state.last_event_sentence = index
        else:
            _follow_up(state, index, sent, rules, dates)
        _carry_context(state, dates)
    _fill_perpetrators(state.drafts, text, rules, state.country)
    _fill_places(state.drafts, _area_of(ctx, text))
    return [_to_mention(d, text, published) for d in state.drafts]


def _sentence_dates(sent: SpacySpan, state: _DocState) -> list[DateMention]:
    """The dates a sentence gives its events: not the dateline's ("MAROUA, 8 January 2021 –"), not the day a
    source spoke ("Rescuers said Wednesday that ..."), and "the day before" counted from the last date named."""
    if state.published is None:
        return []
    base = sent.start_char
    dates = [d for d in find_dates(sent.text, state.published) if base + d.span_start >= state.dateline_end]
    if not dates and state.date is not None:
        # "the same day" after "... abducted on Saturday, the monitor said on Monday": the last event's day
        last = state.drafts[-1] if state.drafts else None
        anchor = last.date if last is not None and last.date_own and last.date is not None else state.date
        return shifted_dates(sent.text, anchor, state.published)
    return [d for d in dates if not _dates_a_statement(sent, d)]


def _dates_a_statement(sent: SpacySpan, date: DateMention) -> bool:
    """The date is the day a source spoke of an earlier act: a group claiming it ("IS said on Tuesday it was
    behind a bombing") or a report in the past perfect ("said on Monday that a bomber had set off his vest")."""
    root = span_root(sent, date.span_start, date.span_end)
    if root is None:
        return False
    head = root.head.head if root.dep_ == "pobj" else root.head
    if head.lemma_ == "be" and any(child.lower_ == "behind" for child in head.children):
        return True  # "said it was behind the attack on Monday", as the parser often reads it
    if head.lower_ not in _REPORTING_VERBS:
        return False
    clauses = [child for child in head.children if child.dep_ == "ccomp"]
    earlier = any(aux.lower_ == "had" for clause in clauses for aux in clause.children if aux.dep_ == "aux")
    return bool(clauses) and (earlier or bool(_CLAIM_CUE.search(sent.text)))


def _area_of(ctx: GeoContext, text: str) -> Place | None:
    """The province (or else the country) a report names first, as a precision-3 place without coordinates."""
    for hit in ctx.provinces + ctx.countries:
        if hit.kind != "demonym":
            code = hit.code
            names = admin1_english().get(code, ()) if "-" in code else ()
            return Place(name=text[hit.start : hit.end], country=code[:2], admin1=names[0] if names else None,
                         admin1_code=code if "-" in code else None, precision=3, kind="area",
                         trace=f"no place of its own; the area the report names: {text[hit.start:hit.end]}")
    return None


def _fill_places(drafts: list[_Draft], area: Place | None) -> None:
    """A lede that names no place ("Drones struck a convoy on Monday") happened where the report's events did,
    or else in the area the report names."""
    placed = [d for d in drafts if d.place is not None]
    fallback = placed[0].place if placed else area
    for draft in drafts:
        if draft.place is None and fallback is not None:
            draft.place, draft.location = fallback, placed[0].location if placed else fallback.name


def _fill_perpetrators(drafts: list[_Draft], text: str, rules: EventRules, country: str | None) -> None:
    """An attack by unnamed "militants" in a report about one armed group is suspected to be that group's."""
    groups = Counter(m.name for m in rules.actors.find(text, country)
                     if not m.generic and m.actor_type in ARMED_GROUP_TYPES)
    ranked = groups.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] < 2 * ranked[1][1]):
        return
    name = ranked[0][0]
    for draft in drafts:
        if draft.perpetrator_generic and draft.event_type not in {"security_operation", "air_strike"}:
            draft.perpetrator, draft.attribution, draft.perpetrator_generic = name, "suspected", False


def _carry_context(state: _DocState, dates: list[DateMention], finest: str = "year") -> None:
    """Remember the last date (no coarser than `finest`) and place a sentence named, for sentences naming none."""
    allowed = DATE_PRECISIONS[: DATE_PRECISIONS.index(finest) + 1]
    kept = [d for d in dates if d.precision in allowed]
    if kept:
        state.date = kept[-1]
    for draft in state.drafts[-1:]:
        if draft.place is not None and draft.place_own and draft.place not in state.places:
            state.places.append(draft.place)

