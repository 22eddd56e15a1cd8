"""CLI tests of `report`, `export` and the report written by `run`, on stores of handmade mentions."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conflictlens.cli import app, ingest
from conflictlens.ingest.document import content_hash
from conflictlens.model import Claim, Document, Extraction, Mention, Place, Span
from conflictlens.pipeline import run_batch
from conflictlens.store.db import Store
from conflictlens.store.incident_store import update_incidents
from conflictlens.store.queries import list_events

runner = CliRunner()
D = dt.date
HOSTILE = "Fighters attacked <script>alert(1)</script> the post, <img src=x onerror=alert(2)>."
PLACES = [
    Place("Hit", "IQ", "Anbar", "IQ-AN", "Hit", 33.64, 42.83, 1),
    Place("Mayadin", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.02, 40.45, 1),
    Place("Anbar", "IQ", "Anbar", "IQ-AN", None, None, None, 3),
]


def _mention(i: int, text: str) -> Mention:
    day = D(2024, 5, 1) + dt.timedelta(days=3 * i)
    return Mention(event_type=("armed_assault", "bombing", "shelling")[i % 3], date_start=day, date_end=day,
                   date_precision="day", perpetrator="Islamic State" if i % 2 else "unknown",
                   perpetrator_attribution="stated" if i % 2 else "unknown", target_type="police",
                   location=PLACES[i % 3].name, place=PLACES[i % 3], killed=i, wounded=i % 2,
                   evidence=(Span(0, len(text), text),))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Six incidents from six reports, one with hostile markup in its evidence, and one claim."""
    path = str(tmp_path / "s.sqlite")
    store = Store(path)
    for i in range(6):
        text = HOSTILE if i == 0 else f"Report number {i} tells of an attack."
        doc = Document(doc_id=f"d{i}", text=text, content_hash=content_hash(text), source=f"=outlet {i}",
                       published=D(2024, 5, 2) + dt.timedelta(days=3 * i), input_name=f"d{i}")
        claim = (Claim("attacks", 12, subject="Islamic State", period_start=D(2024, 1, 1), period_end=D(2024, 12, 31),
                       attributed_to="a monitor"),) if i == 0 else ()
        store.write(doc, Extraction(mentions=(_mention(i, text),), claims=claim))
    update_incidents(store)
    store.close()
    return path


def test_report_is_self_contained_escaped_and_fed_from_the_store(db: str, tmp_path: Path):
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    for event in list_events(Store(db)):
        assert event["event_id"] in html
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html
    assert "\\u003cscript\\u003ealert(1)" in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?https?:", html)
    claims = json.loads(html.split('id="cl-claims"', 1)[1].split(">", 1)[1].split("</script>", 1)[0])
    assert claims[0]["counted"] == 3 and claims[0]["value"] == 12
    filtered = runner.invoke(app, ["report", "--out", str(out), "--country", "SY", "--db", db])
    assert filtered.exit_code == 0 and "report of 2 event(s)" in filtered.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gtd", "geojson", "parquet"])
def test_export_round_trips_every_event(db: str, tmp_path: Path, fmt: str):
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    events = {e["event_id"]: e for e in list_events(Store(db))}
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {r["event_id"]: r["killed"] for r in rows} == {k: e["killed"] for k, e in events.items()}
        assert any(HOSTILE in r["evidence"] for r in rows)
    elif fmt in ("csv", "gtd"):
        frame = pd.read_csv(out, encoding="utf-8-sig")
        ids = frame["event_id_cnty" if fmt == "csv" else "eventid"]
        assert sorted(ids) == sorted(events)
        assert frame["source" if fmt == "csv" else "scite1"].str.startswith("'=outlet").all()
    elif fmt == "geojson":
        collection = json.loads(out.read_text(encoding="utf-8"))
        located = [f for f in collection["features"] if f["geometry"]]
        assert len(collection["features"]) == 6 and len(located) == 4
    else:
        table = pq.read_table(out).to_pandas()
        assert len(table) == 6 and int(table["killed"].sum()) == sum(e["killed"] for e in events.values())


def test_export_with_filters_and_a_bad_path(db: str, tmp_path: Path):
    out = tmp_path / "iq.jsonl"
    result = runner.invoke(app, ["export", "-f", "jsonl", "--out", str(out), "--actor", "islamic", "--db", db])
    assert result.exit_code == 0 and len(out.read_text().splitlines()) == 3
    bad = runner.invoke(app, ["export", "-f", "jsonl", "--out", str(tmp_path / "no" / "x.jsonl"), "--db", db])
    assert bad.exit_code == 1 and "x.jsonl: cannot export" in bad.output


def test_run_ends_by_writing_the_report(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ingest, "run_batch", functools.partial(run_batch, extractor=lambda docs, size: [
        Extraction(mentions=(_mention(7, d.text),)) for d in docs]))
    report = tmp_path / "out.html"
    source = tmp_path / "new.txt"
    source.write_text("A new report of a raid on a police post in the town.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(source), "--db", db, "--report", str(report), "--published",
                                 "2024-05-23"])
    assert result.exit_code == 0, result.output
    assert f"report: {report.resolve()}" in result.output.replace("\n", "")
    assert len(list_events(Store(db))) == 7 and "A new report of a raid" in report.read_text(encoding="utf-8")
