"""Find capitalised n-grams of a text that the gazetteer knows: tokens, stop words, longest matches."""

from __future__ import annotations

import re
from functools import lru_cache

from conflictlens.geo.gazetteer import (
    Candidate,
    Gazetteer,
    demonyms,
)

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’ʿ][^\W\d_]+)*")


_ARTICLE_HYPHEN = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|ez|es|ed|er)-[A-Z]")


CONNECTORS = frozenset(["al", "el", "ez", "es", "ed", "er", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "de", "da", "du", "des", "la", "le", "bin", "ibn"])


MAX_WORDS = 6


_EXTRA_STOP = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "islamic", "state", "army", "police", "forces", "force", "government", "ministry", "president", "minister", "security", "council", "sunni", "shia", "shiite", "arab", "muslim", "christian", "coalition", "isis", "isil", "daesh", "mr", "mrs", "general", "colonel", "captain", "major", "observatory", "human", "rights", "news", "agency", "reuters", "associated", "press", "the", "a", "an", "in", "on", "at", "of", "seven", "thirteen", "fourteen", "sixteen", "seventeen", "eighteen", "nineteen", "dozens", "hundreds", "thousands", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "according", "sources", "said", "local", "officials", "official", "province", "governorate", "district", "city", "town", "village", "camp", "base", "democratic", "republic", "united", "nations", "national", "union", "party", "front", "brigade", "battalion", "division", "hospital", "university", "school", "mosque", "church", "market", "street", "road", "bridge", "airport", "international", "abu", "umm", "bin", "ibn", "al", "tal", "tall", "tell", "deir", "dayr", "ain", "ayn", "jabal", "jebel", "wadi", "ras", "sheikh", "khan", "bir", "qasr", "kafr", "beit", "bab", "hay", "hayy", "albu"]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Capitalised words that are never place names on their own."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | frozenset(_EXTRA_STOP)


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` with offsets; a possessive "'s" is cut off."""
    out = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        out.append((start, end, word))
    return out


def capitalised(word: str) -> bool:
    """Whether a token can start or end a place name."""
    return word[:1].isupper() or bool(_ARTICLE_HYPHEN.match(word))


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence or a line."""
    before = text[:start].rstrip(" \"'“(")
    return not before or before[-1] in ".!?:\n"


@lru_cache(maxsize=64)
def scan(text: str, gaz: Gazetteer) -> tuple[tuple[int, int, tuple[Candidate, ...]], ...]:
    """Longest capitalised n-grams of ``text`` that the gazetteer knows, left to right."""
    tokens = word_tokens(text)
    stops = stop_words()
    lower_words = {w for _, _, w in tokens if w.islower()}
    found = []
    i = 0
    while i < len(tokens):
        hit = _longest_at(text, tokens, i, gaz, stops, lower_words)
        if hit is None:
            i += 1
            continue
        j, candidates = hit
        found.append((tokens[i][0], tokens[j][1], candidates))
        i = j + 1
    return tuple(found)


def _longest_at(
    text: str, tokens: list, i: int, gaz: Gazetteer, stops: frozenset[str], lower_words: set[str]
) -> tuple[int, tuple[Candidate, ...]] | None:
    """The longest known name starting at token ``i``: (last token index, candidates)."""
    if not capitalised(tokens[i][2]):
        return None
    last = i
    while last + 1 < len(tokens) and last - i < MAX_WORDS - 1:
        nxt = tokens[last + 1]
        gap = text[tokens[last][1]:nxt[0]]
        if gap.strip(" -") or not (capitalised(nxt[2]) or nxt[2] in CONNECTORS):
            break
        last += 1
    for j in range(last, i - 1, -1):
        if not capitalised(tokens[j][2]):
            continue
        if j == i and _single_word_stop(text, tokens[i], stops, lower_words):
            return None
        candidates = gaz.candidates(text[tokens[i][0]:tokens[j][1]])
        if candidates:
            return j, candidates
    return None


def _single_word_stop(text: str, token: tuple[int, int, str], stops: frozenset[str], lower: set[str]) -> bool:
    """Whether a one-word name is a common word (a stop word, a demonym, or lower-case elsewhere at a sentence start)."""
    word = token[2].lower()
    adjectives = demonyms()
    if word in stops or word in adjectives or word.removesuffix("s") in adjectives or len(word) < 3:
        return True
    return _sentence_start(text, token[0]) and word in lower

