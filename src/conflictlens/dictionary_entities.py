"""Dictionary entities ahead of `ner`: gazetteer places as written, then actor aliases in any case.

One spaCy component holds the dictionaries as layers. Each layer gives the result spaCy's own
`entity_ruler` (with `overwrite_ents=True`) would give, layer after layer as a chain of rulers: its
matches longest first, a match over tokens an earlier match of the layer took is dropped, and a match
replaces the entities of earlier layers it overlaps. The ruler is not used because it counts its
patterns on every document (28,844 place patterns, one label each) and runs the tagger and parser
over every pattern when the pipeline loads; phrase patterns only need the tokenizer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

FACTORY = "conflictlens_dictionary_entities"
# How spaCy's entity_ruler joins a pattern's label and id into one match key: kept, so that matches
# carry the same keys and ties sort the same way.
ID_SEP = "||"
Match = tuple[int, int, int]


class DictionaryLayer:
    """One dictionary: phrase patterns matched on one token attribute, token patterns on their own tokens."""

    def __init__(self, nlp: Language, attr: str, patterns: Sequence[dict[str, Any]]) -> None:
        self.phrases = PhraseMatcher(nlp.vocab, attr=attr)
        self.tokens = Matcher(nlp.vocab)
        self.labels: dict[int, tuple[str, str | None]] = {}
        phrases = [p for p in patterns if isinstance(p["pattern"], str)]
        for pattern in patterns:
            if not isinstance(pattern["pattern"], str):
                self.tokens.add(self._key(nlp, pattern), [pattern["pattern"]])
        for pattern, doc in zip(phrases, nlp.tokenizer.pipe(p["pattern"] for p in phrases), strict=True):
            self.phrases.add(self._key(nlp, pattern), [doc])

    def _key(self, nlp: Language, pattern: dict[str, Any]) -> str:
        """The match key of a pattern (label and id), remembering the label and id it stands for."""
        label, ent_id = pattern["label"], pattern.get("id") or None
        key = f"{label}{ID_SEP}{ent_id}" if ent_id else label
        self.labels[nlp.vocab.strings.add(key)] = (label, ent_id)
        return key

    def match(self, doc: Doc) -> list[Match]:
        """The layer's distinct non-empty matches (key, start, end), longest first, then leftmost first."""
        found = list(self.tokens(doc)) if len(self.tokens) else []
        found += list(self.phrases(doc))
        distinct = {(key, start, end) for key, start, end in found if start != end}
        return sorted(distinct, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def overlay(self, doc: Doc, entities: list[Span], matches: Sequence[Match]) -> list[Span]:
        """The entities once this layer's matches are laid over them (a match wins where it overlaps)."""
        kept, added, taken = list(entities), [], set()
        for key, start, end in matches:
            if start in taken or end - 1 in taken:  # boundaries inclusive, as the entity_ruler checks them
                continue
            label, ent_id = self.labels[key]
            added.append(Span(doc, start, end, label=label, span_id=ent_id) if ent_id else
                         Span(doc, start, end, label=label))
            kept = [e for e in kept if not (e.start < end and e.end > start)]
            taken.update(range(start, end))
        return kept + added


class DictionaryEntities:
    """The pipeline component: lays each dictionary layer's matches over the document's entities in turn."""

    def __init__(self) -> None:
        self.layers: list[DictionaryLayer] = []

    def add_layer(self, nlp: Language, attr: str, patterns: Sequence[dict[str, Any]]) -> None:
        """Add a dictionary (entity_ruler-style pattern dicts) matched on `attr` ("ORTH", "LOWER")."""
        self.layers.append(DictionaryLayer(nlp, attr, patterns))

    def __call__(self, doc: Doc) -> Doc:
        """Set the document's entities from every layer, one layer after the other."""
        for layer in self.layers:
            # set after each layer, as a chain of rulers does (a token keeps the id of a span later replaced)
            doc.ents = layer.overlay(doc, list(doc.ents), layer.match(doc))
        return doc


@Language.factory(FACTORY)
def make_dictionary_entities(nlp: Language, name: str) -> DictionaryEntities:
    """An empty DictionaryEntities component; add its dictionaries with `add_layer`."""
    return DictionaryEntities()
