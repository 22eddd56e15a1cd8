"""`conflictlens watch` end to end on a 127.0.0.1 feed: --once, --status, --allow-private, alerts on stdout."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictlens.cli import app
from conflictlens.store.db import Store

pytestmark = pytest.mark.model
runner = CliRunner()
ENTRIES = [
    {"link": "https://wire.example.org/news/kirkuk", "title": "Checkpoint attacked near Kirkuk",
     "text": "Gunmen killed three soldiers at a checkpoint near Kirkuk on Monday, police said.",
     "published": "Wed, 25 Nov 2026 08:00:00 GMT"},
    {"link": "https://wire.example.org/news/borno", "title": "Bomb in Maiduguri",
     "text": "A roadside bomb killed two policemen in Maiduguri, Borno State, on Tuesday.",
     "published": "Wed, 25 Nov 2026 09:00:00 GMT"},
]


def _watch_file(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "WATCH.toml"
    path.write_text(f'[[source]]\nurl = "{base}/feed.xml"\ninterval = 900\noutlet = "Test Wire"\n\n'
                    '[[rule]]\nname = "Kirkuk deaths"\nplace = "Kirkuk"\nmin_killed = 1\n')
    return path


def test_watch_once_stores_alerts_on_stdout_and_status_shows_the_source(serve, tmp_path: Path) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = ENTRIES
    watch_file, db = _watch_file(tmp_path, base), str(tmp_path / "w.sqlite")
    first = runner.invoke(app, ["watch", str(watch_file), "--once", "--allow-private", "--db", db])
    assert first.exit_code == 0, first.output
    alerts = [json.loads(line) for line in first.stdout.splitlines() if line.startswith("{")]
    assert [(a["kind"], a["rule"]) for a in alerts] == [("rule", "Kirkuk deaths")]
    assert alerts[0]["incident"]["links"] == ["https://wire.example.org/news/kirkuk"]
    assert "2 stored" in first.stderr
    again = runner.invoke(app, ["watch", str(watch_file), "--once", "--allow-private", "--db", db])
    assert again.exit_code == 0 and "{" not in again.stdout  # not due yet: nothing fetched, nothing alerted
    assert site.hits["/feed.xml"] == 1
    status = runner.invoke(app, ["watch", str(watch_file), "--status", "--db", db])
    assert status.exit_code == 0 and f"{base}/feed.xml" in status.stdout and "2 new of 2" in status.stdout
    assert "1 rule" in status.stdout
    store = Store(db)
    assert store.counts()["documents"] == 2
    store.close()


def test_watch_refuses_loopback_without_allow_private(serve, tmp_path: Path) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = ENTRIES
    db = str(tmp_path / "w.sqlite")
    result = runner.invoke(app, ["watch", str(_watch_file(tmp_path, base)), "--once", "--db", db])
    assert result.exit_code == 3
    assert f"{base}/feed.xml: refused: 127.0.0.1 resolves to a loopback address" in " ".join(result.stderr.split())
    assert site.hits == {} and Store(db).counts()["documents"] == 0


def test_watch_file_mistake_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "WATCH.toml"
    path.write_text('[[source]]\nurl = "ftp://wire.example.org/feed"\n')
    result = runner.invoke(app, ["watch", str(path), "--once", "--db", str(tmp_path / "w.sqlite")])
    assert result.exit_code == 2 and "url must be an http or https URL" in result.stderr


def test_watch_runs_until_sigterm_and_stops_cleanly(serve, tmp_path: Path) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = ENTRIES
    db = tmp_path / "w.sqlite"
    cli = Path(sys.executable).with_name("conflictlens")
    proc = subprocess.Popen([str(cli), "watch", str(_watch_file(tmp_path, base)), "--allow-private", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while site.hits["/feed.xml"] == 0 or not _stored(db, 2):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and site.hits["/feed.xml"] == 1
    assert [json.loads(line)["rule"] for line in out.splitlines() if line.startswith("{")] == ["Kirkuk deaths"]


def _stored(db: Path, n: int) -> bool:
    """Whether the store at db holds n documents (False while it does not exist yet)."""
    if not db.exists():
        return False
    with sqlite3.connect(db) as con:
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0] >= n
        except sqlite3.OperationalError:
            return False
