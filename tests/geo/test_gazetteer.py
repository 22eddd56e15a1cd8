"""Tests of the gazetteer index: building, lookup, curated CSV validation."""

from pathlib import Path

import pytest

from conflictlens.errors import GeoError
from conflictlens.geo.gazetteer import (
    Gazetteer,
    admin1_english,
    build_index,
    demonyms,
    gazetteer_info,
    load_curated,
)

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "g.sqlite"
    return Gazetteer(build_index(path, DATA / "places_small.csv", include_towns=False))


def test_curated_place_found_by_alias(gaz: Gazetteer) -> None:
    names = {c.name for c in gaz.candidates("Ayn al-Asad")}
    assert names == {"Ain al-Asad"}


def test_admin1_has_codebook_name_and_centroid(gaz: Gazetteer) -> None:
    anbar = gaz.place("admin1", "IQ-AN")
    assert anbar is not None and anbar.name == "Anbar" and anbar.lat is not None
    assert any(c.admin1_code == "SY-DY" and c.kind == "admin1" for c in gaz.candidates("Dayr az Zawr"))


def test_kurdish_governorate_is_admin1_not_region(gaz: Gazetteer) -> None:
    kinds = {(c.kind, c.admin1_code) for c in gaz.candidates("Erbil")}
    assert ("admin1", "IQ-AR") in kinds
    assert gaz.place("admin1", "IQ-KR") is None


def test_country_and_neighbours(gaz: Gazetteer) -> None:
    assert any(c.kind == "country" and c.country == "IQ" for c in gaz.candidates("Iraq"))
    assert "SY" in gaz.neighbours["IQ"]


def test_curated_admin2_from_row(gaz: Gazetteer) -> None:
    (base,) = gaz.candidates("Ain al-Asad")
    assert base.admin2 == "Hit" and base.admin1 == "Anbar"


def test_bad_curated_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "# schema_version: 1\nid,name,aliases,kind,lat,lon,bbox,admin1,admin1_code,admin2,country,source\n"
        "x,Somewhere,,spaceport,1,2,,,,,IQ,test\n",
        encoding="utf-8",
    )
    with pytest.raises(GeoError, match=r"bad.csv:3 \(x\): unknown kind"):
        load_curated(bad)


def test_missing_version_line_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "nov.csv"
    bad.write_text("id,name\n", encoding="utf-8")
    with pytest.raises(GeoError, match="schema_version"):
        load_curated(bad)


def test_info_reports_size_counts_and_rss(gaz: Gazetteer) -> None:
    info = gazetteer_info(gaz.path)
    assert info["places"] > 3000 and info["names"] > info["places"]
    # the process's resident memory depends on what other tests loaded; benchmarks/geo_benchmark.py measures it
    assert info["rss_mb"] > 0 and info["size_mb"] >= 0


def test_missing_index_raises(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="not found"):
        Gazetteer(tmp_path / "none.sqlite")


def test_admin1_names_and_demonyms_load() -> None:
    assert admin1_english()["IQ-SD"][0] == "Salahuddin"
    assert demonyms()["iraqi"] == "IQ" and demonyms()["burkinabe"] == "BF"


def test_bad_code_names_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "admin1.csv"
    bad.write_text("# schema_version: 1\ncode,names\nIQ-AN,Anbar\nnot a code,X\n", encoding="utf-8")
    with pytest.raises(GeoError, match=r"admin1.csv:4 \(not a code\)"):
        admin1_english(bad)
