"""Small readings of spaCy's parse shared by the extractors: the token at an offset, the head of a phrase."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token


def token_at(sent: SpacySpan, offset: int) -> Token | None:
    """The token of the sentence that covers a document offset, if any."""
    for token in sent:
        if token.idx <= offset < token.idx + len(token.text):
            return token
    return None


def span_root(sent: SpacySpan, start: int, end: int) -> Token | None:
    """The token of ``sent.text[start:end]`` whose head lies outside it (the phrase's syntactic head)."""
    tokens = [t for t in sent if start <= t.idx - sent.start_char < end]
    for token in tokens:
        if not (start <= token.head.idx - sent.start_char < end) or token.head is token:
            return token
    return tokens[-1] if tokens else None
