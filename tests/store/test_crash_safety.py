"""`conflictlens ingest` killed with SIGKILL at random moments, then re-run: every document once and whole.

And two ingests writing one fresh SQLite file at once: both finish, neither sees "database is locked".
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.slow]
CLI = [sys.executable, "-c", "from conflictlens.cli import main; main()"]
PLACES = ("Baiji", "Mogadishu", "Menaka", "Kirkuk", "Maiduguri", "Gao", "Kandahar", "Beni")
KILLS = 20


def _reports(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:02d}.txt").write_text(
            f"Report {seed}-{i}\nGunmen attacked a police checkpoint near {rng.choice(PLACES)} on Monday, killing "
            f"{rng.randint(2, 30)} officers and wounding {rng.randint(1, 9)}, police said.\n"
            f"The Islamic State claimed {rng.randint(100, 900)} attacks so far this year, the group said.\n"
        )


def _ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, "ingest", str(folder), "--db", str(db)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "CONFLICTLENS_BATCH_SIZE": "2"})


def _per_document(db: Path) -> dict[str, tuple[int, int, int]]:
    """content hash -> (copies, mentions, claims)."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "select d.content_hash, count(distinct d.id),"
            " (select count(*) from mentions m where m.document_id = min(d.id)),"
            " (select count(*) from claims c where c.document_id = min(d.id))"
            " from documents d group by d.content_hash"
        ).fetchall()
    return {h: (copies, mentions, claims) for h, copies, mentions, claims in rows}


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.OperationalError:  # not yet migrated, or the writer holds the lock
        return -1


def test_sigkill_at_random_moments_then_rerun_stores_each_document_once_and_whole(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    _reports(folder, 40, seed=1)
    clean = tmp_path / "clean.sqlite"
    first = _ingest(folder, clean)
    assert first.communicate()[1] is not None and first.returncode == 0
    expected = _per_document(clean)
    assert len(expected) == 40 and all(copies == 1 for copies, _, _ in expected.values())

    db, rng, kills, mid_write = tmp_path / "killed.sqlite", random.Random(7), 0, 0
    while kills < KILLS:
        proc = _ingest(folder, db)
        if kills % 2 == 0:  # at a random moment: start-up, migration, model load or writes
            time.sleep(rng.uniform(0.05, 1.5))
        else:  # while documents are landing: wait for the next one, then a few milliseconds more
            before = _stored(db)
            while proc.poll() is None and _stored(db) <= before:
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.005))
            mid_write += proc.poll() is None
        if proc.poll() is not None:  # finished before the kill: check it, then start again on a fresh file
            assert proc.communicate() and proc.returncode == 0 and _per_document(db) == expected
            for leftover in tmp_path.glob("killed.sqlite*"):
                leftover.unlink()
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        found = _per_document(db) if db.exists() else {}
        assert all(found[h] == expected[h] for h in found), "a document stored twice or partly"
    finished = _ingest(folder, db)
    _, stderr = finished.communicate()
    assert finished.returncode == 0, stderr
    assert _per_document(db) == expected
    assert kills == KILLS and mid_write >= KILLS // 2 - 2, (kills, mid_write)


def test_two_ingests_into_one_fresh_sqlite_file_both_finish(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    for name, seed in (("a", 2), ("b", 3)):
        _reports(tmp_path / name, 20, seed=seed)
    procs = [_ingest(tmp_path / name, db) for name in ("a", "b")]
    results = [p.communicate()[1] for p in procs]
    for proc, stderr in zip(procs, results, strict=True):
        assert proc.returncode == 0, stderr
        assert "database is locked" not in stderr
    found = _per_document(db)
    assert len(found) == 40 and all(copies == 1 for copies, _, _ in found.values())
