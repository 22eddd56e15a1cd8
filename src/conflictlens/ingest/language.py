"""A cheap language check: is this text English enough to extract events from?"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by", "at", "from", "it", "an", "be", "were", "are", "has", "have", "had", "said", "he", "she", "they", "his", "their", "its", "this", "which", "after", "who", "not", "but", "or", "been", "will"]
)


def _script(word: str) -> str:
    name = unicodedata.name(word[0], "")
    return name.split(" ")[0] if name else "UNKNOWN"


def detect_language(text: str) -> str:
    """Return "en" for English text, else a short label of what it seems to be ("ar", "other")."""
    words = _WORD.findall(text[:20_000])
    if not words:
        return "und"
    latin = [w for w in words if _script(w) == "LATIN"]
    if len(latin) < 0.5 * len(words):
        scripts = {_script(w) for w in words}
        return "ar" if "ARABIC" in scripts else "other"
    share = sum(w.lower() in _ENGLISH_FUNCTION_WORDS for w in latin) / len(latin)
    # English news prose runs at 0.25-0.40 function words; French, Spanish or German at under 0.08.
    return "en" if share >= 0.12 or len(latin) < 12 else "other"
