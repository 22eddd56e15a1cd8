"""Claim vocabularies (data/claim_words.yaml): load the word lists once and compile each into a regex alternation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import RulesError

__all__ = ["CLAIM_WORDS_FILE", "LISTS", "claim_words", "parse_claim_words"]

CLAIM_WORDS_FILE = "claim_words.yaml"
LISTS = (
    "kill_before",
    "kill_after",
    "wound_before",
    "wound_after",
    "attack_nouns",
    "strike_verbs",
    "attacked_places",
    "other_before",
    "other_after",
    "displacement",
    "monitor_verbs",
    "back_reference",
    "not_violence",
    "not_group_money",
)


def _alternation(words: list[str]) -> str:
    """One regex alternation of the words, longest first, spaces matching any run of whitespace."""
    escaped = (re.escape(w.strip()).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


def parse_claim_words(raw: Any) -> Mapping[str, str]:
    """Validate the parsed YAML and return each list as a regex alternation (no boundaries, no flags)."""
    if not isinstance(raw, dict) or raw.get("schema_version") != 1 or not isinstance(raw.get("lists"), dict):
        raise RulesError(f"{CLAIM_WORDS_FILE}: missing or unknown schema_version, or no lists")
    lists = raw["lists"]
    missing = [name for name in LISTS if name not in lists]
    unknown = [name for name in lists if name not in LISTS]
    if missing or unknown:
        raise RulesError(f"{CLAIM_WORDS_FILE}: missing lists {missing}, unknown lists {unknown}")
    compiled = {}
    for name in LISTS:
        entry = lists[name]
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(words, list) or not words or not isinstance(entry.get("note"), str):
            raise RulesError(f"{CLAIM_WORDS_FILE}:{name}: needs a note and a non-empty list of words")
        bad = [w for w in words if not isinstance(w, str) or not w.strip()]
        if bad or len({w.lower() for w in words}) != len(words):
            raise RulesError(f"{CLAIM_WORDS_FILE}:{name}: empty, non-text or repeated words")
        compiled[name] = _alternation(words)
    return compiled


@cache
def claim_words() -> Mapping[str, str]:
    """The packaged claim vocabularies, compiled once per process."""
    text = resources.files(__package__).joinpath("data", CLAIM_WORDS_FILE).read_text("utf-8")
    return parse_claim_words(yaml.safe_load(text))
