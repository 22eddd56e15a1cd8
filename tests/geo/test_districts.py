"""Tests of districts (admin2 centroids) and short names, on an index with the towns of two countries."""

from pathlib import Path

import pytest

from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import Gazetteer, build_index
from conflictlens.geo.resolve import resolve
from conflictlens.model import Place

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    return Gazetteer(build_index(path, DATA / "places_small.csv", town_countries={"IQ", "BF"}))


def _resolve(gaz: Gazetteer, text: str, name: str) -> Place | None:
    start = text.index(name)
    return resolve(name, start, start + len(name), text, doc_context(text, gazetteer=gaz), gazetteer=gaz)


def test_district_entry_sits_among_its_towns(gaz: Gazetteer) -> None:
    districts = [c for c in gaz.candidates("Baiji") if c.kind == "district"]
    assert len(districts) == 1 and districts[0].admin1_code == "IQ-SD"
    assert 34.0 < (districts[0].lat or 0) < 36.0 and 42.5 < (districts[0].lon or 0) < 44.5


def test_named_district_is_placed_at_its_seat_with_precision_two(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "A roadside bomb struck a convoy in Baiji district, Salahuddin, Iraq.", "Baiji")
    town = next(c for c in gaz.candidates("Baiji") if c.kind == "town")
    assert place is not None and place.kind == "district" and place.precision == 2
    assert (place.lat, place.lon) == (town.lat, town.lon)


def test_unknown_village_in_a_named_district(gaz: Gazetteer) -> None:
    text = "Militants torched homes in Qaryat Zzyzx, Baiji district, Salahuddin province, Iraq."
    place = _resolve(gaz, text, "Qaryat Zzyzx")
    assert place is not None and place.precision == 2 and place.admin1_code == "IQ-SD"
    assert "Baiji" in place.trace


def test_short_folded_name_is_indexed(gaz: Gazetteer) -> None:
    assert any(c.country == "BF" and c.kind != "district" for c in gaz.candidates("Kaya"))
