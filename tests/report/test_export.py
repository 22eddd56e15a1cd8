"""Round-trip tests of the JSONL, ACLED/GTD CSV, GeoJSON and Parquet exports."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from report_samples import INJECTED

from conflictlens.errors import InputError
from conflictlens.report import export


def _same(a: Any, b: Any) -> bool:
    """Values equal, with pandas' NaN standing for None."""
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return bool(a == b)


def test_jsonl_round_trips_the_codebook(events, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export.write_jsonl(events, path) == len(events)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [list(r) for r in rows] == [list(export.CODEBOOK_FIELDS)] * len(events)
    assert rows[0]["evidence"] == [INJECTED]
    assert rows[2]["date_end"] == "2024-07-26" and rows[1]["lat"] is None
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_acled_csv_round_trips_with_pandas(events, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    export.write_acled_csv(events, path, actor_types={"Islamic State": "terrorist_group"})
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(export.ACLED_COLUMNS)
    assert len(frame) == len(events)
    assert list(frame["event_id_cnty"]) == [e["event_id"] for e in events]
    assert list(frame["fatalities"]) == [e["killed"] or 0 for e in events]
    assert frame.loc[0, "notes"] == INJECTED
    assert frame.loc[0, "country"] == "Iraq" and frame.loc[0, "iso"] == 368
    assert frame.loc[2, "time_precision"] == 2 and frame.loc[3, "time_precision"] == 3
    assert frame.loc[5, "time_precision"] == 1
    assert frame.loc[4, "notes"].startswith("'=HYPERLINK")
    for i, event in enumerate(events):
        assert _same(frame.loc[i, "latitude"], event["lat"])
        assert _same(frame.loc[i, "geo_precision"], event["geo_precision"])
    islamic_state = frame[frame["actor1"] == "Islamic State"]
    assert set(islamic_state["inter1"]) == {"Rebel group"}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"event_type": "air_strike"}, ("Explosions/Remote violence", "Air/drone strike")),
        ({"event_type": "bombing", "suicide": True}, ("Explosions/Remote violence", "Suicide bomb")),
        (
            {"event_type": "armed_assault", "target_type": "civilians"},
            ("Violence against civilians", "Attack"),
        ),
        ({"event_type": "armed_assault", "target_type": "military"}, ("Battles", "Armed clash")),
        ({"event_type": "security_operation", "killed": 0}, ("Strategic developments", "Arrests")),
        ({"event_type": "security_operation", "killed": 2}, ("Battles", "Armed clash")),
        ({"event_type": "abduction"}, ("Violence against civilians", "Abduction/forced disappearance")),
    ],
)
def test_acled_type_mapping(overrides: dict[str, Any], expected: tuple[str, str]) -> None:
    assert export.acled_type(overrides) == expected


def test_gtd_csv_round_trips_with_pandas(events, tmp_path: Path) -> None:
    path = tmp_path / "gtd.csv"
    export.write_gtd_csv(events, path, bom=False, excel_safe=False)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[""])
    assert list(frame.columns) == list(export.GTD_COLUMNS)
    assert len(frame) == len(events)
    assert list(frame["eventid"]) == [e["event_id"] for e in events]
    for i, event in enumerate(events):
        assert _same(frame.loc[i, "nkill"], event["killed"])
        assert _same(frame.loc[i, "nwound"], event["wounded"])
    month_only, day_range = frame.loc[3], frame.loc[2]
    assert (month_only["imonth"], month_only["iday"], month_only["approxdate"]) == (5, 0, "May 2024")
    assert (day_range["extended"], day_range["resolution"]) == (1, "2024-07-26")
    assert frame.loc[1, "specificity"] == 5
    assert frame.loc[4, "summary"].endswith('=HYPERLINK("http://bad.example")')


def test_geojson_follows_rfc7946(events, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    export.write_geojson(events, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == len(events)
    west, south, east, north = data["bbox"]
    for feature, event in zip(data["features"], events, strict=True):
        assert feature["type"] == "Feature" and feature["id"] == event["event_id"]
        assert set(feature) == {"type", "id", "geometry", "properties"}
        if event["lat"] is None:
            assert feature["geometry"] is None
            continue
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == (event["lon"], event["lat"])
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert west <= lon <= east and south <= lat <= north
        assert "lat" not in feature["properties"]


def test_parquet_round_trips_typed_columns(events, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    export.write_parquet(events, path)
    schema = pq.read_schema(path)
    assert str(schema.field("date_start").type) == "date32[day]"
    assert str(schema.field("killed").type) == "int32"
    assert pa.types.is_list(schema.field("evidence").type)
    assert pa.types.is_string(schema.field("evidence").type.value_type)
    frame = pd.read_parquet(path)
    assert len(frame) == len(events)
    assert frame.loc[2, "date_end"] == dt.date(2024, 7, 26)
    assert list(frame.loc[0, "evidence"]) == [INJECTED]
    for i, event in enumerate(events):
        assert _same(frame.loc[i, "killed"], event["killed"])
        assert _same(frame.loc[i, "lat"], event["lat"])


def test_exports_name_the_bad_event(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="event x1: date_start"):
        export.write_jsonl([{"event_id": "x1", "date_start": "last week"}], tmp_path / "bad.jsonl")
