"""CLI tests of `incidents`, `trends`, `surges`, `claimcheck`, `geocode`, `gazetteer info`, `rules validate`
and `evaluate --incidents`, on stores filled with handmade mentions (no language model needed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conflictlens import evaluation_run
from conflictlens.cli import analysis, app
from conflictlens.geo.gazetteer import Candidate
from conflictlens.incidents import MentionRecord
from conflictlens.ingest.document import content_hash
from conflictlens.model import Claim, Document, Extraction, Mention, Place, Span
from conflictlens.store import schema as t
from conflictlens.store.db import Store
from conflictlens.store.incident_store import update_incidents
from conflictlens.store.queries import list_events

runner = CliRunner()
D = dt.date
MONDAY = D(2024, 1, 1)
ANBAR = Place("Hit", "IQ", "Anbar", "IQ-AN", "Hit", 33.64, 42.83, 1)
DEIR = Place("Mayadin", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.02, 40.45, 1)


def _mention(day: D, place: Place, perp: str = "Islamic State", killed: int = 1, n: int = 0) -> Mention:
    # each mention sits 0.1 degree from the last, so no two of one day merge
    spot = Place(f"{place.name} {n}", place.country, place.admin1, place.admin1_code, place.admin2,
                 place.lat + 0.1 * n, place.lon, 1)
    text = f"An attack was reported at spot {n} on {day}."
    return Mention(event_type="armed_assault", date_start=day, date_end=day, date_precision="day",
                   perpetrator=perp, perpetrator_attribution="stated", target_type="police", location=spot.name,
                   place=spot, killed=killed, evidence=(Span(0, len(text), text),))


def _write(store: Store, name: str, mentions: tuple[Mention, ...], claims: tuple[Claim, ...] = (),
           published: D = MONDAY) -> None:
    text = f"Report {name}. " + " ".join(m.evidence[0].text for m in mentions)
    doc = Document(doc_id=name, text=text, content_hash=content_hash(text), source=f"outlet {name}",
                   published=published, input_name=name)
    store.write(doc, Extraction(mentions=mentions, claims=claims))


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store with 14 weeks of incidents: Anbar steady at 2 a week then 9 in the last week, Deir ez-Zor 1 a week."""
    path = str(tmp_path / "s.sqlite")
    store = Store(path)
    for week in range(14):
        day = MONDAY + dt.timedelta(weeks=week)
        anbar = 9 if week == 13 else 2
        _write(store, f"w{week}", tuple(_mention(day, ANBAR, n=i) for i in range(anbar))
               + (_mention(day, DEIR, perp="Syrian government forces", killed=0),))
    update_incidents(store)
    store.close()
    return path


def _run(*args: str) -> object:
    return runner.invoke(app, list(args))


def test_trends_json_csv_table_and_plot_match_the_store(db: str, tmp_path: Path):
    result = _run("trends", "--by", "admin1", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    series = {s["key"]: s for s in json.loads(result.output)}
    assert sorted(series) == ["IQ-AN", "SY-DY"]
    anbar = [p["incidents"] for p in series["IQ-AN"]["points"]]
    assert anbar == [2] * 13 + [9]
    stored = Store(db).rows(select(t.events.c.admin1_code))
    assert sum(anbar) == sum(r["admin1_code"] == "IQ-AN" for r in stored)
    rows = list(csv.DictReader(io.StringIO(_run("trends", "--by", "actor", "--freq", "month", "--csv",
                                                "--db", db).output)))
    assert {r["key"] for r in rows} == {"Islamic State", "Syrian government forces"}
    assert sum(int(r["count"]) for r in rows if r["key"] == "Islamic State") == 2 * 13 + 9
    table = _run("trends", "--country", "SY", "--db", db, "--plot", str(tmp_path / "t.png"))
    assert table.exit_code == 0 and ("▁" in table.output or "█" in table.output)
    assert (tmp_path / "t.png").stat().st_size > 1000


def test_trends_bad_grouping_is_a_usage_error(db: str):
    result = _run("trends", "--by", "weather", "--db", db)
    assert result.exit_code == 2 and "--by 'weather'" in result.output


def test_surges_alert_lists_the_incidents_behind_it(db: str):
    result = _run("surges", "--by", "admin1", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    rows = {r["key"]: r for r in json.loads(result.output)}
    anbar, deir = rows["IQ-AN"], rows["SY-DY"]
    assert anbar["alert"] and anbar["observed"] == 9 and anbar["expected"] == pytest.approx((2 * 12 + 0.5) / 12, abs=1e-3)
    assert anbar["p_value"] < 0.001 and anbar["method"].startswith("poisson")
    assert not deir["alert"] and deir["incident_ids"] == []
    last_week = MONDAY + dt.timedelta(weeks=13)
    behind = [e for e in list_events(Store(db)) if e["event_id"] in anbar["incident_ids"]]
    assert len(behind) == 9 and {e["date_start"] for e in behind} == {last_week}


def test_incidents_merge_then_split_change_the_store(db: str):
    store = Store(db)
    first, second = [e["event_id"] for e in list_events(store)][:2]
    result = _run("incidents", "merge", first, second, "--note", "same raid", "--db", db)
    assert result.exit_code == 0, result.output
    merged = [e for e in list_events(store) if e["n_mentions"] == 2]
    assert len(merged) == 1
    split = _run("incidents", "split", merged[0]["event_id"], "--db", db)
    assert split.exit_code == 0, split.output
    assert all(e["n_mentions"] == 1 for e in list_events(store))
    overrides = store.rows(select(t.incident_overrides).order_by(t.incident_overrides.c.id))
    assert [r["action"] for r in overrides] == ["merge", "split"] and overrides[0]["note"] == "same raid"
    bad = _run("incidents", "split", first, "--mention", "zzz", "--db", db)
    assert bad.exit_code == 2 and "zzz: not a mention" in bad.output


class _FakeGazetteer:
    """Two areas: a desert with a box over eastern Syria and the Anbar province."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE TABLE place (id INTEGER, bbox TEXT)")
        self.conn.execute("INSERT INTO place VALUES (1, '39.00 34.00 41.00 36.00')")
        self.admin1_names = {"IQ-AN": "Anbar", "SY-DY": "Deir ez-Zor"}

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        areas = {"eastdesert": Candidate(1, "East desert", "desert", "SY", None, None, None, 35.0, 40.0, 0, "t", True),
                 "anbar": Candidate(2, "Anbar", "admin1", "IQ", "IQ-AN", "Anbar", None, 33.0, 42.0, 0, "t", True)}
        return tuple(c for k, c in areas.items() if k == name.lower().replace(" ", ""))


def test_claimcheck_counts_by_actor_area_and_period(db: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(analysis, "get_gazetteer", _FakeGazetteer)
    store = Store(db)
    claims = (
        Claim("attacks", 40, subject="Islamic State", region="Anbar", period="this year",
              period_start=D(2024, 1, 1), period_end=D(2024, 1, 31)),
        Claim("attacks", 10, subject="Syrian government forces", region="the East desert",
              period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)),
        Claim("attacks", 5, subject="Islamic State", region="Atlantis",
              period_start=D(2024, 1, 1), period_end=D(2024, 12, 31)),
        Claim("fighters", 500, subject="Islamic State"),
    )
    _write(store, "claims", (), claims)
    result = _run("claimcheck", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    rows = {(r["region"], r["quantity"]): r for r in json.loads(result.output)}
    january = rows[("Anbar", "attacks")]
    assert january["counted"] == 2 * 5 and january["ratio"] == pytest.approx(10 / 40)
    assert january["area"] == "Anbar (IQ-AN)"
    desert = rows[("the East desert", "attacks")]
    assert desert["counted"] == 14 and desert["area"].startswith("East desert (box")
    assert "not in the gazetteer" in rows[("Atlantis", "attacks")]["note"]
    assert rows[(None, "fighters")]["note"].startswith("not checkable")


def test_rules_validate_one_line_per_problem_and_exit_1(tmp_path: Path):
    assert _run("rules", "validate").exit_code == 0
    bad = tmp_path / "actors.yaml"
    bad.write_text("schema_version: 1\nactors:\n  - {id: nobody}\n", encoding="utf-8")
    result = _run("rules", "validate", "--actors", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) >= 2 and all(line.startswith(f"{bad}:") for line in lines)
    triggers = tmp_path / "triggers.yaml"
    triggers.write_text("schema_version: 1\ntypes: []\n", encoding="utf-8")
    result = _run("rules", "validate", "--triggers", str(triggers))
    assert result.exit_code == 1 and str(triggers) in result.output


def test_geocode_shows_candidates_and_reasons():
    result = _run("geocode", "Gunmen attacked a checkpoint near Hawija in Kirkuk province.", "--json")
    assert result.exit_code == 0, result.output
    places = {r["text"]: r for r in json.loads(result.output)}
    assert places["Hawija"]["place"]["admin1_code"] == "IQ-KI"
    assert places["Hawija"]["candidates"] and all(c["reasons"] for c in places["Hawija"]["candidates"])


def test_gazetteer_info_reports_size_and_memory():
    result = _run("gazetteer", "info", "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["places"] > 1000 and info["size_mb"] > 0 and info["rss_mb"] > 0
    kinds = {(r["country"], r["kind"], r["source"]) for r in info["rows"]}
    assert ("IQ", "base", "curated") in kinds and ("IQ", "town", "cities500") in kinds
    assert sum(r["rows"] for r in info["rows"]) == info["places"]
    table = _run("gazetteer", "info")
    assert table.exit_code == 0 and "source_date" in table.output and "cities500" in table.output


def test_evaluate_incidents_scores_merging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    gold = tmp_path / "gold.jsonl"
    event = {"event_type": "armed_assault", "date_start": "2024-01-01", "date_end": "2024-01-01",
             "date_precision": "day", "perpetrator": "Islamic State", "perpetrator_attribution": "stated",
             "target_type": "police", "location": "Hit", "admin1": "Anbar", "admin1_code": "IQ-AN", "country": "IQ",
             "killed": 1}
    docs = [{"doc_id": f"d{i}", "published": "2024-01-02", "text": "Text.", "events": [{**event, "incident_id": inc}]}
            for i, inc in enumerate(("x", "x", "y"))]
    docs[2]["events"][0].update(date_start="2024-02-01", date_end="2024-02-01")
    gold.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    found = [MentionRecord(f"d{i}#0", f"d{i}", None, D(2024, 1, 2), _mention(day, ANBAR))
             for i, day in enumerate((D(2024, 1, 1), D(2024, 1, 1), D(2024, 2, 1)))]
    monkeypatch.setattr(evaluation_run, "_extract_mentions", lambda docs: found[:2])
    monkeypatch.setattr(evaluation_run, "get_gazetteer", _FakeGazetteer)
    result = _run("evaluate", str(gold), "--incidents", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["unmatched_gold_events"] == 1 and report["bcubed"]["f1"] == pytest.approx(1.0)
    assert report["merging_alone"]["pairwise"]["recall"] == pytest.approx(1.0)


def test_claim_check_in_sql_counts_as_check_claim_over_every_event(tmp_path: Path):
    """Counting day and range dates in SQL gives check_claim's counts, ids and ratios, with or without ids."""
    from sqlalchemy import insert

    from conflictlens.analytics.claimcheck import AreaFilter, check_claim
    from conflictlens.store.incident_store import incident_from_event

    store = Store(str(tmp_path / "s.sqlite"))
    rows = []
    for i, (day, precision, code, admin2, lat, lon, perp) in enumerate([
        (D(2024, 3, 5), "day", "IQ-AN", "Hit", 33.6, 42.8, "Islamic State"),
        (D(2024, 3, 9), "range", "IQ-AN", None, 33.9, 42.1, "Islamic State"),
        (D(2024, 3, 1), "month", "IQ-AN", None, None, None, "Islamic State"),  # all of March: inside
        (D(2024, 1, 1), "year", "IQ-AN", None, None, None, "Islamic State"),  # all of 2024: not inside
        (D(2024, 3, 7), "day", "SY-DY", "Mayadin", 35.0, 40.4, "Islamic State"),
        (D(2024, 3, 8), "day", None, "HIT", None, None, "Islamic State"),  # no place: area.contains says no
        (D(2024, 3, 8), "day", "IQ-AN", None, None, None, "al-Shabaab"),
        (D(2024, 5, 1), "day", "IQ-AN", None, None, None, "Islamic State"),
    ]):
        rows.append({"event_id": f"e{i}", "event_type": "armed_assault", "date_start": day, "date_end": day,
                     "date_precision": precision, "perpetrator": perp, "perpetrator_attribution": "stated",
                     "target_type": "military", "admin1_code": code, "country": code[:2] if code else None,
                     "admin2": admin2, "lat": lat, "lon": lon, "killed": i, "n_mentions": 1, "n_sources": 1})
    with store.engine.begin() as conn:
        conn.execute(insert(t.events), rows)
    every = [incident_from_event(r) for r in store.rows(select(t.events))]
    areas = [AreaFilter(), AreaFilter(admin1_codes=frozenset({"IQ-AN"})), AreaFilter(admin2_names=frozenset({"hit"})),
             AreaFilter(bbox=(40.0, 34.5, 41.0, 35.5)), AreaFilter(admin2_names=frozenset({"Mayādīn"}))]
    for quantity in ("attacks", "killed"):
        claim = Claim(quantity=quantity, value=3, subject="Islamic State", period_start=D(2024, 3, 1),
                      period_end=D(2024, 3, 31), attributed_to="officials")
        for area in areas:
            want = check_claim(claim, every, area)
            assert analysis._check(store, claim, area) == want, (quantity, area)
            counted = analysis._check(store, claim, area, with_ids=False)
            assert (counted.counted, counted.ratio) == (want.counted, want.ratio), (quantity, area)
