"""Polite fetching against a local server that counts requests: 304s, host delay, robots.txt, Retry-After backoff."""

from __future__ import annotations

import http.server
import threading
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

import pytest

from conflictlens.errors import FetchError
from conflictlens.ingest.fetch import FetchOptions
from conflictlens.watch.polite import PoliteFetcher

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title></channel></rss>'
ETAG = '"v1"'


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, b"", "application/rss+xml")
            else:
                self._send(200, FEED, "application/rss+xml", ETag=ETAG)
        elif self.path == "/busy":
            self._send(503, b"busy", "text/plain", **{"Retry-After": "120"})
        else:
            self._send(200, b"<p>page</p>", "text/html")

    def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Clock:
    """A fake monotonic clock; sleeping advances it and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture()
def base() -> Iterator[str]:
    _Handler.hits = Counter()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _fetcher(clock: _Clock) -> PoliteFetcher:
    return PoliteFetcher(FetchOptions(allow_private=True, deadline=5.0), min_delay=5.0, base_backoff=60.0,
                         clock=clock, sleep=clock.sleep)


def test_conditional_get_gets_304_and_robots_read_once(base: str) -> None:
    clock = _Clock()
    fetcher = _fetcher(clock)
    first = fetcher.get(base + "/feed.xml")
    assert first.status == 200 and first.header("ETag") == ETAG and first.body == FEED
    again = fetcher.get(base + "/feed.xml", etag=first.header("ETag"))
    assert again.status == 304 and again.body == b""
    assert _Handler.hits == Counter({"/robots.txt": 1, "/feed.xml": 2})


def test_per_host_delay_between_requests(base: str) -> None:
    clock = _Clock()
    fetcher = _fetcher(clock)
    fetcher.get(base + "/a")
    fetcher.get(base + "/b")
    # robots.txt, /a and /b: each request after the first waited the full 5 s
    assert clock.slept == [5.0, 5.0]


def test_robots_disallowed_path_not_requested(base: str) -> None:
    fetcher = _fetcher(_Clock())
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        fetcher.get(base + "/private/report")
    assert _Handler.hits["/private/report"] == 0


def test_retry_after_and_exponential_backoff(base: str) -> None:
    clock = _Clock()
    fetcher = _fetcher(clock)
    with pytest.raises(FetchError, match="HTTP 503"):
        fetcher.get(base + "/busy")
    with pytest.raises(FetchError, match="backing off: 12\\d s left"):  # Retry-After 120 s beats the 60 s base
        fetcher.get(base + "/busy")
    assert _Handler.hits["/busy"] == 1
    clock.now += 121
    with pytest.raises(FetchError, match="HTTP 503"):
        fetcher.get(base + "/busy")
    host_state = next(iter(fetcher.hosts.values()))
    assert host_state.failures == 2 and host_state.not_before - clock.now == pytest.approx(120.0)
    clock.now += 121
    fetcher.get(base + "/page")  # a success ends the failure run
    assert host_state.failures == 0 and _Handler.hits["/busy"] == 2


def test_robots_unreadable_fails_the_fetch_with_its_reason_and_is_asked_again(base: str) -> None:
    fetcher = PoliteFetcher(FetchOptions(deadline=5.0), min_delay=0.0, clock=_Clock(), sleep=lambda s: None)
    with pytest.raises(FetchError, match=r"/feed\.xml: refused: 127\.0\.0\.1 resolves to a loopback address"):
        fetcher.get(base + "/feed.xml")  # the address guard's reason, not a robots.txt refusal
    assert _Handler.hits == Counter()
    assert next(iter(fetcher.hosts.values())).robots is None  # nothing cached: read again next time
