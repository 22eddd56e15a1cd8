"""Dictionary entities: the same entities as a chain of spaCy entity rulers (overwrite_ents), on a blank pipeline."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc

from conflictlens.dictionary_entities import FACTORY, DictionaryEntities

PLACES = [
    {"label": "GPE", "pattern": "Mosul", "id": "mosul"},
    {"label": "GPE", "pattern": "Nineveh", "id": "nineveh"},
    {"label": "FAC", "pattern": "Ain al-Asad", "id": "ain al asad"},
    {"label": "GPE", "pattern": "Deir ez-Zor", "id": "deir ez zor"},
    {"label": "GPE", "pattern": "Deir", "id": "deir"},
    {"label": "GPE", "pattern": "Menaka", "id": "menaka"},
    {"label": "LOC", "pattern": "Lake Chad", "id": "lake chad"},
    {"label": "GPE", "pattern": "Chad", "id": "chad"},
    {"label": "GPE", "pattern": "Borno", "id": "borno"},
    {"label": "GPE", "pattern": "Mogadishu", "id": "mogadishu"},
    {"label": "GPE", "pattern": "Khost", "id": "khost"},
    {"label": "GPE", "pattern": "Marib", "id": "marib"},
    {"label": "GPE", "pattern": "Cabo Delgado", "id": "cabo delgado"},
    {"label": "GPE", "pattern": "Mocimboa da Praia", "id": "mocimboa da praia"},
    {"label": "GPE", "pattern": "Beni", "id": "beni"},
    {"label": "GPE", "pattern": "Ituri", "id": "ituri"},
    {"label": "GPE", "pattern": "Sahel", "id": "sahel"},
    {"label": "GPE", "pattern": "West Africa", "id": "west africa"},
    {"label": "GPE", "pattern": "Mosul", "id": "mosul"},  # the same name twice, as two gazetteer rows give it
]
ACTORS = [
    {"label": "ACTOR", "pattern": "Islamic State", "id": "Islamic State"},
    {"label": "ACTOR", "pattern": "Islamic State West Africa Province", "id": "ISWAP"},
    {"label": "ACTOR", "pattern": "ISWAP", "id": "ISWAP"},
    {"label": "ACTOR", "pattern": "al-Shabaab", "id": "al-Shabaab"},
    {"label": "ACTOR", "pattern": "Islamic State Sahel Province", "id": "IS Sahel"},
    {"label": "ACTOR", "pattern": "Tehrik-i-Taliban Pakistan", "id": "TTP"},
    {"label": "ACTOR", "pattern": "Houthis", "id": "Houthis"},
    {"label": "ACTOR", "pattern": "Allied Democratic Forces", "id": "ADF"},
    {"label": "ACTOR", "pattern": [{"ORTH": "IS"}], "id": "Islamic State"},  # case-sensitive: not the verb "is"
    {"label": "ACTOR", "pattern": [{"ORTH": "ADF"}], "id": "ADF"},
]
# Written for this test: places inside actor names, longer and shorter names at one spot, case variants.
SENTENCES = [
    "Islamic State fighters attacked an army post west of Mosul in Nineveh on Monday.",
    "Rockets hit Ain al-Asad air base; IS claimed the strike, which is the third this month.",
    "Clashes near Deir ez-Zor left six dead, and Deir residents fled east.",
    "Islamic State Sahel Province gunmen killed 12 villagers near Menaka, in the Sahel.",
    "ISWAP, or Islamic State West Africa Province, raided a camp on the shores of Lake Chad in Borno.",
    "islamic state west africa province also struck Chad, officials in West Africa said.",
    "Al-Shabaab militants detonated a car bomb in Mogadishu; AL-SHABAAB later said it did.",
    "Tehrik-i-Taliban Pakistan said it ambushed a convoy near Khost.",
    "The Houthis fired drones at Marib overnight, the coalition said.",
    "Insurgents overran Mocimboa da Praia in Cabo Delgado after a three-day siege.",
    "ADF rebels killed 20 people near Beni; the Allied Democratic Forces are active in Ituri too.",
    "Nothing in this sentence is in any dictionary.",
]


def _patterns_ruler_chain() -> Language:
    nlp = spacy.blank("en")
    for name, attr, patterns in (("places", None, PLACES), ("actors", "LOWER", ACTORS)):
        ruler = nlp.add_pipe("entity_ruler", name=name, config={"overwrite_ents": True, "phrase_matcher_attr": attr})
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def _dictionary() -> Language:
    nlp = spacy.blank("en")
    component: DictionaryEntities = nlp.add_pipe(FACTORY)
    component.add_layer(nlp, "ORTH", PLACES)
    component.add_layer(nlp, "LOWER", ACTORS)
    return nlp


def _annotations(doc: Doc) -> tuple[list[tuple[Any, ...]], list[list[int]]]:
    return ([(e.start_char, e.end_char, e.label_, e.id_) for e in doc.ents],
            doc.to_array([ENT_IOB, ENT_TYPE, ENT_ID]).tolist())


@pytest.mark.parametrize("text", SENTENCES)
def test_dictionary_entities_match_a_chain_of_entity_rulers(text: str) -> None:
    assert _annotations(_dictionary()(text)) == _annotations(_patterns_ruler_chain()(text))


def test_dictionary_entities_actor_wins_over_a_place_inside_it_and_longest_name_wins() -> None:
    doc = _dictionary()("ISWAP, or Islamic State West Africa Province, raided a camp on the shores of Lake Chad.")
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("ISWAP", "ACTOR", "ISWAP"), ("Islamic State West Africa Province", "ACTOR", "ISWAP"),
        ("Lake Chad", "LOC", "lake chad"),
    ]


def test_dictionary_entities_places_only_as_written_actors_in_any_case() -> None:
    doc = _dictionary()("mosul is quiet; islamic state is not, and IS fighters moved to Mosul.")
    assert [(e.text, e.label_) for e in doc.ents] == [("islamic state", "ACTOR"), ("IS", "ACTOR"),
                                                       ("Mosul", "GPE")]
