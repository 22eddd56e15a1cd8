"""Fixtures for the watch tests: a counting 127.0.0.1 server: feeds that change, ETags, slow and busy hosts, a webhook."""

from __future__ import annotations

import hashlib
import html
import http.server
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Site:
    """What the server serves and what it was asked: feeds by path, pages by path, requests and POSTs received."""

    feeds: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    raw: dict[str, tuple[int, bytes, str, dict[str, str]]] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    slow: set[str] = field(default_factory=set)
    hits: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)
    posts: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def rss(items: list[dict[str, str]]) -> bytes:
    """An RSS 2.0 feed of these items (each with link, title, text and an RFC 822 published)."""
    body = "".join(
        f"<item><title>{html.escape(i['title'])}</title><link>{html.escape(i['link'])}</link>"
        f"<pubDate>{i['published']}</pubDate><description>{html.escape(i['text'])}</description></item>"
        for i in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<link>http://wire.test/</link>{body}</channel></rss>").encode()


def make_handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    """A request handler class bound to one Site."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            with site.lock:
                site.hits[self.path] += 1
            if self.path in site.slow:
                time.sleep(3)
            if self.path == "/robots.txt":
                self._send(200, site.robots.encode(), "text/plain")
            elif self.path in site.raw:
                status, body, kind, headers = site.raw[self.path]
                self._send(status, body, kind, **headers)
            elif self.path in site.feeds:
                body = rss(site.feeds[self.path])
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    with site.lock:
                        site.not_modified[self.path] += 1
                    self._send(304, b"", "application/rss+xml", ETag=etag)
                else:
                    self._send(200, body, "application/rss+xml", ETag=etag)
            elif self.path in site.pages:
                self._send(200, site.pages[self.path].encode(), "text/html; charset=utf-8")
            else:
                self._send(404, b"not here", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            with site.lock:
                site.hits["POST " + self.path] += 1
                site.posts.append(json.loads(self.rfile.read(length)))
            self._send(204, b"", "text/plain")

        def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _QuietServer(http.server.ThreadingHTTPServer):
    """A test server that does not print a traceback when a client hangs up on a slow answer."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture()
def serve() -> Iterator[Callable[..., tuple[Site, str]]]:
    """Start a fresh Site on a free port of a loopback address (127.0.0.x: one host each): the Site and its base URL."""
    servers: list[_QuietServer] = []

    def start(address: str = "127.0.0.1") -> tuple[Site, str]:
        site = Site()
        server = _QuietServer((address, 0), make_handler(site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return site, f"http://{address}:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
