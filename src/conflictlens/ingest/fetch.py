"""Fetch one URL safely: timeouts, a total deadline, a decoded-size cap, a redirect limit, type and address checks."""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass, field

from ..errors import FetchError

USER_AGENT = "conflictlens/0.1 (+https://github.com/conflictlens; news event coder)"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 65536
# media types a report, page or feed arrives as; anything else (images, PDFs, archives) is refused
ACCEPTED_TYPES = frozenset({
    "application/xhtml+xml", "application/xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml", "application/json", "application/ld+json", "application/feed+json",
    "application/x-ndjson", "application/jsonl",
})
# ranges not marked as non-global by the ipaddress module's tables, refused all the same
EXTRA_BLOCKED = (ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("fd00:ec2::254/128"))


@dataclass(frozen=True)
class FetchOptions:
    """How one fetch may behave: its limits, its headers, and whether private addresses may be reached."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FetchResult:
    """A finished fetch: the URL after redirects, the status (200, or 304 for a conditional GET), body and headers."""

    url: str
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """One response header by case-insensitive name, or None."""
        return self.headers.get(name.lower())


def blocked_reason(address: str) -> str | None:
    """Why an IP address may not be fetched without allow_private (loopback, private, ...), or None if public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, test in (
        ("loopback", ip.is_loopback), ("link-local or cloud metadata", ip.is_link_local),
        ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved), ("private", ip.is_private),
    ):
        if test:
            return f"{label} address {ip}"
    if any(ip in net for net in EXTRA_BLOCKED if net.version == ip.version):
        return f"shared (CGNAT) or metadata address {ip}"
    if not ip.is_global:
        return f"non-public address {ip}"
    return None


def _resolve(url: str, host: str, port: int, options: FetchOptions) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"unreachable (cannot resolve {host}: {exc})") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not options.allow_private:
        for address in addresses:
            reason = blocked_reason(address)
            if reason:
                raise FetchError(url, f"refused: {host} resolves to a {reason} (use --allow-private to permit)")
    return addresses


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, never re-resolved."""

    def __init__(self, host: str, port: int, address: str, connect_timeout: float) -> None:
        super().__init__(host, port, timeout=connect_timeout)
        self.address = address

    def connect(self) -> None:
        """Connect to the checked address."""
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    """An HTTPS connection to an address already checked, verified against the URL's host name."""

    def __init__(self, host: str, port: int, address: str, connect_timeout: float) -> None:
        super().__init__(host, port, timeout=connect_timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        """Connect to the checked address and start TLS for the URL's host name."""
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _type_ok(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return not kind or kind.startswith("text/") or kind in ACCEPTED_TYPES or kind.endswith(("+xml", "+json"))


def _decoder(url: str, encoding: str) -> zlib._Decompress | None:  # type: ignore[name-defined]
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header, auto-detected
    raise FetchError(url, f"refused: unsupported Content-Encoding {encoding!r}")


def _inflate(decoder: zlib._Decompress, data: bytes, room: int) -> list[bytes]:  # type: ignore[name-defined]
    """Decompress data piece by piece, stopping as soon as more than room bytes came out."""
    out: list[bytes] = []
    produced = 0
    while data and produced <= room:
        piece = decoder.decompress(data, room - produced + 1)
        out.append(piece)
        produced += len(piece)
        data = decoder.unconsumed_tail
    return out


def _read_body(url: str, response: http.client.HTTPResponse, sock: socket.socket | None,
               options: FetchOptions, end: float) -> bytes:
    """Stream the body, counting decoded bytes against the cap and wall time against the deadline."""
    decoder = _decoder(url, response.getheader("Content-Encoding") or "")
    limit = options.max_bytes
    too_big = f"refused: larger than the {limit:,} byte limit"
    parts: list[bytes] = []
    size = 0
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            raise FetchError(url, f"timed out: the {options.deadline:g} s deadline passed while reading")
        if sock is not None:
            sock.settimeout(min(options.read_timeout, remaining))
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            break
        pieces = [chunk] if decoder is None else _inflate(decoder, chunk, limit - size)
        for piece in pieces:
            size += len(piece)
            if size > limit:
                raise FetchError(url, too_big)
            parts.append(piece)
    if decoder is not None:
        tail = decoder.flush()
        size += len(tail)
        if size > limit:
            raise FetchError(url, too_big)
        parts.append(tail)
    return b"".join(parts)


def _cut(conn: http.client.HTTPConnection) -> None:
    """Shut a connection's socket so that a blocked read returns at once."""
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _once(url: str, options: FetchOptions, end: float, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "refused: only http and https URLs with a host are fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(url, f"refused: bad port ({exc})") from exc
    addresses = _resolve(url, parts.hostname, port, options)
    path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    headers = {"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate",
               "Accept": "text/html, application/xhtml+xml, application/xml, text/*;q=0.9, */*;q=0.1"}
    headers.update(dict(options.headers))
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    last: Exception | None = None
    for address in addresses:
        timeout = min(options.connect_timeout, max(end - time.monotonic(), 0.001))
        conn = kind(parts.hostname, port, address, timeout)
        # a hard stop at the deadline, even for a server that trickles its status line or headers
        watchdog = threading.Timer(max(end - time.monotonic(), 0.0), _cut, (conn,))
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.request("GET" if data is None else "POST", path, body=data, headers=headers)
            if conn.sock is not None:
                conn.sock.settimeout(min(options.read_timeout, max(end - time.monotonic(), 0.001)))
            response = conn.getresponse()
            got = {k.lower(): v for k, v in response.getheaders()}
            if response.status in REDIRECTS or response.status == 304 or response.status >= 400:
                return response.status, got, b""
            if data is None and not _type_ok(got.get("content-type", "")):
                raise FetchError(url, f"refused: content type {got['content-type']!r} is not a page or feed")
            return response.status, got, _read_body(url, response, conn.sock, options, end)
        except FetchError:
            raise
        except TimeoutError as exc:
            raise FetchError(url, "timed out") from exc
        except (OSError, http.client.HTTPException, zlib.error) as exc:
            if time.monotonic() >= end:
                raise FetchError(url, f"timed out: the {options.deadline:g} s deadline passed") from exc
            last = exc
        finally:
            watchdog.cancel()
            conn.close()
    raise FetchError(url, f"unreachable ({last})")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value.strip()), 0.0)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(when.timestamp() - time.time(), 0.0)


def fetch(url: str, options: FetchOptions | None = None, data: bytes | None = None) -> FetchResult:
    """Fetch a page or feed (POST data instead, when given) within the options' limits.

    Raise FetchError naming the URL and the reason. A POST is never redirected: its answer is final.
    """
    options = options or FetchOptions()
    end = time.monotonic() + options.deadline
    current = url
    seen: set[str] = set()
    for _hop in range(options.max_redirects + 1):
        seen.add(current)
        status, headers, body = _once(current, options, end, data)
        if status in REDIRECTS and data is not None:
            raise FetchError(url, f"HTTP {status}: a POST is not redirected")
        if status in REDIRECTS:
            location = headers.get("location")
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location")
            target = urllib.parse.urljoin(current, location)
            if target in seen:
                raise FetchError(url, f"refused: redirect loop at {target}")
            current = target
            continue
        if status >= 400:
            raise FetchError(url, f"HTTP {status}", status=status, retry_after=_retry_after(headers.get("retry-after")))
        return FetchResult(current, status, body, headers.get("content-type", ""), headers)
    raise FetchError(url, f"refused: more than {options.max_redirects} redirects")
