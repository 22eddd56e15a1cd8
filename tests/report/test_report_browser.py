"""Drive the HTML report in headless Chromium, offline: map, charts, table, popups and escaping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from report_samples import INJECTED

from conflictlens.report.html import render_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture
def report_file(tmp_path: Path, events, surges, claims, series) -> Path:
    """The report of the sample incidents, written to a file."""
    actors = [dict(row, key="Islamic State") for row in series]
    page = render_report(events, surges, claims, series, actors, "Browser test", dt.datetime(2024, 8, 1))
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.fixture
def page(tmp_path: Path) -> Any:
    """A Chromium page whose every non-file request is recorded and aborted."""
    attempted: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        # CSP off, so the test shows escaping alone keeps injected markup inert
        context = browser.new_context(viewport={"width": 1300, "height": 1000}, offline=True, bypass_csp=True)
        context.route("**/*", guard)
        tab = context.new_page()
        tab.on(
            "request", lambda r: None if r.url.startswith(("file://", "data:")) else attempted.append(r.url)
        )
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        assert attempted == [], f"network requests attempted: {attempted}"
        assert errors == [], f"page errors: {errors}"
        browser.close()


def test_report_renders_offline_and_escapes_injected_markup(
    page: Any, report_file: Path, tmp_path: Path
) -> None:
    page.goto(report_file.as_uri())
    page.wait_for_selector("html[data-ready='1']", state="attached", timeout=15_000)

    assert page.locator("#map.leaflet-container canvas").count() >= 1
    assert page.locator("path.cl-incident").count() == 11
    assert page.locator("#chart-type svg path.series").count() == 2
    assert page.locator("#chart-actor svg path.series").count() == 1
    assert page.locator("#events-table tbody tr").count() == 12
    assert page.locator(".surge").count() == 1
    assert page.locator("#claims-table tbody tr").count() == 1
    assert "<i>since January</i>" in page.locator("#claims-table").inner_text()

    page.click("path.cl-incident[data-event-id='ev-000000']")
    popup = page.locator(".leaflet-popup-content .popup")
    popup.wait_for(state="visible")
    text = popup.inner_text()
    assert INJECTED in text
    assert "<b>Bridge</b> & post" in text
    assert "https://news.example/0" in text
    assert popup.locator("script, img").count() == 0
    assert page.locator("#events-table script, #events-table img, .surge img").count() == 0
    assert page.evaluate("window.__pwned") is None

    page.fill("#event-search", "village 7")
    page.wait_for_function("document.querySelectorAll('#events-table tbody tr').length === 1")
    page.click("th:has-text('Killed')")
    page.fill("#event-search", "")
    page.wait_for_function("document.querySelectorAll('#events-table tbody tr').length === 12")
    first_killed = page.locator("#events-table tbody tr").first.locator("td").nth(7).inner_text()
    assert first_killed == "12"

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
