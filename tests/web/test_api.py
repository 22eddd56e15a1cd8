"""The JSON API over the seeded store: filters, paging, detail, analytics, map, corrections and their guards."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import TOKEN
from typer.testing import CliRunner

from conflictlens.cli import app as cli_app
from conflictlens.store.incident_store import list_overrides
from conflictlens.store.queries import list_events

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def items(client: Any, url: str) -> list[dict[str, Any]]:
    """The items of one API page (asserting 200)."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def raid_id(client: Any) -> str:
    """The id of the incident two outlets told (the raid near Hit)."""
    return next(e["event_id"] for e in items(client, "/api/v1/incidents") if e["n_mentions"] == 2)


def test_events_are_codebook_records_matching_the_store(client, seeded):
    api = items(client, "/api/v1/events")
    assert [e["event_id"] for e in api] == [e["event_id"] for e in list_events(seeded)]
    assert len(api) == 6
    assert {"event_type", "date_start", "perpetrator", "admin1", "evidence", "sources"} <= set(api[0])


@pytest.mark.parametrize(("query", "expected"), [
    ("country=IQ", {"Hit"}),
    ("admin1=borno", {"Maiduguri"}),
    ("admin1=SY-DY", {"Mayadin"}),
    ("actor=shabaab", {"Mogadishu"}),
    ("type=abduction", {"Maiduguri"}),
    ("since=2024-07-09&until=2024-07-11", {"Mogadishu", "Beni"}),
    ("q=roadside", {"Mayadin"}),        # a word of the evidence only
    ("q=ALLIED DEMOCRATIC", {"Beni"}),  # the actor, any case
    ("q=100%", set()),                  # LIKE wildcards are matched literally
])
def test_filters_narrow_the_events(client, query, expected):
    assert {e["location"] for e in items(client, f"/api/v1/events?{query}")} == expected


def test_paging_walks_every_event_once_with_next_links(client):
    seen, url = [], "/api/v1/events?limit=4&sort=killed&order=asc"
    while url:
        body = client.get(url).json()
        seen += [e["event_id"] for e in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 6
    killed = [e["killed"] for e in items(client, "/api/v1/events?sort=killed&order=asc&limit=10")]
    assert [k for k in killed if k is not None] == sorted(k for k in killed if k is not None)
    assert killed[-1] is None  # unknown tolls sort last either way


def test_incident_detail_has_mentions_spans_and_sentences(client):
    detail = client.get(f"/api/v1/incidents/{raid_id(client)[:12]}").json()
    assert len(detail["mentions"]) == 2
    spans = [s for m in detail["mentions"] for s in m["field_spans"]]
    assert {s["field"] for s in spans} == {"event_type", "perpetrator", "location", "killed"}
    for s in spans:  # each span sits in its sentence at its offset, the first sentence of a text included
        lo = s["start"] - s["sentence_start"]
        assert s["sentence"][lo : lo + len(s["text"])] == s["text"]
    assert {s["sentence"][:7] for s in spans} == {"Islamic", "Four so"}
    assert client.get("/api/v1/incidents/nope").status_code == 404


def test_documents_claims_mentions_and_document_detail(client):
    docs = items(client, "/api/v1/documents?limit=3")
    assert len(docs) == 3 and "text" not in docs[0]
    assert len(items(client, "/api/v1/mentions?country=IQ")) == 2
    assert items(client, "/api/v1/claims")[0]["quantity"] == "attacks"
    doc = client.get("/api/v1/documents/doc-mogadishu").json()
    assert doc["text"].startswith("Al-Shabaab fighters shelled") and len(doc["claims"]) == 1
    assert client.get("/api/v1/documents/missing").status_code == 404


def test_trends_surges_claimchecks_and_overrides(client):
    rows = items(client, "/api/v1/trends?by=country&freq=month")
    assert {r["key"] for r in rows} == {"IQ", "SY", "NG", "MZ", "SO", "CD"}
    assert sum(r["count"] for r in rows) == 6
    assert isinstance(items(client, "/api/v1/surges?by=country"), list)
    check = items(client, "/api/v1/claimchecks")[0]
    assert check["value"] == 40 and check["counted"] == 1
    assert items(client, "/api/v1/overrides") == []
    assert client.get("/api/v1/trends?freq=fortnight").status_code == 422


def test_map_lists_points_when_few_and_clusters_when_many(client, monkeypatch):
    body = client.get("/api/v1/map").json()
    assert body["total"] == 6 and len(body["points"]) == 6
    boxed = client.get("/api/v1/map?west=30&south=25&east=50&north=40").json()
    assert {p["location"] for p in boxed["points"]} == {"Hit", "Mayadin"}
    monkeypatch.setattr("conflictlens.store.map_cells.POINTS_MAX", 2)
    clustered = client.get("/api/v1/map?zoom=1").json()
    assert sum(c[2] for c in clustered["cells"]) == 6 and "points" not in clustered


def test_writes_are_refused_without_the_right_token(client, seeded):
    eid = raid_id(client)
    assert client.post(f"/api/v1/incidents/{eid}/split", json={}).status_code == 401
    assert client.post(f"/api/v1/incidents/{eid}/split", json={},
                       headers={"Authorization": "Bearer wrong-token-0000000000"}).status_code == 403
    assert client.post("/api/v1/incidents/merge", json={"event_ids": [eid, eid]},
                       headers={"Authorization": "Basic abc"}).status_code == 403
    # a login cookie does not authorise the JSON API (no CSRF token there): only the header does
    client.cookies.set("cl_session", "forged")
    assert client.post(f"/api/v1/incidents/{eid}/split", json={}).status_code == 401
    assert list_overrides(seeded) == []


def test_split_and_merge_through_the_api_are_seen_by_the_cli(client, seeded):
    eid = raid_id(client)
    split = client.post(f"/api/v1/incidents/{eid}/split", json={"note": "two raids"}, headers=AUTH)
    assert split.status_code == 200 and split.json()["apart"] == 2
    cli = CliRunner().invoke(cli_app, ["events", "--country", "IQ", "--json", "--db", seeded.url.removeprefix(
        "sqlite:///")])
    apart = json.loads(cli.stdout)
    assert len(apart) == 2 and all(e["n_mentions"] == 1 for e in apart)
    merged = client.post("/api/v1/incidents/merge", json={"event_ids": [e["event_id"] for e in apart]},
                         headers=AUTH)
    assert merged.status_code == 200
    assert len(merged.json()["event_ids"]) == 2  # the earlier split wins, as in the CLI
    mayadin, beni = (items(client, f"/api/v1/events?q={p}")[0]["event_id"] for p in ("Mayadin", "Beni"))
    joined = client.post("/api/v1/incidents/merge", json={"event_ids": [mayadin, beni]}, headers=AUTH).json()
    assert len(joined["event_ids"]) == 1
    assert [o["action"] for o in list_overrides(seeded)] == ["split", "merge", "merge"]
    bad = client.post("/api/v1/incidents/merge", json={"event_ids": ["nope", beni]}, headers=AUTH)
    assert bad.status_code == 400 and "nope" in bad.json()["detail"]


def test_read_only_server_refuses_writes(seeded):
    from conftest import TestClient

    from conflictlens.web.app import create_app

    with TestClient(create_app(seeded, None)) as ro:
        eid = raid_id(ro)
        assert ro.post(f"/api/v1/incidents/{eid}/split", json={}, headers=AUTH).status_code == 403
        assert "read-only" in ro.get("/").text


@pytest.mark.postgres
def test_the_api_on_postgresql(pg_url, monkeypatch):
    from conftest import TestClient
    from web_samples import seed

    from conflictlens.store import schema as t
    from conflictlens.store.db import Store
    from conflictlens.web.app import create_app

    store = Store(pg_url)
    try:
        with store.engine.begin() as conn:
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(table.delete())
        seed(store)
        with TestClient(create_app(store, TOKEN), raise_server_exceptions=False) as pg:
            assert len(items(pg, "/api/v1/events")) == 6
            assert {e["location"] for e in items(pg, "/api/v1/events?q=roadside")} == {"Mayadin"}
            assert len(items(pg, "/api/v1/events?limit=4&offset=4&sort=killed&order=asc")) == 2
            assert pg.get("/api/v1/map").json()["total"] == 6
            monkeypatch.setattr("conflictlens.store.map_cells.POINTS_MAX", 2)
            clustered = pg.get("/api/v1/map?zoom=0").json()
            assert sum(c[2] for c in clustered["cells"]) == 6
            assert pg.get("/").status_code == 200 and pg.get("/events?country=IQ").status_code == 200
            eid = raid_id(pg)
            assert pg.post(f"/api/v1/incidents/{eid}/split", json={}, headers=AUTH).status_code == 200
            assert len(items(pg, "/api/v1/events?country=IQ")) == 2
    finally:
        store.close()
