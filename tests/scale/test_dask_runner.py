"""The Dask runner fills the same store as a local run, survives a killed worker, and stages readable Parquet."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import select

from conflictlens.codebook import mention_fields
from conflictlens.config import Settings
from conflictlens.model import Mention
from conflictlens.pipeline import run_batch
from conflictlens.scale.dask_runner import ShardProgress, cluster_client, run_distributed
from conflictlens.scale.staging import SCHEMAS
from conflictlens.store import schema as t
from conflictlens.store.db import Store

pytestmark = [pytest.mark.model, pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples, one of them twice, plus an input that cannot be read."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in {".txt", ".html"}:
            shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLES / "09_diyala_hamrin_ambush.txt", folder / "99_copy_of_hamrin.txt")
    (folder / "98_broken.json").write_text('{"text": "half a record', encoding="utf-8")
    return folder


def _snapshot(store: Store) -> dict[str, Any]:
    """The store's content without its autoincrement ids and ingest times."""
    docs = store.rows(select(t.documents, t.sources.c.name.label("source_name"))
                      .select_from(t.documents.outerjoin(t.sources)))
    by_id = {row["id"]: row["content_hash"] for row in docs}
    drop = {"id", "document_id", "source_id", "ingested_at"}

    def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = [{k: v for k, v in row.items() if k not in drop}
                | ({"doc": by_id[row["document_id"]]} if "document_id" in row else {}) for row in rows]
        return sorted(kept, key=repr)

    members: dict[str, set[str]] = {}
    for row in store.rows(select(t.event_mentions)):
        members.setdefault(row["event_id"], set()).add(row["mention_id"])
    events = store.rows(select(t.events))
    return {
        "documents": strip(docs),
        "mentions": strip(store.rows(select(t.mentions))),
        "evidence": strip(store.rows(select(t.evidence))),
        "claims": strip(store.rows(select(t.claims))),
        "incidents": sorted((repr(sorted((k, v) for k, v in e.items() if k != "event_id")),
                             sorted(members[e["event_id"]])) for e in events),
    }


@pytest.fixture(scope="module")
def local_snapshot(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("local") / "local.sqlite")
    store = Store(db)
    summary = run_batch([str(corpus)], Settings(db=db, batch_size=4), store)
    assert summary.stored == 15 and summary.duplicates == 1 and len(summary.failed) == 1
    return _snapshot(store)


def test_two_process_cluster_fills_the_store_a_local_run_fills(corpus: Path, tmp_path: Path, local_snapshot):
    db = str(tmp_path / "dask.sqlite")
    store = Store(db)
    seen: list[ShardProgress] = []
    with cluster_client(None, 2) as client:
        summary = run_distributed([str(corpus)], Settings(db=db, batch_size=4), store, str(tmp_path / "staging"),
                                  client, shard_size=3, progress=seen.append)
    assert (summary.stored, summary.duplicates) == (15, 1)
    assert [name for name, _ in summary.failed] == [str(corpus / "98_broken.json")]
    assert [p.shards_done for p in seen] == list(range(1, 7)) and seen[-1].documents == 16
    snapshot = _snapshot(store)
    assert snapshot["mentions"] and snapshot["claims"] and snapshot["incidents"]
    assert snapshot == local_snapshot

    shard = min((tmp_path / "staging").glob("*.mentions.parquet"))
    frame = pd.read_parquet(shard)
    codebook = set(mention_fields(Mention("bombing", None, None, None)))
    assert codebook <= set(frame.columns)
    for table in ("documents", "claims"):
        staged = pd.read_parquet(next((tmp_path / "staging").glob(f"*.{table}.parquet")))
        assert list(staged.columns) == SCHEMAS[table].names


def test_a_worker_killed_mid_shard_loses_and_duplicates_nothing(corpus: Path, tmp_path: Path, local_snapshot):
    db = str(tmp_path / "dask.sqlite")
    store = Store(db)
    killed: list[int] = []
    with cluster_client(None, 2) as client:

        def kill_a_busy_worker(progress: ShardProgress) -> None:
            if killed:
                return
            busy = [addr for addr, keys in client.processing().items() if keys]
            assert busy, "a worker must be in the middle of a shard when it is killed"
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

        summary = run_distributed([str(corpus)], Settings(db=db, batch_size=4), store, str(tmp_path / "staging"),
                                  client, shard_size=2, progress=kill_a_busy_worker)
        assert killed and killed[0] not in client.run(os.getpid).values()
    assert (summary.stored, summary.duplicates) == (15, 1)
    assert _snapshot(store) == local_snapshot
