"""The dashboard's pages, downloads, login and form corrections, and `serve --get`."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from conftest import TOKEN
from test_api import items, raid_id
from typer.testing import CliRunner

from conflictlens.cli import app as cli_app
from conflictlens.store.incident_store import list_overrides


def csrf(page: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def log_in(client: Any) -> str:
    """Log in through the form; returns a CSRF token for later forms."""
    form = client.get("/login").text
    response = client.post("/login", data={"token": TOKEN, "csrf_token": csrf(form)}, follow_redirects=False)
    assert response.status_code == 303
    return csrf(client.get("/").text)


def test_overview_has_map_timelines_surges_and_claims(client):
    page = client.get("/").text
    assert 'id="map"' in page and "6 event(s)" in page
    for by in ("event_type", "actor", "admin1"):
        block = re.search(rf'<script type="application/json" id="series-{by}">(.*?)</script>', page, re.DOTALL)
        assert block and sum(r["count"] for r in json.loads(block.group(1))) == 6
    assert "Claim checks" in page and "A Horn Radio analyst" in page


def test_events_table_filters_sorts_and_pages(client):
    page = client.get("/events?country=SY").text
    assert page.count('<tr data-event="') == 1 and "Mayadin" in page
    first = client.get("/events?limit=4").text
    assert first.count('<tr data-event="') == 4 and 'rel="next"' in first
    second = client.get("/events?limit=4&offset=4").text
    assert second.count('<tr data-event="') == 2 and 'rel="prev"' in second
    assert "sort=killed&amp;order=desc" in first


def test_downloads_hold_the_current_filter(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/events.csv?country=IQ").text.lstrip("\ufeff"))))
    assert [r["location"] for r in rows] == ["Hit"]
    geo = client.get("/events.geojson?type=bombing").json()
    assert [f["properties"]["location"] for f in geo["features"]] == ["Mayadin"]
    lines = client.get("/events.jsonl").text.splitlines()
    assert len(lines) == 6 and json.loads(lines[0])["event_id"]


def test_event_page_marks_the_supporting_characters(client):
    page = client.get(f"/events/{raid_id(client)}").text
    assert '<mark data-field="perpetrator">Islamic State</mark>' in page
    assert '<mark data-field="event_type">stormed</mark>' in page
    assert "Euphrates Wire" in page and "Anbar Daily" in page
    assert 'href="https://example.org/hit-a"' in page
    assert client.get("/events/nonexistent").status_code == 404


def test_document_page_highlights_every_span(client):
    page = client.get("/documents/doc-mogadishu").text
    assert '<mark title="event_type" data-fields="event_type">shelled</mark>' in page
    assert 'data-fields="claim">A Horn Radio analyst counted 40' in page


def test_split_and_merge_forms_need_login_and_csrf_and_reach_the_cli(client, seeded):
    eid = raid_id(client)
    anonymous = client.post(f"/events/{eid}/split", data={"csrf_token": csrf(client.get("/login").text)})
    assert anonymous.status_code == 401
    token = log_in(client)
    assert client.post(f"/events/{eid}/split", data={"csrf_token": "forged"}).status_code == 403
    assert list_overrides(seeded) == []
    done = client.post(f"/events/{eid}/split", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/events/")
    db = seeded.url.removeprefix("sqlite:///")
    iraq = json.loads(CliRunner().invoke(cli_app, ["events", "--country", "IQ", "--json", "--db", db]).stdout)
    assert len(iraq) == 2
    syria, congo = (items(client, f"/api/v1/events?q={p}")[0]["event_id"] for p in ("Mayadin", "Beni"))
    merged = client.post(f"/events/{syria}/merge", data={"csrf_token": token, "other": congo[:12]},
                         follow_redirects=False)
    assert merged.status_code == 303
    after = json.loads(CliRunner().invoke(cli_app, ["events", "--json", "--db", db]).stdout)
    assert len(after) == 6 and sum(e["n_mentions"] == 2 for e in after) == 1


def test_logout_drops_the_cookie(client):
    token = log_in(client)
    assert "Log out" in client.get("/").text
    client.post("/logout", data={"csrf_token": token})
    assert "Log out" not in client.get("/").text


def test_wrong_login_token_is_refused(client):
    form = client.get("/login").text
    response = client.post("/login", data={"token": "x" * 30, "csrf_token": csrf(form)})
    assert response.status_code == 403 and "cl_session" not in response.headers.get("set-cookie", "")


def test_serve_get_runs_one_request_in_process(seeded, token_file):
    db = seeded.url.removeprefix("sqlite:///")
    ok = CliRunner().invoke(cli_app, ["serve", "--db", db, "--get", "/api/v1/events?country=SO"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["items"][0]["location"] == "Mogadishu"
    missing = CliRunner().invoke(cli_app, ["serve", "--db", db, "--get", "/events/nope"])
    assert missing.exit_code == 1
    short = token_file.parent / "short"
    short.write_text("abc")
    bad = CliRunner().invoke(cli_app, ["serve", "--db", db, "--token-file", str(short), "--get", "/"])
    assert bad.exit_code == 2 and "at least 16" in bad.output
    good = CliRunner().invoke(cli_app, ["serve", "--db", db, "--token-file", str(token_file), "--get", "/login"])
    assert good.exit_code == 0 and "read-only" not in good.stdout
