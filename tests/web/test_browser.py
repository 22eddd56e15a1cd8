"""Drive the dashboard in headless Chromium, network blocked: map, filters, evidence, corrections, hostile text."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TOKEN
from typer.testing import CliRunner
from web_samples import seed, seed_hostile

from conflictlens.cli import app as cli_app
from conflictlens.store.db import Store
from conflictlens.web.app import create_app

uvicorn = pytest.importorskip("uvicorn")
CHROMIUM = Path("/usr/bin/chromium")
# the launch flags of tests/report/test_report_browser.py
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


def _free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_in_thread(store: Store) -> Iterator[str]:
    """Run the app under uvicorn in a thread; yields its base URL, stops it after."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def base(store: Store) -> Iterator[str]:
    """The URL of a live server over the seeded store."""
    seed(store)
    yield from serve_in_thread(store)


def _browser(base_url: str, bypass_csp: bool) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A Chromium page whose requests to anything but the server are aborted and recorded."""
    attempted: list[str] = []
    errors: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1300, "height": 1000}, bypass_csp=bypass_csp)
        context.route("**/*", guard)
        tab = context.new_page()
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        yield tab, attempted, errors
        browser.close()


@pytest.fixture
def page(base: str) -> Iterator[Any]:
    """A page on the live server with the CSP in force; fails the test on any page error or CSP violation."""
    for tab, attempted, errors in _browser(base, bypass_csp=False):
        yield tab
        assert attempted == [], f"requests outside the server: {attempted}"
        assert errors == [], f"page errors or CSP violations: {errors}"


def _db(store: Store) -> str:
    return store.url.removeprefix("sqlite:///")


def _cli_events(store: Store, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli_app, ["events", "--json", "--db", _db(store), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_map_shows_the_incidents_and_timelines_draw(page, base):
    page.goto(base + "/")
    page.wait_for_selector("#map[data-points='6']", state="attached", timeout=15_000)
    assert page.locator("#map.leaflet-container canvas").count() >= 1
    assert "6 located event(s) in view" in page.locator("#map-status").inner_text()
    assert page.locator("#chart-event_type svg path.series").count() == 5  # five event types
    assert page.locator("#chart-actor ul.legend li").count() >= 5


def test_a_filter_narrows_the_table(page, base):
    page.goto(base + "/events")
    assert page.locator("#events tbody tr").count() == 6
    page.fill("input[name=country]", "SY")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*country=SY*")
    assert page.locator("#events tbody tr").count() == 1
    assert "Mayadin" in page.locator("#events tbody").inner_text()
    page.fill("input[name=country]", "")
    page.fill("input[name=q]", "farmers")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*q=farmers*")
    assert "Maiduguri" in page.locator("#events tbody").inner_text()


def test_event_page_shows_highlighted_evidence(page, base, store):
    raid = next(e for e in _cli_events(store, "--country", "IQ"))
    page.goto(f"{base}/events/{raid['event_id']}")
    marks = page.locator("#fields mark[data-field=perpetrator]")
    assert marks.count() == 2 and marks.first.inner_text() == "Islamic State"
    assert page.locator("article.mention").count() == 2


def test_split_and_merge_in_the_page_are_seen_by_the_cli(page, base, store):
    page.goto(base + "/login")
    page.fill("input[name=token]", TOKEN)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/")
    raid = _cli_events(store, "--country", "IQ")[0]
    page.goto(f"{base}/events/{raid['event_id']}")
    page.click("#split-form button[type=submit]")
    page.wait_for_load_state()
    assert sorted(e["n_mentions"] for e in _cli_events(store, "--country", "IQ")) == [1, 1]
    syria, congo = _cli_events(store, "--country", "SY")[0], _cli_events(store, "--country", "CD")[0]
    page.goto(f"{base}/events/{syria['event_id']}")
    page.fill("#merge-form input[name=other]", congo["event_id"][:14])
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("article.mention >> nth=1")
    merged = [e for e in _cli_events(store) if e["n_mentions"] == 2]
    assert len(merged) == 1 and {"Valley Monitor", "Kivu Today"} == set(merged[0]["sources"])


def test_hostile_reports_run_no_script_on_any_page(store):
    seed_hostile(store)
    seed(store)
    evil = next(e for e in _cli_events(store) if "Cell" in e["perpetrator"])
    for base_url in serve_in_thread(store):
        # CSP bypassed: escaping alone must keep the injected markup inert
        for tab, attempted, errors in _browser(base_url, bypass_csp=True):
            for path in ("/", "/events", f"/events/{evil['event_id']}", "/documents/doc-evil",
                         "/events?q=%3Cscript%3E", "/docs"):
                tab.goto(base_url + path)
                tab.wait_for_load_state("load")
                assert tab.evaluate("window.__pwned === undefined"), path
                assert tab.locator("img[src=x], a[href^='javascript:']").count() == 0, path
            tab.goto(f"{base_url}/events/{evil['event_id']}")
            assert "<script>" in tab.locator("main").inner_text()  # shown as text
            assert attempted == [] and errors == []
