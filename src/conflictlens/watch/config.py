"""Read a WATCH.toml: the sources to follow, the alert rules and the alert targets, each checked with a named error."""

from __future__ import annotations

import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analytics.trends import FREQS
from ..errors import ConfigError
from ..store.aggregate import BY_FIELDS

MIN_INTERVAL = 60.0
MAX_INTERVAL = 366 * 86400.0  # a year; a whole number of 309 digits would also overflow float()


@dataclass(frozen=True)
class WatchSource:
    """One feed or page to follow: its URL, seconds between fetches, outlet name, and whether to fetch linked pages."""

    url: str
    interval: float = 3600.0
    outlet: str | None = None
    fetch_pages: bool = False


@dataclass(frozen=True)
class WatchRule:
    """New incidents that raise an alert: every field given must match (type and actor exact, place a substring)."""

    name: str
    actor: str | None = None
    event_type: str | None = None
    place: str | None = None
    min_killed: int | None = None


@dataclass(frozen=True)
class AlertTarget:
    """Where alerts go: stdout (JSON lines), a file (JSON lines appended) or a webhook (a JSON POST)."""

    kind: str
    path: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SurgeWatch:
    """Which series are tested for surges after each cycle, and how (the `surges` command's options)."""

    by: str | None = "admin1"
    freq: str = "week"
    recent: int = 1
    baseline: int = 12
    fdr: float = 0.05
    min_count: int = 3


@dataclass(frozen=True)
class WatchConfig:
    """A whole watch file."""

    sources: tuple[WatchSource, ...]
    rules: tuple[WatchRule, ...] = ()
    alerts: tuple[AlertTarget, ...] = (AlertTarget("stdout"),)
    surges: SurgeWatch = SurgeWatch()


def _http_url(value: object, where: str) -> str:
    try:
        parts = urllib.parse.urlsplit(value) if isinstance(value, str) else None
        ok = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # "https://hooks.example]].net/x": Invalid IPv6 URL
        ok = False
    if not ok:
        raise ConfigError(f"{where}: url must be an http or https URL, not {value!r}")
    return value  # type: ignore[return-value]


def _only(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}")


def _source(table: dict[str, Any], where: str) -> WatchSource:
    _only(table, {"url", "interval", "outlet", "fetch_pages"}, where)
    interval = table.get("interval", 3600)
    if isinstance(interval, bool) or not isinstance(interval, int | float) \
            or not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise ConfigError(f"{where}: interval must be a number of seconds, at least {MIN_INTERVAL:g}"
                          f" and at most {MAX_INTERVAL:,.0f} (a year)")
    outlet = table.get("outlet")
    if outlet is not None and not isinstance(outlet, str):
        raise ConfigError(f"{where}: outlet must be a string")
    fetch_pages = table.get("fetch_pages", False)
    if not isinstance(fetch_pages, bool):
        raise ConfigError(f"{where}: fetch_pages must be true or false")
    return WatchSource(_http_url(table.get("url"), where), float(interval), outlet, fetch_pages)


def _rule(table: dict[str, Any], where: str) -> WatchRule:
    _only(table, {"name", "actor", "type", "place", "min_killed"}, where)
    texts = {key: table.get(key) for key in ("name", "actor", "type", "place")}
    for key, value in texts.items():
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{where}: {key} must be a non-empty string")
    min_killed = table.get("min_killed")
    if min_killed is not None and (isinstance(min_killed, bool) or not isinstance(min_killed, int) or min_killed < 0):
        raise ConfigError(f"{where}: min_killed must be a whole number, 0 or more")
    if all(table.get(k) is None for k in ("actor", "type", "place", "min_killed")):
        raise ConfigError(f"{where}: a rule needs at least one of actor, type, place, min_killed")
    return WatchRule(texts["name"] or where, texts["actor"], texts["type"], texts["place"], min_killed)


def _target(table: dict[str, Any], where: str) -> AlertTarget:
    _only(table, {"kind", "path", "url"}, where)
    kind = table.get("kind")
    if kind == "stdout":
        return AlertTarget("stdout")
    if kind == "file":
        if not isinstance(table.get("path"), str) or not table["path"]:
            raise ConfigError(f"{where}: a file target needs a path")
        return AlertTarget("file", path=table["path"])
    if kind == "webhook":
        return AlertTarget("webhook", url=_http_url(table.get("url"), where))
    raise ConfigError(f"{where}: kind must be stdout, file or webhook, not {kind!r}")


def _whole(table: dict[str, Any], key: str, low: int, where: str) -> int:
    value = table.get(key, getattr(SurgeWatch, key))
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigError(f"{where}: {key} must be a whole number, {low} or more")
    return value


def _surges(table: object, path: Path) -> SurgeWatch:
    where = f"{path}: [surges]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    _only(table, {"by", "freq", "recent", "baseline", "fdr", "min_count"}, where)
    by = table.get("by", SurgeWatch.by)
    if by not in BY_FIELDS and by != "all":
        raise ConfigError(f"{where}: by must be one of all, {', '.join(BY_FIELDS)}, not {by!r}")
    freq = table.get("freq", SurgeWatch.freq)
    if freq not in FREQS:
        raise ConfigError(f"{where}: freq must be one of {', '.join(FREQS)}, not {freq!r}")
    fdr = table.get("fdr", SurgeWatch.fdr)
    if isinstance(fdr, bool) or not isinstance(fdr, int | float) or not 0 < fdr < 1:
        raise ConfigError(f"{where}: fdr must be a number between 0 and 1")
    return SurgeWatch(None if by == "all" else by, freq, _whole(table, "recent", 1, where),
                      _whole(table, "baseline", 2, where), float(fdr), _whole(table, "min_count", 0, where))


def _tables(data: dict[str, Any], key: str, path: Path) -> list[tuple[dict[str, Any], str]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise ConfigError(f"{path}: [[{key}]] must be a list of tables")
    return [(t, f"{path}: [[{key}]] #{i + 1}") for i, t in enumerate(value)]


def parse_watch(text: str, path: Path) -> WatchConfig:
    """Parse and check a watch file's text; raise ConfigError naming the file, the table and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    _only(data, {"source", "rule", "alert", "surges"}, str(path))
    sources = tuple(_source(t, w) for t, w in _tables(data, "source", path))
    if not sources:
        raise ConfigError(f"{path}: no [[source]] to watch")
    seen: set[str] = set()
    for source in sources:
        if source.url in seen:
            raise ConfigError(f"{path}: {source.url} is listed twice")
        seen.add(source.url)
    rules = tuple(_rule(t, w) for t, w in _tables(data, "rule", path))
    alerts = tuple(_target(t, w) for t, w in _tables(data, "alert", path)) or (AlertTarget("stdout"),)
    surges = _surges(data["surges"], path) if "surges" in data else SurgeWatch()
    return WatchConfig(sources, rules, alerts, surges)


def load_watch(path: Path) -> WatchConfig:
    """Read and check a watch file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read watch file ({exc})") from exc
    return parse_watch(text, path)
