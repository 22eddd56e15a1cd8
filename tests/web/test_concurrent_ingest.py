"""The dashboard answers while `conflictlens ingest` writes to the same SQLite file, and never shows half a document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TestClient

from conflictlens.store.db import Store
from conflictlens.web.app import create_app

pytestmark = [pytest.mark.model, pytest.mark.slow]
EXAMPLES = Path(__file__).parents[2] / "examples"
CLI = [sys.executable, "-c", "from conflictlens.cli import main; main()"]


def test_requests_during_an_ingest_all_succeed_and_see_whole_documents(tmp_path: Path):
    db = str(tmp_path / "live.sqlite")
    store = Store(db)  # migrated before the ingest starts, as a running dashboard would have it
    ingest = subprocess.Popen([*CLI, "ingest", str(EXAMPLES), "--db", db], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    failures: list[str] = []
    first_seen: dict[str, int] = {}  # doc_id -> mentions when the API first listed it
    requests = 0
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        while True:
            running = ingest.poll() is None
            for url in ("/api/v1/documents?limit=100", "/api/v1/events?limit=20", "/", "/events", "/api/v1/map"):
                response = client.get(url)
                requests += 1
                if response.status_code != 200:
                    failures.append(f"{url}: {response.status_code}")
            for doc in client.get("/api/v1/documents?limit=500").json()["items"]:
                if doc["doc_id"] not in first_seen:
                    detail = client.get(f"/api/v1/documents/{doc['doc_id']}?version={doc['version']}").json()
                    first_seen[doc["doc_id"]] = len(detail["mentions"])
            if not running:
                break
        _, stderr = ingest.communicate()
        assert ingest.returncode in (0, 3), stderr
        assert failures == [], failures
        assert requests > 20
        final = {d["doc_id"]: d for d in client.get("/api/v1/documents?limit=500").json()["items"]}
        for doc_id, mentions in first_seen.items():  # a document is seen whole or not at all
            assert len(client.get(f"/api/v1/documents/{doc_id}").json()["mentions"]) == mentions, doc_id
    committed = subprocess.run([*CLI, "documents", "--json", "--db", db], capture_output=True, text=True, check=True)
    assert {d["doc_id"] for d in json.loads(committed.stdout)} == set(final) and len(final) >= 10
    store.close()
