"""Tests of the GeoNames extract: selecting dump rows, the extract file, loading it into the index, and
the resolver's priors and place cues on it (handwritten dump rows of invented places, several theatres)."""

import zipfile
from pathlib import Path

import pytest

from conflictlens.errors import GeoError
from conflictlens.geo.context import doc_context
from conflictlens.geo.gazetteer import Gazetteer, build_index, gazetteer_info
from conflictlens.geo.geonames import (
    extract_date,
    load_selection,
    parse_selection,
    read_extract,
    write_extract,
)
from conflictlens.geo.priors import load_priors, parse_priors
from conflictlens.geo.resolve import find_place_names, resolve
from conflictlens.geo.scoring import score_candidates


def _row(gid: int, name: str, lat: float, lon: float, feature: str, country: str, admin1: str,
         population: int = 0, alternates: str = "", modified: str = "2026-10-01") -> str:
    """One dump row in GeoNames' 19-column layout."""
    fclass, fcode = feature.split(".")
    cells = [str(gid), name, name, alternates, str(lat), str(lon), fclass, fcode, country, "", admin1, "", "", "",
             str(population), "", "300", "Asia/Baghdad", modified]
    return "\t".join(cells)


ROWS = [
    # Iraq: a town and a hamlet sharing a name in two provinces, a wadi, a base
    _row(90000001, "Qasr Zarqun", 33.40, 43.30, "P.PPL", "IQ", "01", 52000, "Zarqun al-Kabir,قصر زرقون,Каср"),
    _row(90000002, "Qasr Zarqun", 36.10, 42.90, "P.PPL", "IQ", "15", 0),
    _row(90000003, "Wadi Harbaq", 33.90, 41.90, "T.VAL", "IQ", "01"),
    _row(90000004, "Tell Meshan", 36.30, 43.10, "S.MILB", "IQ", "15", modified="2026-11-20"),
    # Nigeria, Somalia, Afghanistan, Mozambique: hamlets
    _row(90000005, "Gajiram Kura", 12.40, 13.20, "P.PPL", "NG", "27", 0),
    _row(90000006, "Buulo Mareer Dhexe", 1.80, 44.40, "P.PPL", "SO", "14", 0),
    _row(90000007, "Kalay Zarghun", 31.50, 64.30, "P.PPL", "AF", "10", 0),
    _row(90000008, "Ntchinga Velha", -11.80, 40.20, "P.PPL", "MZ", "01", 0),
    # Turkey: a south-east province is kept, Istanbul is not
    _row(90000009, "Gecitli Koy", 37.50, 43.60, "P.PPL", "TR", "70", 0),
    _row(90000010, "Kadikoy Yeni", 41.00, 29.00, "P.PPL", "TR", "34", 0),
    # a feature code the selection leaves out (a hotel) and a country it leaves out
    _row(90000011, "Funduq Zarqun", 33.41, 43.31, "S.HTL", "IQ", "01"),
    _row(90000012, "Quinta Nova", 38.70, -9.10, "P.PPL", "PT", "14", 0),
]


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    dump = folder / "IQ.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("IQ.txt", "\n".join(ROWS) + "\n")
        archive.writestr("readme.txt", "not rows\n")
    out = folder / "extract.tsv.gz"
    write_extract([dump], out, load_selection())
    return out


@pytest.fixture(scope="module")
def gaz(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    csv = Path(__file__).parent / "data" / "places_small.csv"
    return Gazetteer(build_index(path, csv, include_towns=False, extract=extract))


def test_extract_keeps_selected_rows_and_scripts(extract: Path) -> None:
    rows = {r.geonameid: r for r in read_extract(extract)}
    assert 90000011 not in rows and 90000012 not in rows  # hotel, Portugal
    assert 90000009 in rows and 90000010 not in rows  # Hakkari kept, Istanbul not
    town = rows[90000001]
    assert town.alternates == ("Zarqun al-Kabir", "قصر زرقون")  # Cyrillic dropped
    assert (rows[90000003].kind, rows[90000004].kind) == ("valley", "base")
    assert extract_date(extract) == "2026-11-20"


def test_extract_is_deterministic(extract: Path, tmp_path: Path) -> None:
    dump = tmp_path / "rows.txt"
    dump.write_text("\n".join(reversed(ROWS)) + "\n", encoding="utf-8")
    again = tmp_path / "again.tsv.gz"
    write_extract([dump], again, load_selection())
    assert again.read_bytes() == extract.read_bytes()


def test_bad_selection_and_bad_extract_name_the_input(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="sel.yaml: countries.Iraq"):
        parse_selection({"schema_version": 1, "countries": {"Iraq": "all"}}, "sel.yaml")
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(GeoError, match="bad.tsv.gz"):
        list(read_extract(bad))
    with pytest.raises(GeoError, match="p.yaml: missing or non-numeric"):
        parse_priors({"schema_version": 1, "main_name": "x"}, "p.yaml")


def test_index_maps_geonames_admin1_to_iso(gaz: Gazetteer) -> None:
    found = {(c.admin1_code, c.kind, c.population) for c in gaz.candidates("Qasr Zarqun")}
    assert found == {("IQ-AN", "town", 52000), ("IQ-NI", "village", 0)}
    assert {c.admin1_code for c in gaz.candidates("Zarqun al-Kabir")} == {"IQ-AN"}
    assert [c.admin1_code for c in gaz.candidates("Gecitli Koy")] == ["TR-30"]


def test_info_counts_extract_rows_and_date(gaz: Gazetteer) -> None:
    info = gazetteer_info(gaz.path)
    assert info["geonames_rows"] == 9 and info["source_date"] == "2026-11-20"
    rows = {(r["country"], r["kind"], r["source"]): r["rows"] for r in info["rows"]}
    assert rows[("IQ", "village", "geonames")] == 1 and rows[("NG", "village", "geonames")] == 1


def test_big_town_beats_hamlet_without_other_evidence(gaz: Gazetteer) -> None:
    text = "Gunmen attacked a checkpoint in Qasr Zarqun, Iraq, on Monday."
    start = text.index("Qasr")
    place = resolve("Qasr Zarqun", start, start + 11, text, doc_context(text, gazetteer=gaz), gazetteer=gaz)
    assert place is not None and place.admin1_code == "IQ-AN" and place.precision == 1


def test_province_named_nearby_picks_the_hamlet(gaz: Gazetteer) -> None:
    text = "A roadside bomb hit a car in Qasr Zarqun village in Nineveh province, Iraq."
    start = text.index("Qasr")
    place = resolve("Qasr Zarqun", start, start + 11, text, doc_context(text, gazetteer=gaz), gazetteer=gaz)
    assert place is not None and place.admin1_code == "IQ-NI"


def test_feature_class_prior_ranks_terrain_below_populated_places(gaz: Gazetteer) -> None:
    priors = load_priors()
    (wadi,) = gaz.candidates("Wadi Harbaq")
    hamlet = next(c for c in gaz.candidates("Qasr Zarqun") if c.population == 0)
    assert priors.score(wadi) < priors.score(hamlet)
    text = "Militants hid in Wadi Harbaq in Anbar, Iraq."
    start = text.index("Wadi")
    _, scored = score_candidates("Wadi Harbaq", start, start + 11, text, doc_context(text, gazetteer=gaz), gazetteer=gaz)
    assert scored and scored[0].candidate.kind == "valley"
    assert any(r.startswith("GeoNames T.VAL") for r in scored[0].reasons)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Boko Haram fighters raided Gajiram Kura in Borno state, Nigeria.", "Gajiram Kura"),
        ("Al-Shabaab attacked an army post near Buulo Mareer Dhexe, Somalia.", "Buulo Mareer Dhexe"),
        ("Taliban fighters overran Kalay Zarghun village, Afghanistan.", "Kalay Zarghun"),
        ("Insurgents burned houses in Ntchinga Velha, Cabo Delgado province, Mozambique.", "Ntchinga Velha"),
    ],
)
def test_extract_hamlet_named_as_a_place_is_found(gaz: Gazetteer, text: str, name: str) -> None:
    start = text.index(name)
    assert (start, start + len(name)) in find_place_names(text, gazetteer=gaz)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gajiram Kura told reporters in Nigeria that the road was open.", "Gajiram Kura"),
        ("The spokesman, Kalay Zarghun, said Afghanistan would respond.", "Kalay Zarghun"),
        ("Buulo Mareer Dhexe clan elders met officials in Somalia.", "Buulo Mareer Dhexe"),
    ],
)
def test_extract_only_name_without_place_wording_is_not_a_place(gaz: Gazetteer, text: str, name: str) -> None:
    start = text.index(name)
    assert (start, start + len(name)) not in find_place_names(text, gazetteer=gaz)


def test_approx_curated_point_takes_geonames_point(extract: Path, tmp_path: Path) -> None:
    csv = tmp_path / "places.csv"
    csv.write_text(
        "# schema_version: 1\nid,name,aliases,kind,lat,lon,bbox,admin1,admin1_code,admin2,country,source\n"
        "x-meshan,Tell Meshan base,Tell Meshan,base,36.35,43.05,,Nineveh,IQ-NI,,IQ,approx., from general knowledge\n"
        "x-harbaq,Harbaq camp,Wadi Harbaq,camp,33.95,41.95,,Anbar,IQ-AN,,IQ,approx., from general knowledge\n",
        encoding="utf-8",
    )
    gaz = Gazetteer(build_index(tmp_path / "g.sqlite", csv, include_towns=False, extract=extract))
    base = next(c for c in gaz.candidates("Tell Meshan base") if c.source.startswith("curated"))
    assert (base.lat, base.lon) == (36.3, 43.1) and "point from GeoNames 90000004" in base.source
    camp = next(c for c in gaz.candidates("Harbaq camp") if c.source.startswith("curated"))
    assert (camp.lat, camp.lon) == (33.95, 41.95)  # the valley is not a camp: the point stays
