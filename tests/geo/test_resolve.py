"""Tests of context-aware resolution, place-name finding and ruler patterns (own sentences)."""

from pathlib import Path

import pytest

from conflictlens.geo.gazetteer import Gazetteer, build_index
from conflictlens.geo.resolve import doc_context, find_place_names, geocode_text, resolve, ruler_patterns
from conflictlens.model import Place

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    return Gazetteer(build_index(path, DATA / "places_small.csv", include_towns=False))


def _resolve(gaz: Gazetteer, text: str, name: str, prior: tuple[Place, ...] = ()) -> Place | None:
    start = text.index(name)
    return resolve(name, start, start + len(name), text, doc_context(text, gazetteer=gaz), prior, gazetteer=gaz)


def test_doc_context_reads_country_and_province(gaz: Gazetteer) -> None:
    ctx = doc_context("Mortars fell on a market in Iraq's Anbar province at dawn.", gazetteer=gaz)
    assert {h.code for h in ctx.countries} == {"IQ"}
    assert [h.code for h in ctx.provinces] == ["IQ-AN"]


def test_province_without_country_or_wording_is_ignored(gaz: Gazetteer) -> None:
    assert doc_context("A man named Homs spoke in Paris.", gazetteer=gaz).provinces == ()


def test_namesake_in_named_country_wins(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Gunmen raided a farm outside Karma in Anbar province, Iraq.", "Karma")
    assert place is not None and place.country == "IQ" and place.admin1_code == "IQ-AN"
    assert "Anbar" in place.trace


def test_province_named_nearby_picks_namesake(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "A roadside bomb hit a patrol in Khalis, Diyala governorate, Iraq.", "Khalis")
    assert place is not None and place.admin1_code == "IQ-DI"
    place = _resolve(gaz, "Shells landed on Khalis, in Aleppo province, Syria.", "Khalis")
    assert place is not None and place.admin1_code == "SY-HL"


def test_prior_places_pick_namesake(gaz: Gazetteer) -> None:
    text = "Fighters moved on Khalis after the battle."
    baquba = Place("Baqubah", "IQ", "Diyala", "IQ-DI", None, 33.7466, 44.6437, 1, "town")
    place = _resolve(gaz, text, "Khalis", (baquba,))
    assert place is not None and place.admin1_code == "IQ-DI"


def test_far_namesake_never_returned(gaz: Gazetteer) -> None:
    assert _resolve(gaz, "Rebels shelled Karma in Syria overnight.", "Karma") is None


def test_tiny_village_without_context_is_none(gaz: Gazetteer) -> None:
    assert _resolve(gaz, "A drone struck Karma village.", "Karma") is None


def test_precision_one_for_place_itself(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Rockets hit Ain al-Asad in western Iraq.", "Ain al-Asad")
    assert place is not None and place.precision == 1 and place.kind == "base"


@pytest.mark.parametrize(
    "text",
    [
        "Clashes broke out near Hit, Iraq.",
        "Clashes broke out on the outskirts of Hit, Iraq.",
        "Clashes broke out east of Hit, Iraq.",
        "Clashes broke out in the Hit countryside, Iraq.",
        "Clashes broke out in Hit district, Iraq.",
    ],
)
def test_precision_two_for_near_and_district(gaz: Gazetteer, text: str) -> None:
    place = _resolve(gaz, text, "Hit")
    assert place is not None and place.precision == 2 and place.admin1_code == "IQ-AN"


def test_province_name_gives_admin1_centroid(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Raids continued across Anbar province, Iraq.", "Anbar")
    assert place is not None and place.precision == 3 and place.kind == "admin1"
    assert place.admin1 == "Anbar" and place.admin1_code == "IQ-AN" and place.lat is not None


def test_desert_region_is_precision_three(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Cells hide in the Badiya of Syria.", "Badiya")
    assert place is not None and place.precision == 3 and place.country == "SY"


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Attacks rose in northern Iraq this week.", "northern Iraq"),
        ("Officials in Iraq said fighting spread to the north of the country.", "north of the country"),
        ("Iraq's leaders fear cells in their country's north.", "their country's north"),
    ],
)
def test_direction_phrases_give_country(gaz: Gazetteer, text: str, phrase: str) -> None:
    place = _resolve(gaz, text, phrase)
    assert place is not None and place.country == "IQ" and place.precision == 3
    assert place.admin1 is None


def test_unknown_name_without_any_context_is_none(gaz: Gazetteer) -> None:
    assert _resolve(gaz, "Nothing happened in Zzyzxville overnight.", "Zzyzxville") is None


def test_unknown_name_falls_back_to_the_documents_province_then_country(gaz: Gazetteer) -> None:
    text = "Gunmen hit Zzyzxville. Police in Anbar province said the attackers fled. Anbar is calm."
    place = _resolve(gaz, text, "Zzyzxville")
    assert place is not None and place.admin1_code == "IQ-AN" and place.precision == 3
    place = _resolve(gaz, "Nothing happened in Zzyzxville, Iraq.", "Zzyzxville")
    assert place is not None and place.country == "IQ" and place.admin1 is None and place.precision == 3


def test_unknown_name_takes_province_written_next_to_it(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "A bomb went off in Qwertiyah village, Diyala governorate, Iraq.", "Qwertiyah")
    assert place is not None and place.admin1_code == "IQ-DI" and place.precision == 3


def test_find_place_names_spans(gaz: Gazetteer) -> None:
    text = "On Monday, rockets hit Ain al-Asad in northern Iraq. The Deir Ezzor front was calm."
    spans = {text[s:e] for s, e in find_place_names(text, gazetteer=gaz)}
    assert {"Ain al-Asad", "northern Iraq", "Deir Ezzor"} <= spans
    assert "Monday" not in spans and "On" not in spans


def test_geocode_text_returns_candidates(gaz: Gazetteer) -> None:
    results = geocode_text("Gunmen attacked Karma, Anbar province, Iraq.", gazetteer=gaz)
    karma = next(r for r in results if r.text == "Karma")
    assert karma.place is not None and karma.place.country == "IQ"
    assert karma.candidates and karma.candidates[0].score >= karma.candidates[-1].score


def test_ruler_patterns_labels_and_variants(gaz: Gazetteer) -> None:
    patterns = ruler_patterns(gazetteer=gaz)
    by_text = {p["pattern"]: p["label"] for p in patterns}
    assert by_text["Ain al-Asad"] == "FAC" and by_text["Tanf"] == "FAC"
    assert by_text["Anbar"] == "GPE" and by_text["Badiya"] == "LOC"
    assert len(patterns) < 30_000


def test_demonym_names_the_country(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Iraqi troops came under fire near Karma at dawn.", "Karma")
    assert place is not None and place.country == "IQ" and place.admin1_code == "IQ-AN"


def test_far_demonym_does_not_widen_a_named_country(gaz: Gazetteer) -> None:
    ctx = doc_context("Syria said Indian engineers left Deir ez-Zor province.", gazetteer=gaz)
    assert ctx.country_codes() == {"SY"}


def test_dateline_names_the_country(gaz: Gazetteer) -> None:
    ctx = doc_context("ANBAR — Gunmen attacked a checkpoint overnight, police said.", gazetteer=gaz)
    assert "IQ" in ctx.country_codes()
    assert all(h.kind == "dateline" for h in ctx.countries)
    assert [h.code for h in ctx.provinces] == ["IQ-AN"]


def test_province_name_of_one_country_implies_it(gaz: Gazetteer) -> None:
    ctx = doc_context("Clashes went on overnight in rural Deir ez-Zor.", gazetteer=gaz)
    assert "SY" in ctx.country_codes() and "SY-DY" in {h.code for h in ctx.provinces}


def test_province_with_its_generic_word_is_explicit(gaz: Gazetteer) -> None:
    ctx = doc_context("Convoys were ambushed in Anbar Province on Friday.", gazetteer=gaz)
    assert [(h.code, h.explicit) for h in ctx.provinces] == [("IQ-AN", True)]


def test_stated_province_rules_out_a_place_elsewhere(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "Shells landed on Karma, Nineveh province, Iraq, on Monday.", "Karma")
    assert place is not None and place.admin1_code == "IQ-NI" and place.precision == 3


def test_unknown_village_takes_the_next_place_of_its_chain(gaz: Gazetteer) -> None:
    text = "Gunmen raided Qaryat Zzyzx village, near Hit, Anbar province, Iraq."
    place = _resolve(gaz, text, "Qaryat Zzyzx")
    assert place is not None and place.name == "Qaryat Zzyzx" and place.precision == 2
    assert place.admin1_code == "IQ-AN" and "Hit" in place.trace


def test_unknown_village_east_of_a_town_takes_that_town(gaz: Gazetteer) -> None:
    text = "A roadside bomb hit Qaryat Zzyzx, east of Baqubah, Diyala, Iraq."
    place = _resolve(gaz, text, "Qaryat Zzyzx")
    assert place is not None and place.precision == 2 and "Baqubah" in place.trace


def test_neighbourhood_of_another_province_is_not_stretched_into_the_stated_one(gaz: Gazetteer) -> None:
    place = _resolve(gaz, "A bomb went off in Zzyzxiya, Diyala province, Iraq.", "Zzyzxiya")
    assert place is None or (place.kind != "neighbourhood" and place.admin1_code == "IQ-DI")
