"""Cut text into plain and highlighted pieces for the event and document pages (escaping is the template's)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from urllib.parse import urlsplit


def sentence_parts(sentence: str, sentence_start: int, start: int, end: int) -> tuple[str, str, str]:
    """The sentence as (before, supporting characters, after), the span given in document offsets."""
    lo = min(max(start - sentence_start, 0), len(sentence))
    hi = min(max(end - sentence_start, lo), len(sentence))
    return sentence[:lo], sentence[lo:hi], sentence[hi:]


def text_segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """The text cut at every span boundary: (piece, labels of the spans covering it), in order."""
    spans = [(max(0, s), min(len(text), e), label) for s, e, label in spans if e > s and s < len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for lo, hi in pairwise(cuts):
        labels = tuple(sorted({label for s, e, label in spans if s <= lo and hi <= e}))
        if pieces and pieces[-1][1] == labels:
            pieces[-1] = (pieces[-1][0] + text[lo:hi], labels)
        else:
            pieces.append((text[lo:hi], labels))
    return pieces


def safe_url(url: str | None) -> str | None:
    """The URL when it is http or https (safe to put in href), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
