"""Validate the curated gazetteer supplement src/conflictlens/geo/data/places.csv."""
import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

PLACES = Path(__file__).resolve().parents[2] / "src" / "conflictlens" / "geo" / "data" / "places.csv"
HEADER = "id,name,aliases,kind,lat,lon,bbox,admin1,admin1_code,admin2,country,source"
KINDS = {"base", "airport", "oil_field", "gas_field", "camp", "crossing", "dam", "prison", "mountain", "desert",
         "region", "neighbourhood", "town", "village", "landmark"}
AREA_KINDS = {"region", "desert", "mountain"}
# Rough (min_lon, min_lat, max_lon, max_lat) boxes, padded by about half a degree.
COUNTRY_BBOX = {
    "IQ": (38.5, 28.8, 48.9, 37.6), "SY": (35.5, 32.2, 42.5, 37.6), "NG": (2.5, 4.0, 14.9, 14.0),
    "ML": (-12.5, 10.0, 4.5, 25.2), "BF": (-5.7, 9.3, 2.5, 15.2), "NE": (0.0, 11.5, 16.1, 23.6),
    "TD": (13.3, 7.3, 24.1, 23.6), "SO": (40.8, -1.8, 51.5, 12.1), "AF": (60.4, 29.3, 75.0, 38.6),
    "PK": (60.8, 23.6, 77.9, 37.2), "YE": (42.5, 12.0, 54.6, 19.1), "MZ": (30.1, -27.0, 41.0, -10.3),
    "CD": (12.1, -13.6, 31.4, 5.5), "TR": (25.6, 35.7, 44.9, 42.2), "IL": (34.2, 29.4, 35.9, 33.4),
    "PS": (34.2, 31.2, 35.6, 32.6), "LB": (35.1, 33.0, 36.7, 34.7), "CM": (8.4, 1.6, 16.2, 13.1),
}
IQ_SY_ADMIN1 = {
    "IQ-AN": "Anbar", "IQ-BG": "Baghdad", "IQ-BA": "Basra", "IQ-BB": "Babil", "IQ-DQ": "Dhi Qar", "IQ-DI": "Diyala",
    "IQ-DA": "Duhok", "IQ-AR": "Erbil", "IQ-KA": "Karbala", "IQ-KI": "Kirkuk", "IQ-MA": "Maysan", "IQ-MU": "Muthanna",
    "IQ-NA": "Najaf", "IQ-NI": "Nineveh", "IQ-QA": "Qadisiyah", "IQ-SD": "Salahuddin", "IQ-SU": "Sulaymaniyah",
    "IQ-WA": "Wasit", "SY-HL": "Aleppo", "SY-DI": "Damascus", "SY-RD": "Rif Dimashq", "SY-DR": "Daraa",
    "SY-DY": "Deir ez-Zor", "SY-HM": "Hama", "SY-HA": "Hasakah", "SY-HI": "Homs", "SY-ID": "Idlib",
    "SY-LA": "Latakia", "SY-QU": "Quneitra", "SY-RA": "Raqqa", "SY-SU": "Suwayda", "SY-TA": "Tartus",
}
SOURCE_RE = re.compile(r"^(GeoNames \d+|Wikipedia: .+|approx\..+)$")
ID_RE = re.compile(r"^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$")


def _lines() -> list[str]:
    """Return the raw lines of places.csv."""
    return PLACES.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    """Parse places.csv (after its schema comment line) into dicts."""
    return list(csv.DictReader(_lines()[1:]))


def _norm(name: str) -> str:
    """Fold a name for duplicate detection: no accents, case, punctuation or 'al-' article."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"\bal[- ]", "", folded)
    return re.sub(r"[^a-z0-9]", "", folded)


def test_schema_line_and_header() -> None:
    lines = _lines()
    assert lines[0] == "# schema_version: 1"
    assert lines[1] == HEADER


def test_every_row_has_all_columns(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert None not in row, f"places.csv:{row['id']}: too many fields"
        assert all(value is not None for value in row.values()), f"places.csv:{row['id']}: too few fields"


def test_ids_unique_and_slugs(rows: list[dict[str, str]]) -> None:
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        assert ID_RE.match(row["id"]), row["id"]
        assert row["id"].startswith(row["country"].lower() + "-"), row["id"]


def test_kinds_known(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert row["kind"] in KINDS, f"places.csv:{row['id']}: kind {row['kind']!r}"


def test_country_codes_valid(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert pycountry.countries.get(alpha_2=row["country"]) is not None, row["id"]
        assert row["country"] in COUNTRY_BBOX, f"places.csv:{row['id']}: no bbox for {row['country']}"


def test_coordinates_inside_country_box(rows: list[dict[str, str]]) -> None:
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        min_lon, min_lat, max_lon, max_lat = COUNTRY_BBOX[row["country"]]
        assert min_lat <= lat <= max_lat and min_lon <= lon <= max_lon, f"places.csv:{row['id']}: {lat},{lon}"


def test_bbox_only_for_areas_and_contains_centre(rows: list[dict[str, str]]) -> None:
    for row in rows:
        if row["kind"] not in AREA_KINDS:
            assert row["bbox"] == "", f"places.csv:{row['id']}: point kind with bbox"
            continue
        if not row["bbox"]:
            continue
        min_lon, min_lat, max_lon, max_lat = (float(x) for x in row["bbox"].split(" "))
        assert min_lon < max_lon and min_lat < max_lat, row["id"]
        assert min_lat <= float(row["lat"]) <= max_lat and min_lon <= float(row["lon"]) <= max_lon, row["id"]


def test_regions_have_bbox(rows: list[dict[str, str]]) -> None:
    missing = [row["id"] for row in rows if row["kind"] in AREA_KINDS and not row["bbox"]]
    assert missing == []


def test_admin1_codes_valid_and_consistent(rows: list[dict[str, str]]) -> None:
    for row in rows:
        code = row["admin1_code"]
        if not code:
            assert row["admin1"] == "", f"places.csv:{row['id']}: admin1 without code"
            continue
        assert pycountry.subdivisions.get(code=code) is not None, f"places.csv:{row['id']}: {code}"
        assert code.split("-")[0] == row["country"], f"places.csv:{row['id']}: {code} vs {row['country']}"
        assert row["admin1"], f"places.csv:{row['id']}: code without admin1 name"
        if row["country"] in ("IQ", "SY"):
            assert row["admin1"] == IQ_SY_ADMIN1[code], f"places.csv:{row['id']}: {row['admin1']} vs {code}"


def test_iq_sy_codes_table_matches_pycountry() -> None:
    for code in IQ_SY_ADMIN1:
        assert pycountry.subdivisions.get(code=code) is not None, code


def test_sources_present_and_well_formed(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert SOURCE_RE.match(row["source"]), f"places.csv:{row['id']}: source {row['source']!r}"


def test_names_and_aliases_clean(rows: list[dict[str, str]]) -> None:
    for row in rows:
        assert row["name"] and row["name"] == row["name"].strip(), row["id"]
        for alias in filter(None, row["aliases"].split("|")):
            assert alias == alias.strip() and alias, f"places.csv:{row['id']}: alias {alias!r}"
        assert "" not in row["aliases"].split("|") or row["aliases"] == "", row["id"]


def test_no_alias_shared_between_places_of_one_country(rows: list[dict[str, str]]) -> None:
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for label in [row["name"], *filter(None, row["aliases"].split("|"))]:
            owners[(row["country"], _norm(label))].add(row["id"])
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1}
    assert shared == {}


def test_enough_iraq_and_syria_rows(rows: list[dict[str, str]]) -> None:
    assert sum(row["country"] in ("IQ", "SY") for row in rows) >= 400


def test_key_places_present(rows: list[dict[str, str]]) -> None:
    ids = {row["id"] for row in rows}
    for key in ("iq-ain-al-asad-airbase", "sy-al-hol-camp", "sy-al-tanf-base", "sy-conoco-gas-field",
                "iq-mosul-dam", "sy-badiya", "iq-baghdad-karrada", "sy-semalka-crossing"):
        assert key in ids, key
