"""HTML pages: main text and metadata through trafilatura (comments excluded)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

from ..errors import InputError

_HTML_HINT = re.compile(rb"<(!doctype html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)


@dataclass(frozen=True)
class PageText:
    """What trafilatura reads off a page: its main text (one paragraph per line) and metadata."""

    text: str
    title: str | None
    author: str | None
    published: str | None
    source: str | None
    url: str | None


def looks_like_html(data: bytes) -> bool:
    """True when the first kilobytes hold HTML markup."""
    return bool(_HTML_HINT.search(data[:4096]))


def parse_html(html: str, name: str, url: str | None = None) -> PageText:
    """Extract the main text and metadata of one page; raise InputError when it holds no article text."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None or not (result.text or "").strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return PageText(
        text=result.text,
        title=result.title or None,
        author=result.author or None,
        published=result.date or None,
        source=result.sitename or result.hostname or None,
        url=result.url or url,
    )
