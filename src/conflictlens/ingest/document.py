"""From a raw record to a `Document`: main text, furniture removed, metadata, ids and hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import urllib.parse
from dataclasses import replace

from dateutil import parser as date_parser

from ..errors import InputError
from ..limits import parse_note
from ..model import Document
from .furniture import strip_furniture
from .html import parse_html
from .language import detect_language
from .sources import RawInput
from .text import without_surrogates

_TRACKING = ("utm_", "fbclid", "gclid", "ref", "amp")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_HEADER_DATE = re.compile(
    rf"\b(\d{{1,2}} {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_HEADER_CHARS = 600
# publication dates outside these bounds are typing or clock errors, and would push every event date with them
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)
LATEST_PUBLISHED_AHEAD = dt.timedelta(days=2)


def header_date(text: str) -> str | None:
    """A full date printed in the page's header lines (a byline's "Monday 20 May 2024"), if any."""
    match = _HEADER_DATE.search(text[:_HEADER_CHARS])
    return match.group(0) if match else None


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop fragment, tracking parameters and a trailing slash."""
    parts = urllib.parse.urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    path = parts.path.rstrip("/") or "/"
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, urllib.parse.urlencode(query), "")
    )


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """Hash of the article text with whitespace normalised: equal text, equal hash."""
    return _hash(" ".join(text.split()))


def latest_publication_date() -> dt.date:
    """The latest publication date accepted: today by this machine's clock, plus a margin for time zones."""
    return dt.date.today() + LATEST_PUBLISHED_AHEAD


def parse_published(value: str | None, name: str) -> dt.date | None:
    """Read a publication date string (ISO or common formats); raise InputError when unreadable."""
    if not value:
        return None
    try:
        day = date_parser.parse(value, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(f"{name}: unreadable publication date {value[:40]!r}") from exc
    if not EARLIEST_PUBLISHED <= day <= latest_publication_date():
        raise InputError(f"{name}: publication date {day.isoformat()} is out of range")
    return day


def _source_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urllib.parse.urlsplit(url).netloc.lower()
    return host.removeprefix("www.") or None


def _readable_url(url: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The URL when urllib can split it, else None and a note ("https://a.]example/": Invalid IPv6 URL)."""
    if not url:
        return None, ()
    try:
        normalise_url(url)
    except ValueError as exc:
        return None, (f"unreadable URL dropped ({exc})",)
    return url, ()


def _clean_fields(raw: RawInput) -> RawInput:
    """The record with lone surrogates replaced: JSON's "\\udca8" decodes to one, which UTF-8 cannot encode."""
    values = {k: without_surrogates(getattr(raw, k)) for k in ("text", "html", "url", "title", "published", "source")
              if getattr(raw, k) is not None}
    return replace(raw, **values)


def build_document(raw: RawInput, published: dt.date | None = None, source: str | None = None) -> Document:
    """Turn one raw record into a Document; `published` and `source` fill in what the input lacks."""
    raw = _clean_fields(raw)
    url, url_notes = _readable_url(raw.url)
    title, author, page_date, page_source = raw.title, None, raw.published, raw.source
    if raw.html is not None:
        page = parse_html(raw.html, raw.name, url=url)
        title = title or page.title
        author = page.author
        page_date = page_date or page.published
        page_source = page_source or page.source
        if url is None:
            url, more = _readable_url(page.url)
            url_notes += more
        body = page.text
    else:
        body = raw.text or ""
    clean = strip_furniture(body, title=title)
    if page_date is None and published is None:
        page_date = header_date(body)
    if not clean.text.strip():
        raise InputError(f"{raw.name}: nothing left after removing page furniture")
    language = detect_language(clean.text)
    notes = clean.removed + url_notes
    long_note = parse_note(clean.text)
    if long_note:
        notes += (long_note,)
    if language != "en":
        notes += (f"language {language}: stored, not extracted",)
    norm_url = normalise_url(url) if url else None
    return Document(
        doc_id=_hash(norm_url or content_hash(clean.text))[:16],
        text=clean.text,
        content_hash=content_hash(clean.text),
        url=norm_url,
        source=source or page_source or _source_of(url),
        published=parse_published(page_date, raw.name) or published,
        title=clean.title,
        author=clean.author or author,
        section=clean.section,
        language=language,
        input_name=raw.name,
        notes=notes,
    )
