"""Remake docs/dashboard-overview.png and docs/dashboard-event.png from a store of the bundled examples/.

Usage: PYTHONPATH=src python scripts/dashboard_screenshots.py [--out docs] [--db PATH]

Ingests examples/ with `conflictlens ingest` into a temporary store (or --db), serves it with
`conflictlens serve` on a free port of 127.0.0.1 and takes both pictures in headless Chromium
(/usr/bin/chromium through Playwright; every request to another origin is aborted). The event page
shown is a dated event told by the most reports (ties: the most fields with a supporting span).
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = "from conflictlens.cli import main; main()"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ingest_examples(db: Path) -> None:
    """Ingest examples/ into ``db`` with the CLI (exit 0 or 3 accepted: the examples hold non-event reports)."""
    done = subprocess.run([sys.executable, "-c", CLI, "ingest", str(ROOT / "examples"), "--db", str(db)],
                          check=False)
    if done.returncode not in (0, 3):
        raise SystemExit(f"ingest failed with exit code {done.returncode}")


def best_event(db: Path) -> str:
    """The id of the dated event told by the most reports."""
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT e.event_id FROM events e JOIN event_mentions em ON em.event_id = e.event_id"
            " JOIN mentions m ON m.mention_id = em.mention_id"
            " GROUP BY e.event_id ORDER BY e.date_start IS NULL, e.n_mentions DESC,"
            " sum(json_array_length(m.field_spans)) DESC,"
            " e.event_id LIMIT 1").fetchone()
    if row is None:
        raise SystemExit(f"{db}: no events after ingest")
    return str(row[0])


def shoot(base: str, event_id: str, out: Path) -> None:
    """Take the overview and event pictures from the server at ``base``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        page.goto(f"{base}/", wait_until="networkidle")
        page.wait_for_selector("html[data-ready='1']", state="attached", timeout=30_000)
        # the map sets data-points once the events in view are drawn (on a canvas: no element per marker)
        page.wait_for_selector("#map[data-points]", state="attached", timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(out / "dashboard-overview.png"), full_page=False)
        page.goto(f"{base}/events/{event_id}", wait_until="networkidle")
        page.screenshot(path=str(out / "dashboard-event.png"), full_page=False)
        browser.close()


def main() -> None:
    """Ingest, serve, take the pictures, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--db", type=Path, help="store to fill (default: a temporary file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "examples.sqlite"
        ingest_examples(db)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-c", CLI, "serve", "--db", str(db), "--port", str(port)])
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/v1/overrides", timeout=5):
                        break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            args.out.mkdir(parents=True, exist_ok=True)
            shoot(base, best_event(db), args.out)
        finally:
            server.terminate()
            server.wait(10)
    print(f"wrote {args.out / 'dashboard-overview.png'} and {args.out / 'dashboard-event.png'}")


if __name__ == "__main__":
    main()
