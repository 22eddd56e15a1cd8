"""The fetch guard against a local HTTP server: deadline, size caps (gzip bomb too), redirects, types, addresses."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
import zlib
from collections.abc import Iterator

import pytest

import conflictlens.ingest.fetch as fetch_module
from conflictlens.errors import FetchError, InputError
from conflictlens.ingest.fetch import FetchOptions, blocked_reason, fetch
from conflictlens.ingest.sources import iter_inputs

PAGE = b"<html><body><p>Gunmen attacked a checkpoint near Baidoa on Monday, police said.</p></body></html>"
LOCAL = FetchOptions(allow_private=True, deadline=5.0, read_timeout=2.0, connect_timeout=2.0)


class _Handler(http.server.BaseHTTPRequestHandler):
    def _send(self, status: int, body: bytes, kind: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path == "/gzip-page":
            self._send(200, gzip.compress(PAGE), Content_Encoding="gzip")
        elif path == "/deflate-page":
            self._send(200, zlib.compress(PAGE), Content_Encoding="deflate")
        elif path == "/bomb":  # 10 MB of zeros in about 10 KB on the wire
            self._send(200, gzip.compress(b"\0" * 10_000_000), Content_Encoding="gzip")
        elif path == "/big":
            self._send(200, b"a" * 300_000)
        elif path == "/slow":  # trickles a byte every 0.2 s: each read is quick, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
        elif path == "/slow-headers":  # the status line comes at once, a header line every 0.3 s after it
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for i in range(50):
                try:
                    self.wfile.write(f"X-Filler-{i}: x\r\n".encode())
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.3)
        elif path == "/loop-a":
            self._send(302, b"", Location="/loop-b")
        elif path == "/loop-b":
            self._send(302, b"", Location="/loop-a")
        elif path.startswith("/hop"):
            n = int(path[4:] or 0)
            self._send(302, b"", Location=f"/hop{n + 1}")
        elif path == "/to-page":
            self._send(301, b"", Location="/page")
        elif path == "/to-metadata":
            self._send(302, b"", Location="http://169.254.169.254/latest/meta-data/")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/busy":
            self._send(503, b"busy", Retry_After="7")
        else:
            self._send(404, b"no")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize("path", ["/page", "/gzip-page", "/deflate-page"])
def test_fetch_reads_plain_and_compressed_pages(base: str, path: str) -> None:
    result = fetch(base + path, LOCAL)
    assert result.status == 200 and result.body == PAGE and result.content_type.startswith("text/html")


def test_fetch_follows_a_redirect_and_reports_the_final_url(base: str) -> None:
    result = fetch(base + "/to-page", LOCAL)
    assert result.url == base + "/page" and result.body == PAGE


def test_fetch_deadline_stops_a_slow_host(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(base + "/slow", FetchOptions(allow_private=True, deadline=1.0, read_timeout=5.0))
    assert time.monotonic() - started < 3.0


def test_fetch_deadline_stops_a_host_trickling_headers(base: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(base + "/slow-headers", FetchOptions(allow_private=True, deadline=1.0, read_timeout=5.0))
    assert time.monotonic() - started < 3.0


def test_fetch_oversize_body_refused(base: str) -> None:
    with pytest.raises(FetchError, match=r"larger than the 100,000 byte limit") as caught:
        fetch(base + "/big", FetchOptions(allow_private=True, max_bytes=100_000))
    assert str(caught.value).startswith(base + "/big: ")


def test_fetch_gzip_bomb_counted_decoded(base: str) -> None:
    with pytest.raises(FetchError, match="larger than the 1,000,000 byte limit"):
        fetch(base + "/bomb", FetchOptions(allow_private=True, max_bytes=1_000_000))
    assert len(fetch(base + "/bomb", FetchOptions(allow_private=True, max_bytes=10_000_000)).body) == 10_000_000


def test_fetch_redirect_loop_refused(base: str) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(base + "/loop-a", LOCAL)


def test_fetch_redirect_limit(base: str) -> None:
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(base + "/hop0", FetchOptions(allow_private=True, max_redirects=3))


def test_fetch_redirect_to_a_private_address_refused(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the guard lets the test server's own address through and nothing else private: the first hop is
    # fetched, its redirect to the cloud metadata address must be refused before any connection
    original = fetch_module.blocked_reason
    monkeypatch.setattr(fetch_module, "blocked_reason", lambda a: None if a == "127.0.0.1" else original(a))
    assert fetch(base + "/page", FetchOptions()).body == PAGE
    with pytest.raises(FetchError, match="link-local or cloud metadata address 169.254.169.254"):
        fetch(base + "/to-metadata", FetchOptions(deadline=5.0))


def test_fetch_bad_content_type_refused(base: str) -> None:
    with pytest.raises(FetchError, match="content type 'image/png' is not a page or feed"):
        fetch(base + "/image", LOCAL)


def test_fetch_http_error_carries_status_and_retry_after(base: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(base + "/busy", LOCAL)
    assert caught.value.status == 503 and caught.value.retry_after == 7.0


def test_fetch_loopback_refused_without_the_switch(base: str) -> None:
    with pytest.raises(FetchError, match="loopback address 127.0.0.1.*--allow-private"):
        fetch(base + "/page", FetchOptions())


def test_fetch_localhost_name_refused_after_resolution(base: str) -> None:
    port = base.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="localhost resolves to a loopback address"):
        fetch(f"http://localhost:{port}/page", FetchOptions())


def test_fetch_non_http_scheme_refused() -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch("file:///etc/passwd", LOCAL)


@pytest.mark.parametrize(
    ("address", "label"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.9", "private"),
        ("172.16.5.5", "private"), ("169.254.169.254", "link-local or cloud metadata"), ("fe80::1", "link-local"),
        ("100.64.0.1", "CGNAT"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"), ("::ffff:127.0.0.1", "loopback"), ("fd00:ec2::254", "private"),
    ],
)
def test_blocked_reason_names_the_range(address: str, label: str) -> None:
    reason = blocked_reason(address)
    assert reason is not None and label in reason


@pytest.mark.parametrize("address", ["8.8.8.8", "41.203.64.1", "2001:4860:4860::8888"])
def test_blocked_reason_lets_public_addresses_through(address: str) -> None:
    assert blocked_reason(address) is None


def test_ingest_url_refused_without_allow_private_is_one_error_the_rest_lands(base: str, tmp_path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A roadside bomb killed two soldiers near Kunduz on Friday, officials said.", encoding="utf-8")
    items = list(iter_inputs([base + "/page", str(note)], 2.0, 1_000_000))
    assert isinstance(items[0], InputError) and "loopback" in str(items[0])
    assert not isinstance(items[1], InputError) and items[1].name == str(note)
    (allowed,) = iter_inputs([base + "/page"], 2.0, 1_000_000, allow_private=True)
    assert not isinstance(allowed, InputError) and allowed.url == base + "/page"
