"""Polite fetching for watch: conditional GET, a per-host delay, one request per host at a time, robots.txt, backoff."""

from __future__ import annotations

import threading
import time
import urllib.parse
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..errors import FetchError, RobotsDisallowed
from ..ingest.fetch import FetchOptions, FetchResult, fetch

BACKOFF_STATUSES = {429, 503}
ROBOTS_MAX_AGE = 24 * 3600.0


@dataclass
class HostState:
    """What watch knows of one host: when it may next be asked, its failure run, its robots rules."""

    next_allowed: float = 0.0
    not_before: float = 0.0
    failures: int = 0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_read: float = 0.0


class PoliteFetcher:
    """Fetch URLs the way a well-behaved crawler does; every refusal or failure is a FetchError naming the URL."""

    def __init__(
        self,
        options: FetchOptions,
        min_delay: float = 5.0,
        base_backoff: float = 60.0,
        max_backoff: float = 6 * 3600.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.min_delay = min_delay
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.clock = clock
        self.sleep = sleep
        self.hosts: dict[str, HostState] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _host(self, url: str) -> tuple[str, HostState, threading.Lock]:
        parts = urllib.parse.urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}".lower()
        with self._guard:
            return host, self.hosts.setdefault(host, HostState()), self._locks.setdefault(host, threading.Lock())

    def _wait_turn(self, state: HostState) -> None:
        delay = state.next_allowed - self.clock()
        if delay > 0:
            self.sleep(delay)
        state.next_allowed = self.clock() + self.min_delay

    def _robots(self, host: str, state: HostState, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's robots rules, read once a day; no robots.txt (4xx) means no rules.

        A robots.txt that cannot be read (refused, timed out, server error) fails the fetch of url,
        with that reason, and is asked for again next time.
        """
        if state.robots is None or self.clock() - state.robots_read > ROBOTS_MAX_AGE:
            parser = urllib.robotparser.RobotFileParser(host + "/robots.txt")
            self._wait_turn(state)
            try:
                text = fetch(host + "/robots.txt", self.options).body.decode("utf-8", "replace")
            except FetchError as exc:
                if exc.status is None or exc.status >= 500 or exc.status == 429:
                    raise FetchError(url, exc.reason if exc.status is None else f"robots.txt: {exc.reason}",
                                     status=exc.status, retry_after=exc.retry_after) from exc
                parser.parse([])
            else:
                parser.parse(text.splitlines())
            state.robots, state.robots_read = parser, self.clock()
        return state.robots

    def wait_left(self, url: str) -> float:
        """Seconds before url's host may be asked again after failures (0 when it may be asked now)."""
        return max(self._host(url)[1].not_before - self.clock(), 0.0)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch url (status 304 when the validators still hold), waiting its host's turn; back off on failure."""
        host, state, lock = self._host(url)
        with lock:
            wait = state.not_before - self.clock()
            if wait > 0:
                raise FetchError(url, f"backing off: {wait:.0f} s left after {state.failures} failure(s)")
            try:
                robots = self._robots(host, state, url)
                if not robots.can_fetch(self.options.user_agent, url):
                    raise RobotsDisallowed(url, "refused: disallowed by robots.txt")
                headers = list(self.options.headers)
                if etag:
                    headers.append(("If-None-Match", etag))
                if last_modified:
                    headers.append(("If-Modified-Since", last_modified))
                self._wait_turn(state)
                result = fetch(url, replace(self.options, headers=tuple(headers)))
            except FetchError as exc:
                if not isinstance(exc, RobotsDisallowed):
                    self._back_off(state, exc)
                raise
            state.failures = 0
            return result

    def _back_off(self, state: HostState, exc: FetchError) -> None:
        """Keep away from a failing host: doubling waits, at least what Retry-After asks on 429/503."""
        state.failures += 1
        backoff = min(self.base_backoff * 2 ** (state.failures - 1), self.max_backoff)
        if exc.status in BACKOFF_STATUSES and exc.retry_after is not None:
            backoff = max(backoff, min(exc.retry_after, self.max_backoff))
        state.not_before = self.clock() + backoff
