"""The caps that keep time and memory bounded on hostile input: how much of a document the parser reads."""

from __future__ import annotations

import re

# Characters of one document that spaCy parses (the whole text is stored; only this prefix is extracted).
# News reports run to 2,000-30,000 characters; spaCy needs about 1 GB of memory per 100,000 characters
# of its own max_length, and a page longer than this is almost always a dump, not a report.
MAX_PARSE_CHARS = 200_000
# Longest run of non-space characters handed to spaCy; longer runs (base64, minified script, a 20 MB line
# without spaces) are blanked, since the tokenizer's prefix and suffix search grows with the square of a token.
MAX_TOKEN_CHARS = 500
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def parse_view(text: str) -> str:
    """The part of a text the parser reads: its first MAX_PARSE_CHARS characters, over-long runs blanked.

    Blanking keeps every offset, so spans found in the view are spans of the text.
    """
    view = text[:MAX_PARSE_CHARS]
    return _LONG_RUN.sub(lambda m: " " * len(m.group(0)), view)


def parse_note(text: str) -> str | None:
    """The document note saying that only part of a long text is extracted, or None."""
    if len(text) <= MAX_PARSE_CHARS:
        return None
    return f"text of {len(text):,} characters: only the first {MAX_PARSE_CHARS:,} extracted"
