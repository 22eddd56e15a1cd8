"""Write incidents as JSONL (codebook), ACLED- and GTD-style CSV, GeoJSON and Parquet files."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from conflictlens.errors import InputError

__all__ = [
    "ACLED_COLUMNS",
    "CODEBOOK_FIELDS",
    "GTD_COLUMNS",
    "write_acled_csv",
    "write_geojson",
    "write_gtd_csv",
    "write_jsonl",
    "write_parquet",
]

Record = Mapping[str, Any]

CODEBOOK_FIELDS = (
    "event_id", "event_type", "date_start", "date_end", "date_precision", "perpetrator",
    "perpetrator_attribution", "target", "target_type", "location", "admin1", "admin1_code", "admin2",
    "country", "lat", "lon", "geo_precision", "killed", "killed_low", "killed_high", "wounded",
    "kidnapped", "evidence", "sources", "doc_ids",
)  # fmt: skip
_LIST_FIELDS = ("evidence", "sources", "doc_ids")
_DATE_FIELDS = ("date_start", "date_end")
_INT_FIELDS = ("geo_precision", "killed", "killed_low", "killed_high", "wounded", "kidnapped")
_FLOAT_FIELDS = ("lat", "lon")

# ACLED: our event_type -> (event_type, sub_event_type); see docs/export-mapping.md for the reasons.
_ACLED_TYPES = {
    "armed_clash": ("Battles", "Armed clash"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "assassination": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "execution": ("Violence against civilians", "Attack"),
    "attack_on_property": ("Strategic developments", "Looting/property destruction"),
}
_ACLED_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
}
_ACLED_TIME_PRECISION = {"day": 1, "range": 2, "month": 3, "year": 3}
_ACLED_INTER = {
    "state": "State forces", "rebel": "Rebel group", "militia": "Political militia",
    "terrorist_group": "Rebel group", "coalition": "External/Other forces", "civilians": "Civilians",
}  # fmt: skip
_ACLED_INTER_BY_TARGET = {
    "military": "State forces", "police": "State forces", "government": "State forces",
    "militia": "Political militia", "coalition": "External/Other forces", "civilians": "Civilians",
    "armed_group": "Rebel group",
}  # fmt: skip
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "inter1", "actor2", "inter2", "civilian_targeting", "iso", "country",
    "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
)  # fmt: skip

# GTD: our event_type -> (attacktype1, attacktype1_txt); target_type -> (targtype1, targtype1_txt).
_GTD_ATTACK = {
    "armed_assault": (2, "Armed Assault"),
    "armed_clash": (2, "Armed Assault"),
    "bombing": (3, "Bombing/Explosion"),
    "shelling": (3, "Bombing/Explosion"),
    "air_strike": (3, "Bombing/Explosion"),
    "assassination": (1, "Assassination"),
    "abduction": (6, "Hostage Taking (Kidnapping)"),
    "execution": (2, "Armed Assault"),
    "security_operation": (9, "Unknown"),
    "attack_on_property": (7, "Facility/Infrastructure Attack"),
}
_GTD_TARGET = {
    "military": (4, "Military"),
    "police": (3, "Police"),
    "militia": (17, "Terrorists/Non-State Militia"),
    "coalition": (4, "Military"),
    "civilians": (14, "Private Citizens & Property"),
    "government": (2, "Government (General)"),
    "infrastructure": (21, "Utilities"),
    "armed_group": (17, "Terrorists/Non-State Militia"),
    "unknown": (20, "Unknown"),
}
_GTD_SPECIFICITY = {1: 1, 2: 2, 3: 3}
GTD_COLUMNS = (
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "resolution", "country_txt",
    "provstate", "city", "latitude", "longitude", "specificity", "attacktype1", "attacktype1_txt",
    "targtype1", "targtype1_txt", "target1", "gname", "guncertain1", "claimed", "nkill", "nwound",
    "nhostkid", "summary", "scite1", "scite2", "scite3", "conflictlens_event_type",
)  # fmt: skip

# Cells starting with these are read as formulas by spreadsheets (CSV injection): prefix them with '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _where(event: Record, row: int) -> str:
    """How an error names the event: its id, else its position."""
    return f"event {event.get('event_id') or '#' + str(row)}"


def _date(value: Any, where: str) -> dt.date | None:
    """A date from a date, datetime or ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"{where}: not an ISO date: {value!r}") from exc


def as_int(value: Any, where: str) -> int | None:
    """An integer or None."""
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: not an integer: {value!r}") from exc


def as_float(value: Any, where: str) -> float | None:
    """A finite float or None."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: not a number: {value!r}") from exc
    return number if math.isfinite(number) else None


def as_texts(value: Any) -> list[str]:
    """A list of strings from a list, one string or None."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def normalise(event: Record, row: int = 0) -> dict[str, Any]:
    """The codebook fields of one event, typed: dates as date, counts as int, lists as list[str]."""
    where = _where(event, row)
    out: dict[str, Any] = {}
    for name in CODEBOOK_FIELDS:
        value = event.get(name)
        if name in _DATE_FIELDS:
            out[name] = _date(value, f"{where}: {name}")
        elif name in _INT_FIELDS:
            out[name] = as_int(value, f"{where}: {name}")
        elif name in _FLOAT_FIELDS:
            out[name] = as_float(value, f"{where}: {name}")
        elif name in _LIST_FIELDS:
            out[name] = as_texts(value)
        else:
            out[name] = None if value is None or value == "" else str(value)
    return out


def _normalised(events: Iterable[Record]) -> list[dict[str, Any]]:
    """Every event normalised."""
    return [normalise(e, row) for row, e in enumerate(events)]


def _has_point(event: Mapping[str, Any]) -> bool:
    """Whether the event has coordinates within WGS84 ranges."""
    lat, lon = event["lat"], event["lon"]
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


def _jsonable(event: Mapping[str, Any]) -> dict[str, Any]:
    """An event with its dates as ISO strings."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in event.items()}


def write_jsonl(events: Iterable[Record], path: str | Path) -> int:
    """Write one codebook JSON object per line (UTF-8, no BOM); returns the number written."""
    rows = _normalised(events)
    with Path(path).open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(_jsonable(event), ensure_ascii=False) + "\n" for event in rows)
    return len(rows)


def excel_safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], path: str | Path, bom: bool, excel_safe: bool
) -> int:
    """Write rows as CSV with the given columns; returns the number of rows."""
    encoding = "utf-8-sig" if bom else "utf-8"
    with Path(path).open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: excel_safe_cell(v) if excel_safe else v for k, v in row.items()})
    return len(rows)


def _country(code: str | None) -> tuple[str | None, int | None]:
    """Country name and ISO numeric code of an alpha-2 code (the code itself when unknown)."""
    if not code:
        return None, None
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code, None
    return str(getattr(country, "common_name", None) or country.name), int(country.numeric)


def acled_type(event: Mapping[str, Any]) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) of one of our events."""
    kind = event.get("event_type")
    if kind == "armed_assault":
        if event.get("target_type") == "civilians":
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if kind == "security_operation":
        if (event.get("killed") or 0) > 0:
            return "Battles", "Armed clash"
        return "Strategic developments", "Arrests"
    if kind == "bombing" and event.get("suicide"):
        return "Explosions/Remote violence", "Suicide bomb"
    if kind in _ACLED_TYPES:
        return _ACLED_TYPES[kind]
    return "Strategic developments", "Other"


def acled_row(event: Mapping[str, Any], actor_types: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One ACLED-style row from a normalised event (actor_types: canonical name -> actor type)."""
    ev_type, sub_type = acled_type(event)
    country_name, iso = _country(event["country"])
    perp = (
        event["perpetrator"] if event["perpetrator"] not in (None, "unknown") else "Unidentified armed group"
    )
    start = event["date_start"]
    civilian = (
        "Civilian targeting"
        if event["target_type"] == "civilians" and ev_type != "Strategic developments"
        else ""
    )
    return {
        "event_id_cnty": event["event_id"],
        "event_date": start.isoformat() if start else None,
        "year": start.year if start else None,
        "time_precision": _ACLED_TIME_PRECISION.get(event["date_precision"] or "", 3),
        "disorder_type": _ACLED_DISORDER[ev_type],
        "event_type": ev_type,
        "sub_event_type": sub_type,
        "actor1": perp,
        "inter1": _ACLED_INTER.get((actor_types or {}).get(event["perpetrator"] or "", ""), ""),
        "actor2": event["target"] or "",
        "inter2": _ACLED_INTER_BY_TARGET.get(event["target_type"] or "", ""),
        "civilian_targeting": civilian,
        "iso": iso,
        "country": country_name,
        "admin1": event["admin1"],
        "admin2": event["admin2"],
        "location": event["location"],
        "latitude": event["lat"],
        "longitude": event["lon"],
        "geo_precision": event["geo_precision"],
        "source": "; ".join(event["sources"]),
        "notes": " ".join(event["evidence"]),
        "fatalities": event["killed"] or 0,
    }


def write_acled_csv(
    events: Iterable[Record],
    path: str | Path,
    actor_types: Mapping[str, str] | None = None,
    bom: bool = True,
    excel_safe: bool = True,
) -> int:
    """Write ACLED-style CSV (UTF-8 with BOM by default, so Excel reads it); returns the rows written.

    Mapping of types and precision codes: docs/export-mapping.md. `fatalities` is 0 when we have no
    figure (ACLED's own convention). Text cells starting with = + - @ get a leading ' (excel_safe).
    """
    rows = [
        acled_row(normalise(e, i) | {"suicide": e.get("suicide")}, actor_types) for i, e in enumerate(events)
    ]
    return _write_csv(rows, ACLED_COLUMNS, path, bom, excel_safe)


def _approxdate(start: dt.date | None, end: dt.date | None, precision: str | None) -> str:
    """GTD approxdate text when the date is not one known day."""
    if start is None or precision == "day":
        return ""
    if precision == "month":
        return start.strftime("%B %Y")
    if precision == "year":
        return str(start.year)
    if end and end != start:
        return f"{start.isoformat()} to {end.isoformat()}"
    return ""


def gtd_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One GTD-style row from a normalised event."""
    start, end, precision = event["date_start"], event["date_end"], event["date_precision"]
    attack, attack_txt = _GTD_ATTACK.get(event["event_type"] or "", (9, "Unknown"))
    targ, targ_txt = _GTD_TARGET.get(event["target_type"] or "unknown", (20, "Unknown"))
    extended = 1 if start and end and (end - start).days >= 1 else 0
    attribution = event["perpetrator_attribution"]
    perp = event["perpetrator"]
    sources = event["sources"] + ["", "", ""]
    summary = f"{start.isoformat()}: " if start else ""
    return {
        "eventid": event["event_id"],
        "iyear": start.year if start else 0,
        "imonth": start.month if start and precision != "year" else 0,
        "iday": start.day if start and precision in ("day", "range") else 0,
        "approxdate": _approxdate(start, end, precision),
        "extended": extended,
        "resolution": end.isoformat() if extended and end else "",
        "country_txt": _country(event["country"])[0],
        "provstate": event["admin1"],
        "city": event["location"],
        "latitude": event["lat"],
        "longitude": event["lon"],
        "specificity": _GTD_SPECIFICITY.get(event["geo_precision"] or 0, 5) if _has_point(event) else 5,
        "attacktype1": attack,
        "attacktype1_txt": attack_txt,
        "targtype1": targ,
        "targtype1_txt": targ_txt,
        "target1": event["target"],
        "gname": perp if perp not in (None, "unknown") else "Unknown",
        "guncertain1": "" if perp in (None, "unknown") else int(attribution == "suspected"),
        "claimed": 1 if attribution == "claimed" else -9,
        "nkill": event["killed"],
        "nwound": event["wounded"],
        "nhostkid": event["kidnapped"],
        "summary": summary + " ".join(event["evidence"]),
        "scite1": sources[0],
        "scite2": sources[1],
        "scite3": sources[2],
        "conflictlens_event_type": event["event_type"],
    }


def write_gtd_csv(
    events: Iterable[Record], path: str | Path, bom: bool = True, excel_safe: bool = True
) -> int:
    """Write GTD-style CSV (UTF-8 with BOM by default); returns the rows written.

    Mapping of types and precision codes: docs/export-mapping.md. Unknown counts stay empty (GTD
    would write -99 for hostages); state operations are kept with attacktype Unknown.
    """
    rows = [gtd_row(e) for e in _normalised(events)]
    return _write_csv(rows, GTD_COLUMNS, path, bom, excel_safe)


def geojson_feature(event: Mapping[str, Any]) -> dict[str, Any]:
    """An RFC 7946 Feature: Point [lon, lat], or null geometry when the event has no coordinates."""
    props = {k: v for k, v in _jsonable(event).items() if k not in ("lat", "lon")}
    geometry = {"type": "Point", "coordinates": [event["lon"], event["lat"]]} if _has_point(event) else None
    return {"type": "Feature", "id": event["event_id"], "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[Record], path: str | Path) -> int:
    """Write an RFC 7946 FeatureCollection (every event; unlocated ones with null geometry)."""
    features = [geojson_feature(e) for e in _normalised(events)]
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"]]
    collection: dict[str, Any] = {"type": "FeatureCollection"}
    if points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        collection["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    collection["features"] = features
    with Path(path).open("w", encoding="utf-8") as fh:
        json.dump(collection, fh, ensure_ascii=False)
    return len(features)


def _parquet_type(name: str) -> pa.DataType:
    """The Arrow type of a codebook field."""
    types: dict[tuple[str, ...], Callable[[], pa.DataType]] = {
        _DATE_FIELDS: pa.date32,
        ("geo_precision",): pa.int8,
        ("killed", "killed_low", "killed_high", "wounded", "kidnapped"): pa.int32,
        _FLOAT_FIELDS: pa.float64,
        _LIST_FIELDS: lambda: pa.list_(pa.string()),
    }
    for names, make in types.items():
        if name in names:
            return make()
    return pa.string()


PARQUET_SCHEMA = pa.schema([pa.field(name, _parquet_type(name)) for name in CODEBOOK_FIELDS])


def write_parquet(events: Iterable[Record], path: str | Path) -> int:
    """Write a Parquet file with typed columns (dates as date32, counts int32, lists of strings)."""
    rows = _normalised(events)
    columns = {name: [row[name] for row in rows] for name in CODEBOOK_FIELDS}
    table = pa.Table.from_pydict(columns, schema=PARQUET_SCHEMA)
    pq.write_table(table, Path(path))
    return len(rows)
