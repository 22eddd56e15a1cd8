"""The extract stage's entry point: from parsed documents to event mentions and claims."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from ..limits import parse_view
from ..model import Document, Extraction
from ..nlp import parse_many
from .actors import load_actors
from .claims import extract_claims
from .events import EventRules, extract_mentions
from .targets import load_targets
from .triggers import load_triggers


@cache
def load_rules(actors_file: Path | None = None) -> EventRules:
    """The dictionaries extraction uses (the built-in actors, plus a user's file when given)."""
    return EventRules(load_triggers(), load_actors(actors_file), load_targets())


def extract_parsed(doc: Document, parsed: Doc, rules: EventRules) -> Extraction:
    """Mentions and claims of one document already parsed by spaCy."""
    sentences = [(s.start_char, s.end_char) for s in parsed.sents]
    claims = extract_claims(doc.text, sentences, doc.published, rules.actors)
    claim_sentences = {(c.evidence.start, c.evidence.end) for c in claims if c.evidence}
    mentions = extract_mentions(parsed, doc.published, rules, skip=claim_sentences)
    return Extraction(mentions=tuple(mentions), claims=tuple(claims))


def extract_batch(docs: Sequence[Document], batch_size: int = 64, actors_file: Path | None = None) -> list[Extraction]:
    """Extract mentions and claims from each document, parsing them in batches (each within the limits)."""
    rules = load_rules(actors_file)
    parsed_docs = parse_many((parse_view(d.text) for d in docs), batch_size)
    return [extract_parsed(doc, parsed, rules) for doc, parsed in zip(docs, parsed_docs, strict=True)]
