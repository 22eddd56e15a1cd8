"""The dashboard's guards: headers, escaping of hostile reports, cookies, size limits, no stack traces."""

from __future__ import annotations

import re

import pytest
from conftest import TOKEN, TestClient
from test_pages import csrf, log_in
from web_samples import HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_URL, seed_hostile

from conflictlens.store.db import Store
from conflictlens.web.app import create_app
from conflictlens.web.highlight import safe_url
from conflictlens.web.security import Guard


@pytest.fixture
def hostile(store: Store) -> TestClient:
    """A client over a store holding one report full of markup."""
    seed_hostile(store)
    with TestClient(create_app(store, TOKEN), raise_server_exceptions=False) as c:
        yield c


def test_every_response_carries_the_security_headers(client):
    for url in ("/", "/events", "/api/v1/events", "/docs", "/static/web/dashboard.js", "/nowhere"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert "http" not in csp  # no external origin
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_external_origin(client):
    for url in ("/", "/events", "/docs", "/login", "/documents/doc-hit-a"):
        page = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"""(src|href)=["']https?://(?!example\.org)""", page)
        assert not re.search(r"<[^>]*\s(on\w+|style)\s*=", page, re.IGNORECASE), url


def test_hostile_text_is_escaped_on_every_page(hostile):
    eid = hostile.get("/api/v1/events").json()["items"][0]["event_id"]
    for url in ("/", "/events", f"/events/{eid}", "/documents/doc-evil", "/events?q=%3Cscript%3E"):
        page = hostile.get(url).text
        assert HOSTILE_SCRIPT not in page and HOSTILE_IMG not in page, url
        assert "&lt;script&gt;" in page or "\\u003cscript\\u003e" in page, url
        assert f'href="{HOSTILE_URL}' not in page and "href=\"javascript:" not in page.lower(), url


def test_safe_url_keeps_only_web_links():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in (HOSTILE_URL, " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "", None):
        assert safe_url(bad) is None


def test_login_cookie_is_httponly_strict_and_not_the_token(client):
    form = client.get("/login")
    assert "httponly" in form.headers["set-cookie"].lower() and "samesite=strict" in form.headers["set-cookie"].lower()
    response = client.post("/login", data={"token": TOKEN, "csrf_token": csrf(form.text)}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("cl_session=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert TOKEN not in cookie


def test_login_needs_the_csrf_token(client):
    response = client.post("/login", data={"token": TOKEN, "csrf_token": "0" * 64}, follow_redirects=False)
    assert response.status_code == 403


def test_a_csrf_token_from_another_browser_is_refused(client, seeded):
    token = log_in(client)
    with TestClient(create_app(seeded, TOKEN)) as other:
        other.cookies.set("cl_session", client.cookies.get("cl_session"))
        eid = client.get("/api/v1/incidents").json()["items"][0]["event_id"]
        assert other.post(f"/events/{eid}/split", data={"csrf_token": token}).status_code == 403


def test_token_comparison_is_exact():
    guard = Guard(TOKEN)
    assert guard.token_matches(TOKEN)
    for wrong in (TOKEN[:-1], TOKEN + "x", "", None, TOKEN.upper()):
        assert not guard.token_matches(wrong)
    assert not Guard(None).token_matches(TOKEN)


def test_large_bodies_are_refused(client):
    big = {"event_ids": ["a" * 30] * 3000}
    response = client.post("/api/v1/incidents/merge", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413

    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    streamed = client.post("/login", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413


def test_a_crash_gives_no_stack_trace(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("conflictlens.web.api.page_events", broken)
    monkeypatch.setattr("conflictlens.web.pages.page_events", broken)
    for url in ("/api/v1/events", "/events"):
        response = client.get(url)
        assert response.status_code == 500
        assert "secret" not in response.text and "Traceback" not in response.text


def test_bad_parameters_are_422_naming_the_parameter(client):
    response = client.get("/api/v1/events?since=yesterday")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "since"]
    page = client.get("/events?limit=100000")
    assert page.status_code == 422 and "limit" in page.text
