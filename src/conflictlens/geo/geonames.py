"""GeoNames dump rows to the shipped extract and back: which rows and names are kept, the extract's file format.

A GeoNames dump (``allCountries.txt`` or a per-country ``XX.txt``, plain or zipped) has one
tab-separated row per feature: geonameid, name, asciiname, alternatenames (comma-separated),
latitude, longitude, feature class, feature code, country code, cc2, admin1 code, admin2 code,
admin3, admin4, population, elevation, dem, timezone, modification date. The extract keeps the
rows ``data/geonames_selection.yaml`` selects (theatre countries, some only by admin1; populated
places and the feature codes conflict reports name), their Latin- and Arabic-script names, and is
written as gzip-compressed TSV whose first line records the dump's date.
GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictlens.errors import GeoError

SELECTION_YAML = Path(__file__).parent / "data" / "geonames_selection.yaml"
EXTRACT_COLUMNS = (
    "geonameid", "name", "asciiname", "alternates", "lat", "lon", "feature", "country", "admin1",
    "admin2", "population", "kind",
)
DUMP_FIELDS = 19
KINDS = frozenset(
    ["populated", "neighbourhood", "base", "airport", "dam", "camp", "crossing", "prison", "oil_field",
     "gas_field", "desert", "valley", "mountain", "region"]
)
LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff\u2018\u2019\u02bb-\u02bf]+$")
ARABIC = re.compile(r"^[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d ]+$")
_SCRIPTS = {"latin": LATIN, "arabic": ARABIC}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Selection:
    """Which dump rows and names go into the extract."""

    countries: dict[str, frozenset[str] | None]  # country -> admin1 codes kept (None: all)
    features: dict[str, str]  # "P.PPL" -> kind
    scripts: tuple[str, ...]

    def kind(self, country: str, admin1: str, feature: str) -> str | None:
        """The kind a row becomes, or None when the selection leaves it out."""
        if country not in self.countries:
            return None
        admin1s = self.countries[country]
        if admin1s is not None and admin1 not in admin1s:
            return None
        return self.features.get(feature)


@dataclass(frozen=True)
class ExtractRow:
    """One GeoNames feature as the extract keeps it."""

    geonameid: int
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature: str  # class.code, e.g. "P.PPLA2"
    country: str
    admin1: str  # GeoNames admin1 code ("01"), not ISO 3166-2
    admin2: str
    population: int
    kind: str


def parse_selection(data: object, where: str = "selection") -> Selection:
    """A Selection from parsed YAML, validated (errors name ``where`` and the entry)."""
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise GeoError(f"{where}: expected a mapping with schema_version: 1")
    countries: dict[str, frozenset[str] | None] = {}
    for code, admin1s in (data.get("countries") or {}).items():
        if not re.fullmatch(r"[A-Z]{2}", str(code)):
            raise GeoError(f"{where}: countries.{code}: not an ISO alpha-2 code")
        if admin1s == "all":
            countries[code] = None
        elif isinstance(admin1s, list) and admin1s and all(isinstance(a, str) and a for a in admin1s):
            countries[code] = frozenset(admin1s)
        else:
            raise GeoError(f"{where}: countries.{code}: expected 'all' or a list of admin1 codes")
    features = {}
    for feature, kind in (data.get("features") or {}).items():
        if not re.fullmatch(r"[A-Z]\.[A-Z0-9]+", str(feature)) or kind not in KINDS:
            raise GeoError(f"{where}: features.{feature}: bad feature code or unknown kind {kind!r}")
        features[feature] = kind
    scripts = tuple(data.get("scripts") or ())
    if not countries or not features or not scripts or any(s not in _SCRIPTS for s in scripts):
        raise GeoError(f"{where}: needs countries, features and scripts (from {sorted(_SCRIPTS)})")
    return Selection(countries, features, scripts)


@cache
def load_selection(path: Path = SELECTION_YAML) -> Selection:
    """The selection in ``path``, validated."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GeoError(f"{path}: cannot read selection: {exc}") from exc
    return parse_selection(data, str(path))


def dump_lines(path: Path) -> Iterator[str]:
    """Lines of a dump file: plain text, or every ``*.txt`` but readme.txt inside a zip."""
    if not path.exists():
        raise GeoError(f"{path}: dump file not found")
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8") as handle:
            yield from handle
        return
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.lower().endswith(".txt") and not member.lower().endswith("readme.txt"):
                    with archive.open(member) as raw:
                        yield from io.TextIOWrapper(raw, encoding="utf-8")
    except zipfile.BadZipFile as exc:
        raise GeoError(f"{path}: not a zip file: {exc}") from exc


def select_row(fields: list[str], selection: Selection) -> tuple[ExtractRow, str] | None:
    """The extract row of one dump row and its modification date, or None when not selected."""
    if len(fields) < DUMP_FIELDS:
        return None
    feature = f"{fields[6]}.{fields[7]}"
    kind = selection.kind(fields[8], fields[10], feature)
    if kind is None:
        return None
    try:
        gid, lat, lon = int(fields[0]), float(fields[4]), float(fields[5])
        population = int(fields[14] or 0)
    except ValueError:
        return None
    patterns = [_SCRIPTS[s] for s in selection.scripts]
    seen = {fields[1], fields[2]}
    alternates = []
    for alt in fields[3].split(","):
        alt = alt.strip()
        if alt and alt not in seen and any(p.match(alt) for p in patterns):
            seen.add(alt)
            alternates.append(alt)
    row = ExtractRow(
        gid, fields[1], fields[2], tuple(alternates), lat, lon, feature, fields[8], fields[10],
        fields[11], population, kind,
    )
    return row, fields[18].strip()


def _clean(text: str) -> str:
    """A value safe inside one TSV cell (no tabs, newlines or the alternates separator)."""
    return re.sub(r"[\t\r\n|]", " ", text)


def write_extract(sources: Iterable[Path], out: Path, selection: Selection, dump_date: str | None = None) -> Counter[str]:
    """Write the extract of ``sources`` to ``out`` (gzip TSV); returns rows kept per country.

    The dump date is ``dump_date`` when given, else the latest modification date of the rows kept.
    """
    kept: dict[int, ExtractRow] = {}
    latest = ""
    for source in sources:
        for line in dump_lines(source):
            picked = select_row(line.rstrip("\r\n").split("\t"), selection)
            if picked is not None:
                row, modified = picked
                kept[row.geonameid] = row
                latest = max(latest, modified if _DATE.match(modified) else "")
    date = dump_date or latest
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    # no file name and mtime=0 in the gzip header: the same rows give the same bytes
    with tmp.open("wb") as file, gzip.GzipFile("", "wb", 9, file, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as handle:
        handle.write(f"# geonames_extract schema_version: 1; source_date: {date}\n")
        handle.write("\t".join(EXTRACT_COLUMNS) + "\n")
        for gid in sorted(kept):
            r = kept[gid]
            cells = (
                str(r.geonameid), _clean(r.name), _clean(r.asciiname), "|".join(_clean(a) for a in r.alternates),
                f"{r.lat:.5f}", f"{r.lon:.5f}", r.feature, r.country, r.admin1, r.admin2, str(r.population), r.kind,
            )
            handle.write("\t".join(cells) + "\n")
    tmp.replace(out)
    return Counter(r.country for r in kept.values())


def extract_date(path: Path) -> str:
    """The source date written in an extract's first line ("" when it gives none)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        first = handle.readline()
    match = re.search(r"source_date: (\S*)", first)
    return match.group(1) if match else ""


def read_extract(path: Path) -> Iterator[ExtractRow]:
    """Rows of an extract file, checked (a bad line raises GeoError naming file and line)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            first = handle.readline()
            if not first.startswith("# geonames_extract schema_version: 1"):
                raise GeoError(f"{path}:1: not a GeoNames extract (got {first[:60]!r})")
            if tuple(handle.readline().rstrip("\n").split("\t")) != EXTRACT_COLUMNS:
                raise GeoError(f"{path}:2: columns differ from {list(EXTRACT_COLUMNS)}")
            for number, line in enumerate(handle, start=3):
                yield _extract_row(path, number, line.rstrip("\n").split("\t"))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise GeoError(f"{path}: cannot read extract: {exc}") from exc


def _extract_row(path: Path, number: int, cells: list[str]) -> ExtractRow:
    """One extract line as an ExtractRow."""
    if len(cells) != len(EXTRACT_COLUMNS) or cells[-1] not in KINDS:
        raise GeoError(f"{path}:{number}: expected {len(EXTRACT_COLUMNS)} cells and a known kind")
    try:
        return ExtractRow(
            int(cells[0]), cells[1], cells[2], tuple(a for a in cells[3].split("|") if a), float(cells[4]),
            float(cells[5]), cells[6], cells[7], cells[8], cells[9], int(cells[10] or 0), cells[11],
        )
    except ValueError as exc:
        raise GeoError(f"{path}:{number}: bad number ({exc})") from exc
