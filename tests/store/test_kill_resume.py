import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_DOCS = 2000
RUNNER = """
import sys
from conflictlens.config import Settings
from conflictlens.model import Extraction, Mention, Span
from conflictlens.pipeline import run_batch
from conflictlens.store.db import Store

def extractor(docs, batch_size):
    return [Extraction(mentions=tuple(Mention("armed_assault", None, None, None, evidence=(Span(0, 5, d.text[:5]),))
                                      for _ in range(3))) for d in docs]

folder, db = sys.argv[1], sys.argv[2]
run_batch([folder], Settings(db=db, batch_size=16), Store(db), extractor=extractor)
"""


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


@pytest.mark.slow
def test_sigkill_mid_batch_then_rerun_gives_exactly_all_documents(tmp_path: Path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"{i:04d}.txt").write_text(f"Report {i}: gunmen attacked checkpoint number {i} near Baiji.\n")
    db = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-c", RUNNER, str(folder), str(db)]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if _count(db, "select count(*) from documents") >= 200:
                break
        except sqlite3.OperationalError:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db, "select count(*) from documents")
    assert 0 < partial < N_DOCS, "the kill must land mid-batch"
    # every document that landed has all its mentions and evidence: no partial rows
    assert _count(db, "select count(*) from mentions") == 3 * partial
    subprocess.run(cmd, check=True)
    assert _count(db, "select count(*) from documents") == N_DOCS
    assert _count(db, "select count(distinct content_hash) from documents") == N_DOCS
    assert _count(db, "select count(*) from mentions") == 3 * N_DOCS
    assert _count(db, "select count(*) from evidence") == 3 * N_DOCS
