"""Transliteration-aware place-name keys, so that spellings of one Arabic (or other) name meet."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Arabic definite article as romanised before sun and moon letters ("al-", "ash-", "ez-" ...).
ARTICLES = frozenset(
    ["al", "el", "il", "ul", "ash", "esh", "as", "es", "ad", "ed", "ar", "er", "at", "et", "az", "ez", "an", "en", "ath", "eth", "adh", "edh"]
)
# Generic words that describe a place rather than name it; stripped by `strip_generic`.
GENERIC_SUFFIXES = (
    "governorate", "province", "provinces", "region", "state", "district", "subdistrict",
    "sub-district", "county", "city", "town", "village", "area", "countryside", "outskirts",
    "suburbs", "desert", "countryside of", "local government area", "lga", "municipality",
    "neighbourhood", "neighborhood", "camp", "base", "airbase", "air base", "airport",
    "oil field", "gas field", "field", "crossing", "border crossing", "dam", "prison",
    "mountains", "mountain",
)
GENERIC_PREFIXES = (
    "the", "near", "outskirts of", "the outskirts of", "vicinity of", "the vicinity of",
    "around", "city of", "the city of", "town of", "the town of", "village of",
    "the village of", "province of", "the province of", "district of", "the district of",
)
_APOSTROPHES = re.compile(r"['’‘ʿʾ`´ʻʼ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
# Ordered vowel and digraph folds; applied to each word after the articles are gone.
_FOLDS = (
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("aw", "u"), ("ow", "u"),
    ("ay", "e"), ("ai", "e"), ("ei", "e"), ("ey", "e"), ("o", "u"), ("e", "a"),
    ("y", "i"), ("ph", "f"), ("dj", "j"), ("dh", "d"),
)
# Whole words spelt in several ways that the folds do not join.
_WORD_MAP = {"albu": "bu", "ibn": "bin", "ben": "bin"}
# Sun-letter article written joined to its word: "Ezzor", "Assafira" -> "zor", "safira".
_JOINED_ARTICLE = re.compile(r"^[ae](?:l|([tdrzsnl]))(?=([tdrzsnl]))")


def ascii_fold(name: str) -> str:
    """Lower-case ASCII form of ``name``: diacritics, apostrophes and ʿayn removed, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text)
    text = unidecode(text).lower()
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def _drop_joined_article(word: str) -> str:
    """Strip an article fused with a doubled sun letter ("ezzor" -> "zor"); leave other words."""
    match = _JOINED_ARTICLE.match(word)
    if match and match.group(1) and match.group(1) == match.group(2) and len(word) > 4:
        return word[2:]
    return word


def _fold_word(word: str) -> str:
    """Fold one word's vowels and digraphs so that common romanisations agree."""
    word = _FINAL_H.sub("", word)
    for old, new in _FOLDS:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


def words(name: str) -> list[str]:
    """The words of ``name`` in ASCII with standalone and joined Arabic articles removed."""
    tokens = ascii_fold(name).split()
    kept = [_WORD_MAP.get(t, t) for t in tokens if t not in ARTICLES]
    if not kept:
        return tokens
    return [kept[0]] + [_drop_joined_article(t) for t in kept[1:]]


@lru_cache(maxsize=200_000)
def normalise(name: str) -> str:
    """Lookup key of a place name: "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor" all give "darzur"."""
    return "".join(_fold_word(w) for w in words(name))


_VOWELS = re.compile(r"[aeiouyw]")


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant key of a name for spelling-tolerant lookup: "Shirqat" and "Ash Sharqat" give "shrqt"."""
    text = "".join(_FINAL_H.sub("", w) for w in words(name))
    for old, new in (("ph", "f"), ("dj", "j"), ("dh", "d"), ("ou", "u"), ("ee", "i")):
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text[:1] + _VOWELS.sub("", text[1:]))


def strip_generic(name: str) -> tuple[str, str, str]:
    """Split ``name`` into (prefix word, core name, suffix word), e.g. "outskirts of Idlib city"."""
    text = " ".join(name.split())
    lower = text.lower()
    prefix = next(
        (p for p in sorted(GENERIC_PREFIXES, key=len, reverse=True) if lower.startswith(p + " ")),
        "",
    )
    core = text[len(prefix):].strip() if prefix else text
    lower_core = core.lower()
    suffix = next(
        (s for s in sorted(GENERIC_SUFFIXES, key=len, reverse=True)
         if lower_core.endswith(" " + s) and len(lower_core) > len(s) + 1),
        "",
    )
    if suffix:
        core = core[: -len(suffix)].strip(" ,-")
    return prefix, core, suffix


def surface_variants(name: str) -> list[str]:
    """Spellings of ``name`` as texts write them: as given, and with its article changed or dropped."""
    variants = [name]
    match = re.match(r"^(?:[Aa]l|[Ee]l|[Aa][dnrstz]h?)[- ](.+)$", name)
    core = match.group(1) if match else name
    if len(ascii_fold(core)) >= 3:
        cap = core[:1].upper() + core[1:]
        variants += [cap, f"al-{cap}", f"Al-{cap}", f"al {cap}", f"Al {cap}"]
    return list(dict.fromkeys(variants))
