"""The dashboard's guards: security headers, request size limit, the write token, login cookie and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import ConfigError

# Scripts, styles, images and fetches from this origin only; no inline script, no framing, forms post here.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_BODY_BYTES = 64 * 1024
SESSION_COOKIE = "cl_session"
CSRF_COOKIE = "cl_csrf"
CSRF_FIELD = "csrf_token"


class SecurityHeaders:
    """ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        """Wrap ``app``."""
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check Content-Length first, then count the bytes as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send)
            return
        seen = 0
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not refused:
                    refused = True
                    await _too_large(send)
                if refused:
                    return {"type": "http.disconnect"}
            return message

        async def unless_refused(message: Message) -> None:
            if not refused:
                await send(message)

        try:
            await self.app(scope, counted, unless_refused)
        except Exception:
            if not refused:
                raise


async def _too_large(send: Send) -> None:
    """Answer 413 with a one-line JSON error."""
    body = b'{"detail":"request body too large"}'
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class DropEmptyQuery:
    """ASGI middleware dropping empty query parameters (``since=&type=``), as a filter form sends them."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite the query string without ``name=`` pairs."""
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = [p for p in scope["query_string"].split(b"&") if p and not p.endswith(b"=")]
            scope = {**scope, "query_string": b"&".join(pairs)}
        await self.app(scope, receive, send)


def read_token(path: Path) -> str:
    """The write token in ``path`` (first line, stripped); at least 16 characters."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read token file ({exc.strerror})") from exc
    if len(token) < 16:
        raise ConfigError(f"{path}: the token must be at least 16 characters")
    return token


@dataclass
class Guard:
    """The write token (None: read-only) and the secret the cookies and CSRF tokens are signed with."""

    token: str | None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def _sign(self, *parts: str) -> str:
        """An HMAC-SHA256 of the parts under this process's secret."""
        return hmac.new(self.secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()

    def token_matches(self, given: str | None) -> bool:
        """Whether ``given`` is the write token, compared in constant time."""
        if self.token is None or not given:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def session_value(self) -> str:
        """The login cookie's value: a signature of the token (never the token itself)."""
        return self._sign("session", self.token or "")

    def has_session(self, request: Request) -> bool:
        """Whether the request carries a valid login cookie."""
        cookie = request.cookies.get(SESSION_COOKIE)
        return self.token is not None and bool(cookie) and hmac.compare_digest(cookie or "", self.session_value())

    def csrf_for(self, nonce: str) -> str:
        """The CSRF form token bound to the browser's CSRF cookie."""
        return self._sign("csrf", nonce)

    def check_csrf(self, request: Request, submitted: str | None) -> None:
        """Raise 403 unless the form's CSRF token matches the browser's CSRF cookie."""
        nonce = request.cookies.get(CSRF_COOKIE)
        if not nonce or not submitted or not hmac.compare_digest(submitted, self.csrf_for(nonce)):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")

    def require_writer(self, request: Request, allow_cookie: bool = True) -> None:
        """Raise 403 when read-only, 401 without credentials, 403 with a wrong token (header, or login cookie)."""
        if self.token is None:
            raise HTTPException(403, "read-only: the server was started without --token-file")
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, given = header.partition(" ")
            if scheme.lower() != "bearer" or not self.token_matches(given.strip()):
                raise HTTPException(403, "wrong token")
            return
        if allow_cookie and request.cookies.get(SESSION_COOKIE):
            if not self.has_session(request):
                raise HTTPException(403, "stale or wrong login: log in again")
            return
        raise HTTPException(401, "writes need the token: Authorization: Bearer TOKEN, or log in",
                            headers={"WWW-Authenticate": "Bearer"})


def new_nonce() -> str:
    """A fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(24)


def cookie_options(request: Request) -> dict[str, Any]:
    """HttpOnly, SameSite=Strict cookie settings (Secure when served over HTTPS)."""
    return {"httponly": True, "samesite": "strict", "secure": request.url.scheme == "https", "path": "/"}
