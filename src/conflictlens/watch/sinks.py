"""Alert delivery: JSON lines to a stream (stdout) or appended to a file, or a JSON POST to a webhook."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..errors import ConflictlensError, InputError
from ..ingest.fetch import FetchOptions, fetch
from .config import AlertTarget

Sink = Callable[[dict[str, Any]], None]


def alert_json(alert: dict[str, Any]) -> str:
    """One alert as a line of JSON (dates as ISO strings; text escaped by JSON itself)."""
    return json.dumps(alert, ensure_ascii=False, sort_keys=True, default=str)


def stream_sink(stream: TextIO) -> Sink:
    """Write each alert as one JSON line to the stream and flush it."""
    def send(alert: dict[str, Any]) -> None:
        stream.write(alert_json(alert) + "\n")
        stream.flush()
    return send


def file_sink(path: Path) -> Sink:
    """Append each alert as one JSON line to the file; a failure is an InputError naming it."""
    def send(alert: dict[str, Any]) -> None:
        try:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(alert_json(alert) + "\n")
        except OSError as exc:
            raise InputError(f"{path}: cannot append alert ({exc.strerror or exc})") from exc
    return send


def webhook_sink(url: str, options: FetchOptions) -> Sink:
    """POST each alert as JSON to the URL through the guarded fetch (private addresses per options)."""
    headers = (*options.headers, ("Content-Type", "application/json; charset=utf-8"))
    post_options = FetchOptions(connect_timeout=options.connect_timeout, read_timeout=options.read_timeout,
                                deadline=options.deadline, max_bytes=1_000_000, allow_private=options.allow_private,
                                user_agent=options.user_agent, headers=headers)

    def send(alert: dict[str, Any]) -> None:
        fetch(url, post_options, data=alert_json(alert).encode("utf-8"))
    return send


def build_sinks(targets: Sequence[AlertTarget], stdout: TextIO, options: FetchOptions) -> list[tuple[str, Sink]]:
    """A named sink for every alert target of the watch file."""
    sinks: list[tuple[str, Sink]] = []
    for target in targets:
        if target.kind == "file" and target.path:
            sinks.append((target.path, file_sink(Path(target.path))))
        elif target.kind == "webhook" and target.url:
            sinks.append((target.url, webhook_sink(target.url, options)))
        else:
            sinks.append(("stdout", stream_sink(stdout)))
    return sinks


def deliver(alert: dict[str, Any], sinks: Sequence[tuple[str, Sink]]) -> list[str]:
    """Send one alert to every sink; the reasons of the sinks that failed (empty when all took it)."""
    failures = []
    for name, send in sinks:
        try:
            send(alert)
        except ConflictlensError as exc:
            failures.append(str(exc) if str(exc).startswith(name) else f"{name}: {exc}")
    return failures
