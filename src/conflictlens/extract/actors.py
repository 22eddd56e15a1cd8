"""Actor dictionary: canonical actors with aliases and patterns, loaded once and searched fast in text.

``actors.yaml`` holds three sections: ``actors`` (canonical names, CODEBOOK.md "Actors"), ``generic``
(phrases that name no identifiable group, or a state's forces named without the state) and
``speakers`` (organisations quoted as the source of figures). A user file given with ``--actors``
adds entries, or replaces the packaged entry with the same ``id``.

Matching is leftmost-longest and non-overlapping, on word boundaries. Aliases match
case-insensitively, with a hyphen equal to a space and the apostrophes ' and ’ equal;
``case_sensitive_aliases`` ("IS", "SAA") match only as written, and a short one is skipped in a
shouted (all-capitals) line, where "IS" is the verb.
The mentions of the last texts searched are remembered, as claims and events search the same
sentence several times.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import RulesError
from ..model import TARGET_TYPES

__all__ = [
    "ACTOR_TYPES",
    "Actor",
    "ActorBook",
    "ActorMatch",
    "LexiconMatcher",
    "load_actors",
    "pattern_problem",
    "term_key",
    "validate_file",
]

ACTORS_FILE = "actors.yaml"
ACTOR_TYPES = ("state", "rebel", "militia", "terrorist_group", "coalition", "civilians", "organisation")
ARMED_GROUP_TYPES = frozenset({"terrorist_group", "rebel", "militia"})  # non-state armed actors
UNKNOWN = "unknown"
SECTIONS = ("actors", "generic", "speakers")
DEFAULT_TARGET_TYPE = {
    "state": "military",
    "rebel": "armed_group",
    "militia": "militia",
    "terrorist_group": "armed_group",
    "coalition": "coalition",
    "civilians": "civilians",
    "organisation": UNKNOWN,
    UNKNOWN: UNKNOWN,
}
_ENTRY_KEYS = frozenset(
    {
        "id",
        "name",
        "type",
        "country",
        "aliases",
        "case_sensitive_aliases",
        "patterns",
        "target_type",
        "counts_as",
        "canonical_in",
        "use_text",
        "note",
        "source",
    }
)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO2 = re.compile(r"[A-Z]{2}")
_JOINERS = "\\s\\-\u2010\u2011\u2012\u2013"
_JOIN_RUN = re.compile(f"[{_JOINERS}]+")
_APOSTROPHES = "'\u2019\u2018`\u02bc"
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_SHOUT_LIMIT = 3
_FIND_CACHE = 1024  # texts remembered per matcher: a document's lines are searched several times
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_WORD_AFTER = re.compile(r"^\W*([A-Za-z]+)")


def term_key(term: str, fold: bool = True) -> str:
    """The form a phrase is compared in: hyphens and spaces as one space, one apostrophe, lower case."""
    key = _APOSTROPHE.sub("'", _JOIN_RUN.sub(" ", term.strip()))
    return key.lower() if fold else key


def _piece(char: str) -> str:
    if char == " ":
        return f"[{_JOINERS}]+"
    if char == "'":
        return f"[{_APOSTROPHES}]"
    return re.escape(char)


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex for many phrases, factored by common prefix so it runs in time of the text, not the list."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: Mapping[str, Any]) -> str:
    branches = [_piece(char) + _node_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # optional, greedy: the longest phrase wins and backtracking yields the shorter ones
    return f"(?:{body})?" if "" in node else body


def _bounded(body: str) -> str:
    return rf"(?<!\w)(?:{body})(?!\w)"


@dataclass(frozen=True)
class LexiconEntry:
    """What one entry matches: case-insensitive phrases, case-sensitive phrases and regexes."""

    phrases: tuple[str, ...] = ()
    exact_phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


class LexiconMatcher:
    """Finds non-overlapping mentions of many phrases and regexes in a text, leftmost and longest first."""

    def __init__(self, entries: Sequence[LexiconEntry]) -> None:
        self._folded: dict[str, int] = {}
        self._exact: dict[str, int] = {}
        patterns: list[tuple[re.Pattern[str], int]] = []
        for index, entry in enumerate(entries):
            self._folded.update((term_key(p), index) for p in entry.phrases)
            self._exact.update((term_key(p, fold=False), index) for p in entry.exact_phrases)
            patterns.extend((re.compile(_bounded(p), re.IGNORECASE), index) for p in entry.patterns)
        self._patterns = tuple(patterns)
        literal_parts = []
        self._literals: list[re.Pattern[str]] = []
        if self._folded:
            literal_parts.append(_trie_regex(self._folded))
            self._literals.append(re.compile(_bounded(literal_parts[-1]), re.IGNORECASE))
        if self._exact:
            literal_parts.append(f"(?-i:{_trie_regex(self._exact)})")
            self._literals.append(re.compile(_bounded(literal_parts[-1]), re.IGNORECASE))
        bodies = literal_parts + [f"(?:{p})" for p in (e for entry in entries for e in entry.patterns)]
        self._scan = re.compile(_bounded("|".join(bodies)), re.IGNORECASE) if bodies else None
        self._remembered = lru_cache(maxsize=_FIND_CACHE)(self._search)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Return ``(start, end, entry index)`` of each mention, in text order (``end`` exclusive)."""
        return list(self._remembered(text))

    def _search(self, text: str) -> tuple[tuple[int, int, int], ...]:
        if self._scan is None:
            return ()
        found: list[tuple[int, int, int]] = []
        pos = 0
        while (candidate := self._scan.search(text, pos)) is not None:
            hit = self._longest_at(text, candidate.start())
            if hit is None:
                pos = candidate.start() + 1
                continue
            found.append(hit)
            pos = max(hit[1], hit[0] + 1)
        return tuple(found)

    def _longest_at(self, text: str, start: int) -> tuple[int, int, int] | None:
        best: tuple[int, int, int] | None = None
        for literal in self._literals:
            match = literal.match(text, start)
            if match is None or (best is not None and match.end() <= best[1]):
                continue
            index = self._literal_index(text, match)
            if index is not None:
                best = (start, match.end(), index)
        for pattern, index in self._patterns:
            match = pattern.match(text, start)
            if match is not None and match.end() > start and (best is None or match.end() > best[1]):
                best = (start, match.end(), index)
        return best

    def _literal_index(self, text: str, match: re.Match[str]) -> int | None:
        exact = self._exact.get(term_key(match.group(), fold=False))
        if exact is not None:
            return None if _shouted(text, match.start(), match.end()) else exact
        return self._folded.get(term_key(match.group()))


def _shouted(text: str, start: int, end: int) -> bool:
    """A short uppercase alias between two uppercase words is part of a headline in capitals."""
    if end - start > _SHOUT_LIMIT:
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    after = _WORD_AFTER.search(text[end : end + 30])
    return bool(before and after and before.group(1).isupper() and after.group(1).isupper())


@dataclass(frozen=True)
class Actor:
    """One entry of the actor book: a canonical actor, a group of generic phrases, or a speaker."""

    id: str
    name: str
    type: str
    section: str = "actors"
    country: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    target_type: str = UNKNOWN
    counts_as: str | None = None
    canonical_in: tuple[tuple[str, str], ...] = ()
    use_text: bool = False
    source: str = ""


@dataclass(frozen=True)
class ActorMatch:
    """A mention of an actor: ``text[start:end]`` (end exclusive) and the canonical actor it names.

    ``generic`` is true when the phrase names no identifiable group (``name`` is then ``unknown``);
    ``target_type`` is the codebook target class when this actor is the one hit; ``inferred`` is true when a
    generic phrase ("terrorists") was read as the theatre's known group (``canonical_in``).
    """

    start: int
    end: int
    text: str
    name: str
    actor_type: str
    generic: bool
    actor_id: str
    target_type: str
    inferred: bool = False


class ActorBook:
    """The loaded actor dictionary, compiled for search: actors and generic phrases, and speakers."""

    def __init__(self, entries: Sequence[Actor]) -> None:
        self._entries = tuple(e for e in entries if e.section != "speakers")
        self._speakers = tuple(e for e in entries if e.section == "speakers")
        self._by_name = {e.name: e for e in entries if e.section == "actors"}
        self._matcher = LexiconMatcher([_lexicon_entry(e) for e in self._entries])
        self._speaker_matcher = LexiconMatcher([_lexicon_entry(e) for e in self._speakers])

    @property
    def actors(self) -> tuple[Actor, ...]:
        """The canonical actors (the ``actors`` section), in file order."""
        return tuple(self._by_name.values())

    @property
    def speakers(self) -> tuple[Actor, ...]:
        """The organisations quoted as sources of figures."""
        return self._speakers

    def actor(self, name: str) -> Actor:
        """The canonical actor called ``name``; KeyError when there is none."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{ACTORS_FILE}: no actor named {name!r}") from None

    def find(self, text: str, country: str | None = None) -> list[ActorMatch]:
        """Actor mentions in ``text``; ``country`` (ISO2) resolves aliases that differ by theatre."""
        return [
            self._resolve(self._entries[i], text, start, end, country)
            for start, end, i in self._matcher.find(text)
        ]

    def find_speakers(self, text: str) -> list[ActorMatch]:
        """Mentions of organisations quoted as the source of figures (SOHR, the UN, a ministry)."""
        matches = []
        for start, end, i in self._speaker_matcher.find(text):
            entry = self._speakers[i]
            name = _speaker_name(text[start:end]) if entry.use_text else entry.name
            matches.append(
                ActorMatch(start, end, text[start:end], name, entry.type, False, entry.id, entry.target_type)
            )
        return matches

    def ruler_patterns(self) -> list[dict[str, Any]]:
        """spaCy ``entity_ruler`` patterns (label ``ACTOR``, ``id`` = canonical name) for the aliases.

        Case-insensitive aliases are phrase patterns: give the ruler ``phrase_matcher_attr="LOWER"``.
        Case-sensitive ones are token patterns on ``ORTH``. Regex patterns have no ruler form.
        """
        patterns: list[dict[str, Any]] = []
        for entry in self._entries:
            if entry.section != "actors":
                continue
            name = entry.counts_as or entry.name
            patterns.extend({"label": "ACTOR", "pattern": a, "id": name} for a in entry.aliases)
            patterns.extend(
                {"label": "ACTOR", "pattern": [{"ORTH": t} for t in _tokens(a)], "id": name}
                for a in entry.case_sensitive_aliases
            )
        return patterns

    def _resolve(self, entry: Actor, text: str, start: int, end: int, country: str | None) -> ActorMatch:
        name = dict(entry.canonical_in).get(country or "") or entry.counts_as
        if entry.section == "generic" and name is None:
            return ActorMatch(
                start, end, text[start:end], UNKNOWN, UNKNOWN, True, entry.id, entry.target_type
            )
        canonical = self._by_name[name] if name else entry
        # "terrorists" in Cabo Delgado: the theatre's group, by inference rather than by name
        inferred = entry.section == "generic" and entry.type == UNKNOWN
        return ActorMatch(
            start, end, text[start:end], canonical.name, canonical.type, False, entry.id, entry.target_type, inferred
        )


def _lexicon_entry(entry: Actor) -> LexiconEntry:
    return LexiconEntry(entry.aliases, entry.case_sensitive_aliases, entry.patterns)


def _tokens(alias: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", alias)


def _speaker_name(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.IGNORECASE)


# ----------------------------------------------------------------------------- loading and validation


@dataclass(frozen=True)
class _Sourced:
    """An entry with the file it came from, for error messages."""

    actor: Actor
    where: str


def read_rules_file(path: Path | None, packaged: str) -> tuple[str, Any]:
    """The parsed YAML of a user's rules file, or of the packaged file `packaged` when `path` is None."""
    if path is None:
        text = resources.files(__package__).joinpath("data", packaged).read_text("utf-8")
        return packaged, yaml.safe_load(text)
    try:
        return str(path), yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from exc


def str_list(raw: dict[str, Any], key: str, where: str, errors: list[str]) -> tuple[str, ...]:
    """A list of non-empty strings from a rules entry (deduplicated); a problem goes to `errors`."""
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        errors.append(f"{where}: `{key}` must be a list of non-empty strings")
        return ()
    return tuple(dict.fromkeys(v.strip() for v in value))


def pattern_problem(pattern: str) -> str | None:
    """Why a rules regex is unusable (invalid, named groups, backreferences, matches ""), or None."""
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        return f"invalid pattern {pattern!r}: {exc}"
    if compiled.groupindex or re.search(r"\\[1-9]", pattern):
        return f"pattern {pattern!r} uses named groups or backreferences"
    if compiled.fullmatch(""):
        return f"pattern {pattern!r} matches the empty string"
    return None


def _canonical_in(raw: dict[str, Any], where: str, errors: list[str]) -> tuple[tuple[str, str], ...]:
    value = raw.get("canonical_in") or {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and _ISO2.fullmatch(k) and isinstance(v, str) and v for k, v in value.items()
    ):
        errors.append(f"{where}: `canonical_in` must map ISO2 country codes to canonical names")
        return ()
    return tuple(sorted(value.items()))


def _parse_entry(raw: Any, section: str, index: int, label: str, errors: list[str]) -> Actor | None:
    if not isinstance(raw, dict):
        errors.append(f"{label}:{section}[{index}]: entry is not a mapping")
        return None
    entry_id = raw.get("id")
    where = f"{label}:{section}[{entry_id if isinstance(entry_id, str) else index}]"
    if not isinstance(entry_id, str) or not _SLUG.fullmatch(entry_id):
        errors.append(f"{where}: `id` must be a lower-case slug")
    for key in sorted(set(raw) - _ENTRY_KEYS):
        errors.append(f"{where}: unknown key {key!r}")
    default_name = UNKNOWN if section == "generic" else None
    name = raw.get("name", default_name)
    if not isinstance(name, str) or not name.strip():
        errors.append(f"{where}: `name` is missing or empty")
    kinds = (UNKNOWN, "state") if section == "generic" else ACTOR_TYPES
    kind = raw.get("type", UNKNOWN if section == "generic" else None)
    if kind not in kinds:
        errors.append(f"{where}: unknown type {kind!r} (one of {', '.join(kinds)})")
    target_type = raw.get("target_type", DEFAULT_TARGET_TYPE.get(str(kind), UNKNOWN))
    if target_type not in TARGET_TYPES:
        errors.append(f"{where}: unknown target_type {target_type!r}")
    countries = str_list(raw, "country", where, errors)
    if not all(_ISO2.fullmatch(c) for c in countries):
        errors.append(f"{where}: `country` must hold ISO 3166-1 alpha-2 codes")
    aliases = str_list(raw, "aliases", where, errors)
    exact = str_list(raw, "case_sensitive_aliases", where, errors)
    patterns = str_list(raw, "patterns", where, errors)
    errors.extend(f"{where}: {p}" for p in map(pattern_problem, patterns) if p)
    use_text = raw.get("use_text", False) is True
    if not (aliases or exact or patterns):
        errors.append(f"{where}: no aliases and no patterns")
    counts_as = raw.get("counts_as")
    if counts_as is not None and (section != "actors" or not isinstance(counts_as, str)):
        errors.append(f"{where}: `counts_as` must be a canonical name, and only in `actors`")
    return Actor(
        id=str(entry_id),
        name=str(name),
        type=str(kind),
        section=section,
        country=countries,
        aliases=aliases,
        case_sensitive_aliases=exact,
        patterns=patterns,
        target_type=str(target_type),
        counts_as=counts_as if isinstance(counts_as, str) else None,
        canonical_in=_canonical_in(raw, where, errors),
        use_text=use_text,
        source=str(raw.get("source") or raw.get("note") or ""),
    )


def _parse_file(label: str, raw: Any, errors: list[str], default: bool) -> list[_Sourced]:
    if not isinstance(raw, dict):
        errors.append(f"{label}: expected a mapping with `schema_version` and sections")
        return []
    if raw.get("schema_version") != 1:
        errors.append(f"{label}: missing or unknown schema_version (expected 1)")
    for key in sorted(set(raw) - {"schema_version", *SECTIONS}):
        errors.append(f"{label}: unknown section {key!r}")
    if default and not raw.get("actors"):
        errors.append(f"{label}: the `actors` section is empty")
    entries = []
    for section in SECTIONS:
        items = raw.get(section) or []
        if not isinstance(items, list):
            errors.append(f"{label}:{section}: expected a list of entries")
            continue
        for index, item in enumerate(items):
            actor = _parse_entry(item, section, index, label, errors)
            if actor is not None:
                entries.append(_Sourced(actor, f"{label}:{section}[{actor.id}]"))
    return entries


def _merge(base: list[_Sourced], extra: list[_Sourced], errors: list[str]) -> list[_Sourced]:
    """Entries of ``extra`` replace those of ``base`` with the same id; ids must be unique in a file."""
    merged = {s.actor.id: s for s in base}
    seen: set[str] = set()
    for item in extra:
        if item.actor.id in seen:
            errors.append(f"{item.where}: duplicate id {item.actor.id!r}")
        seen.add(item.actor.id)
        merged[item.actor.id] = item
    return list(merged.values())


def _check_book(entries: list[_Sourced], errors: list[str]) -> None:
    names: dict[str, _Sourced] = {}
    for item in entries:
        if item.actor.section != "actors":
            continue
        if item.actor.name in names:
            errors.append(
                f"{item.where}: canonical name {item.actor.name!r} also in {names[item.actor.name].where}"
            )
        names.setdefault(item.actor.name, item)
    for item in entries:
        actor = item.actor
        target = names.get(actor.counts_as) if actor.counts_as else None
        if actor.counts_as and (target is None or target.actor.counts_as):
            errors.append(f"{item.where}: counts_as {actor.counts_as!r} is not a canonical actor")
        for country, name in actor.canonical_in:
            if name not in names:
                errors.append(f"{item.where}: canonical_in {country}: {name!r} is not a canonical actor")
    _check_duplicates([e for e in entries if e.actor.section != "speakers"], errors)
    _check_duplicates([e for e in entries if e.actor.section == "speakers"], errors)


def _check_duplicates(entries: list[_Sourced], errors: list[str]) -> None:
    """An alias may name one entry only: the same phrase on two entries is an error naming both."""
    owners: dict[str, _Sourced] = {}
    for item in entries:
        keys = {term_key(a) for a in item.actor.aliases + item.actor.case_sensitive_aliases}
        for key in sorted(keys):
            other = owners.setdefault(key, item)
            if other is not item:
                errors.append(f"{item.where}: alias {key!r} already names {other.where}")


@cache
def _packaged() -> tuple[tuple[_Sourced, ...], tuple[str, ...]]:
    """The packaged entries, parsed once: a user file is laid over them for each load."""
    errors: list[str] = []
    label, raw = read_rules_file(None, ACTORS_FILE)
    return tuple(_parse_file(label, raw, errors, default=True)), tuple(errors)


def _collect(extra: Path | None) -> tuple[list[_Sourced], list[str]]:
    packaged, packaged_errors = _packaged()
    entries, errors = list(packaged), list(packaged_errors)
    if extra is not None:
        extra_label, extra_raw = read_rules_file(extra, ACTORS_FILE)
        entries = _merge(entries, _parse_file(extra_label, extra_raw, errors, default=False), errors)
    _check_book(entries, errors)
    return entries, errors


def raise_problems(errors: list[str]) -> None:
    """Raise a RulesError naming the first three problems of a rules file, if there are any."""
    if errors:
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise RulesError("; ".join(errors[:3]) + more)


def validate_file(path: Path) -> list[str]:
    """Every problem found in an actors file laid over the packaged one (empty when it is valid)."""
    try:
        return _collect(path)[1]
    except RulesError as exc:
        return [str(exc)]


@cache
def load_actors(extra: Path | None = None) -> ActorBook:
    """Load, validate and compile the packaged actor book, with ``extra`` laid over it, once per process."""
    entries, errors = _collect(extra)
    raise_problems(errors)
    return ActorBook([item.actor for item in entries])
