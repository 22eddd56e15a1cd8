"""A store of hostile reports (markup in titles, sources, URLs, places, actors) through `conflictlens report`
into Chromium: no dialog, no injected script, no clickable javascript: link; `--format csv` cells neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from test_report_browser import CHROMIUM, CHROMIUM_ARGS
from typer.testing import CliRunner

from conflictlens.cli import app
from conflictlens.model import Claim, Document, Extraction, Mention, Place, Span
from conflictlens.store.db import Store
from conflictlens.store.incident_store import update_incidents

HOSTILE = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "'><iframe src=javascript:alert(4)>",
    "</script><script>alert(5)</script>",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
)


def _seed(db: str) -> None:
    store = Store(db)
    for i, bad in enumerate(HOSTILE):
        text = f"Gunmen attacked {bad} near Baiji on Monday, killing {i + 2} people, police said."
        doc = Document(doc_id=f"hostile{i:02d}", text=text, content_hash=f"h{i:02d}",
                       url="javascript:alert(1)" if i % 2 else f"https://wire.example/{bad}",
                       source=bad, published=dt.date(2024, 6, 3), title=bad, author=bad, input_name=f"{bad}.txt")
        span = Span(0, len(text), text)
        mention = Mention("armed_assault", dt.date(2024, 6, 3), dt.date(2024, 6, 3), "day", perpetrator=bad,
                          perpetrator_attribution="stated", target=bad, target_type="police", location=bad,
                          place=Place(bad, "IQ", bad, None, bad, 34.9 + i / 100, 43.5, 3, "city"),
                          killed=i + 2, evidence=(span,))
        claim = Claim("attacks", 10 + i, subject=bad, region=bad, period=bad, attributed_to=bad, evidence=span)
        store.write(doc, Extraction(mentions=(mention,), claims=(claim,)))
    update_incidents(store)
    store.close()


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    db = str(tmp_path / "hostile.sqlite")
    _seed(db)
    return db


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_hostile_report_runs_no_script_and_links_no_javascript_url(hostile_db: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", hostile_db, "--out", str(out), "--title", HOSTILE[2]])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "onerror=\"alert" not in html and "<svg onload" not in html
    dialogs: list[str] = []
    console: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, bypass_csp=True)  # CSP off: escaping alone must hold

        def guard(route: Any) -> None:
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                requests.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: console.append(m.text))
        page.add_init_script("window.alert = window.confirm = window.prompt = m => window.__fired = String(m)")
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-ready='1']", state="attached", timeout=15_000)
        for selector in ("path.cl-incident", "table tbody tr", "a", "button", "summary"):
            for element in page.locator(selector).all()[:40]:
                try:
                    element.click(timeout=500, force=True, no_wait_after=True)
                except sync_api.Error:
                    pass
        page.wait_for_timeout(300)
        fired = page.evaluate("window.__fired || null")
        hrefs = page.evaluate("[...document.querySelectorAll('[href],[src],[action]')]"
                              ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))")
        injected = page.evaluate("document.querySelectorAll('svg[onload], img[onerror], iframe').length")
        browser.close()
    assert dialogs == [] and fired is None, (dialogs, fired)
    assert not [c for c in console if "alert" in c], console
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript:")], hrefs
    assert injected == 0
    assert not [r for r in requests if "evil" in r or "wire.example" in r], requests


@pytest.mark.parametrize("command", ["events", "claims", "documents"])
def test_cli_csv_neutralises_formula_cells(hostile_db: str, command: str) -> None:
    result = CliRunner().invoke(app, [command, "--format", "csv", "--db", hostile_db])
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert any(c.startswith(("'=", "'+", "'@")) for c in cells), cells[:40]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")], [c for c in cells if c[:1] in "=+@"]


def test_export_csv_neutralises_formula_cells(hostile_db: str, tmp_path: Path) -> None:
    for fmt in ("acled", "gtd"):
        out = tmp_path / f"{fmt}.csv"
        result = CliRunner().invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", hostile_db])
        assert result.exit_code == 0, result.output
        cells = [cell for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], fmt
        assert any(c.startswith("'=") for c in cells), fmt
