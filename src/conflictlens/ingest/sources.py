"""Input sources: files, folders, JSON and JSON Lines records, RSS/Atom feeds, URLs and standard input, as raw records."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .feeds import FEED_SUFFIXES, FeedEntry, feed_entries, is_feed
from .fetch import FetchOptions, fetch
from .html import looks_like_html
from .text import decode_bytes, to_utf8

TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson", ""}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson"}
RECORD_FIELDS = ("text", "html", "url", "title", "published", "source")
# characters that would break the one line naming an input, or disguise it (bidi controls)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def display_name(path: Path | str) -> str:
    """A file name as one printable line: bytes that are not UTF-8 as \\xNN, control characters escaped."""
    text = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class RawInput:
    """One input as received: either plain text or HTML, with whatever metadata came with it."""

    name: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None


def _read_capped(stream: object, name: str, max_bytes: int) -> bytes:
    data: bytes = stream.read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than the {max_bytes // 1_000_000} MB input limit")
    return data


def _from_bytes(data: bytes, name: str, url: str | None = None) -> RawInput:
    text = decode_bytes(data, name)
    if looks_like_html(data):
        return RawInput(name=name, html=text, url=url)
    return RawInput(name=name, text=text, url=url)


def _entry_record(entry: FeedEntry) -> RawInput:
    # a leading "By ..." line is read back as the byline by the furniture pass, like any other input's
    byline = f"By {entry.author}\n" if entry.author else ""
    published = entry.published.isoformat() if entry.published else None
    return RawInput(name=entry.name, text=byline + entry.text, url=entry.link, title=entry.title,
                    published=published, source=entry.source)


def _feed_records(data: bytes, name: str, url: str | None = None) -> Iterator[RawInput | InputError]:
    try:
        entries = feed_entries(data, name, url=url)
    except InputError as exc:
        yield exc
        return
    yield from (_entry_record(entry) for entry in entries)


def _records(data: bytes, name: str, url: str | None = None, feed: bool = False) -> Iterator[RawInput | InputError]:
    """One raw record for a page or text, or one per entry for a feed (by suffix or by its root element)."""
    try:
        data = to_utf8(data, name)
    except InputError as exc:
        yield exc
        return
    if feed or is_feed(data):
        yield from _feed_records(data, name, url)
    else:
        try:
            yield _from_bytes(data, name, url=url)
        except InputError as exc:
            yield exc


def fetched_records(data: bytes, url: str) -> Iterator[RawInput | InputError]:
    """The raw records of a fetched body: one per entry of a feed, or the one page or text."""
    return _records(data, url, url=url)


def _record(obj: object, name: str) -> RawInput:
    if not isinstance(obj, dict):
        raise InputError(f"{name}: a record must be a JSON object")
    if not (obj.get("text") or obj.get("html")):
        raise InputError(f"{name}: record has neither 'text' nor 'html'")
    values = {k: obj.get(k) for k in RECORD_FIELDS}
    bad = [k for k, v in values.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise InputError(f"{name}: field {bad[0]!r} must be a string")
    return RawInput(name=name, **values)


def _json_records(text: str, name: str, lines: bool) -> Iterator[RawInput | InputError]:
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{name}:{number}"
            try:
                yield _record(json.loads(line), where)
            except json.JSONDecodeError as exc:
                yield InputError(f"{where}: invalid JSON ({exc.msg})")
            except RecursionError:
                yield InputError(f"{where}: JSON nested too deeply")
            except InputError as exc:
                yield exc
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"{name}: invalid JSON ({exc.msg} at line {exc.lineno})")
        return
    except RecursionError:
        yield InputError(f"{name}: JSON nested too deeply")
        return
    for i, obj in enumerate(data if isinstance(data, list) else [data]):
        try:
            yield _record(obj, f"{name}[{i}]" if isinstance(data, list) else name)
        except InputError as exc:
            yield exc


def read_file(path: Path, max_bytes: int) -> Iterator[RawInput | InputError]:
    """Yield the records of one file (several for JSON Lines), or an error naming it."""
    name = display_name(path)
    try:
        if not path.is_file():
            raise InputError(f"{name}: not a regular file")
        with path.open("rb") as handle:
            data = _read_capped(handle, name, max_bytes)
        suffix = path.suffix.lower()
        if suffix in RECORD_SUFFIXES:
            yield from _json_records(decode_bytes(data, name), name, lines=suffix != ".json")
        else:
            yield from _records(data, name, feed=suffix in FEED_SUFFIXES)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({exc.strerror or exc})")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """A folder's wanted files, sorted; symbolic links to folders are not followed, broken or looping links named."""
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_symlink() and not path.exists():
            yield InputError(f"{display_name(path)}: broken or looping symbolic link")
        elif path.is_file() and _wanted(path):
            yield path


def _wanted(path: Path) -> bool:
    """A folder's text, HTML and JSON files, and its .xml/.rss/.atom files that hold a feed."""
    suffix = path.suffix.lower()
    if suffix not in FEED_SUFFIXES:
        return suffix in TEXT_SUFFIXES
    try:
        with path.open("rb") as handle:
            return is_feed(to_utf8(handle.read(8192), str(path)))
    except (OSError, InputError):
        return False


def iter_inputs(
    targets: list[str], timeout: float, max_bytes: int, allow_private: bool = False
) -> Iterator[RawInput | InputError]:
    """Expand command-line targets (paths, folders, URLs, "-") into raw records and per-input errors."""
    options = FetchOptions(read_timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    for target in targets:
        if target == "-":
            try:
                data = _read_capped(sys.stdin.buffer, "<stdin>", max_bytes)
            except InputError as exc:
                yield exc
            else:
                yield from _records(data, "<stdin>")
        elif target.startswith(("http://", "https://")):
            try:
                fetched = fetch(target, options)
            except InputError as exc:
                yield exc
            else:
                yield from _records(fetched.body, target, url=fetched.url)
        else:
            path = Path(target)
            if path.is_dir():
                for file in _walk(path):
                    if isinstance(file, InputError):
                        yield file
                    else:
                        yield from read_file(file, max_bytes)
            elif path.exists():
                yield from read_file(path, max_bytes)
            elif path.is_symlink():
                yield InputError(f"{display_name(target)}: broken or looping symbolic link")
            else:
                yield InputError(f"{display_name(target)}: no such file, folder or URL")


def count_inputs(targets: list[str]) -> int | None:
    """How many files the targets expand to (for a progress bar), or None when unknowable."""
    total = 0
    for target in targets:
        path = Path(target)
        if path.is_dir():
            total += sum(1 for _ in _walk(path))
        elif path.is_file() and path.suffix.lower() not in RECORD_SUFFIXES | FEED_SUFFIXES:
            total += 1
        else:
            return None
    return total
