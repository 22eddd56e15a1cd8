"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: sniffing and reading each entry's own content."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import logging
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import InputError
from .html import parse_html

log = logging.getLogger(__name__)

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
_SNIFF_BYTES = 8192
_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:(?:<\?.*?\?>|<!--.*?-->)\s*)*", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>\s*(?:<!--.*?-->\s*)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(rss|RDF|feed)[\s/>]")
_TAG = re.compile(r"<[a-zA-Z!/]")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "article", "section"}
_HIDDEN = {"script", "style", "noscript", "template"}


@dataclass(frozen=True)
class FeedEntry:
    """One feed entry: its text (HTML turned to plain text) and metadata, as the feed gives them."""

    name: str
    text: str
    title: str | None = None
    link: str | None = None
    published: dt.date | None = None
    author: str | None = None
    source: str | None = None


def _after_prolog(raw: bytes) -> tuple[bytes, bool]:
    """The bytes from the root element on, and whether a DOCTYPE stood before it."""
    head = raw[:_SNIFF_BYTES]
    rest = head[_PROLOG.match(head).end():]  # type: ignore[union-attr]
    doctype = _DOCTYPE.match(rest)
    return (rest[doctype.end():], True) if doctype else (rest, False)


def is_feed(raw: bytes) -> bool:
    """True when the root element (after XML declaration, BOM, comments) is `<rss>`, `<rdf:RDF>` or `<feed>`."""
    return bool(_ROOT.match(_after_prolog(raw)[0]))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        for child in element:
            if _local(child.tag) == name:
                return child
    return None


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None


class _TextParser(HTMLParser):
    """Minimal HTML-to-text: one paragraph per block element, scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a paragraph at a block element; start hiding inside a script or style."""
        self._hidden += tag in _HIDDEN
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a paragraph at a block element; stop hiding after a script or style."""
        self._hidden -= tag in _HIDDEN and self._hidden > 0
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Keep visible text."""
        if not self._hidden:
            self.parts.append(data)


def _stdlib_text(fragment: str) -> str:
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def fragment_text(fragment: str, name: str) -> str:
    """Plain text of an HTML fragment: trafilatura first, the stdlib parser when it finds nothing."""
    if not _TAG.search(fragment):
        return "\n".join(" ".join(line.split()) for line in html.unescape(fragment).splitlines() if line.strip())
    try:
        return parse_html(f"<html><body><article>{fragment}</article></body></html>", name).text.strip()
    except InputError:
        return _stdlib_text(fragment)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date()  # RSS: RFC 822
    except (TypeError, ValueError, OverflowError):  # OverflowError: "Mon, 03 Jun 2100000000000024"
        pass
    try:
        return dt.datetime.fromisoformat(value.strip()).date()  # Atom, dc:date: ISO 8601
    except ValueError:
        return None


def _author(item: ET.Element) -> str | None:
    node = _child(item, "author", "creator")
    if node is None:
        return None
    value = _text(_child(node, "name")) or _text(node)
    match = re.fullmatch(r"\S+@\S+\s*\((.+)\)", value or "")  # RSS: "desk@example.org (Jane Doe)"
    if match:
        return match.group(1).strip()
    return None if value is None or "@" in value and " " not in value else value


def _link(item: ET.Element, base: str | None) -> str | None:
    links = [c for c in item if _local(c.tag) == "link"]
    href = next((c.get("href") for c in links if c.get("href") and c.get("rel", "alternate") == "alternate"), None)
    href = href or next((_text(c) for c in links if _text(c)), None)
    if href is None:
        guid = item.find("guid")
        permalink = guid is not None and guid.get("isPermaLink", "true") != "false"
        href = _text(guid) if permalink and (_text(guid) or "").startswith("http") else None
    try:
        return urllib.parse.urljoin(base, href) if base and href else href
    except ValueError:  # "https://monitor.]example/2": Invalid IPv6 URL; the entry keeps its text, not the link
        return None


def _body(item: ET.Element) -> str | None:
    for name in ("encoded", "content", "description", "summary"):
        node = _child(item, name)
        if node is None:
            continue
        if node.get("type") == "xhtml":
            for element in node.iter():
                element.tag = _local(element.tag)  # plain <p>, not <ns0:p>, for the HTML-to-text pass
            value = "".join(ET.tostring(c, encoding="unicode") for c in node).strip() or _text(node)
        else:
            value = _text(node)
        if value:
            return value
    return None


def _entry(item: ET.Element, name: str, source: str | None, base: str | None) -> FeedEntry | None:
    body = _body(item)
    text = fragment_text(body, name) if body else ""
    if not text.strip():
        log.warning("%s: entry has no text, skipped", name)
        return None
    title = _text(_child(item, "title"))
    return FeedEntry(
        name=name,
        text=text,
        title=fragment_text(title, name) or None if title else None,
        link=_link(item, base),
        published=_date(_text(_child(item, "pubDate", "published", "date", "updated", "issued"))),
        author=_author(item),
        source=source,
    )


def _parse(raw: bytes, name: str) -> ET.Element:
    rest, doctype = _after_prolog(raw)
    if doctype:  # entity declarations only live in a DOCTYPE: none means no external or nested entities
        raise InputError(f"{name}: DOCTYPE or ENTITY declarations are not accepted in a feed")
    if not _ROOT.match(rest):
        raise InputError(f"{name}: not an RSS or Atom feed")
    try:
        return ET.fromstring(raw)
    except ET.ParseError as exc:
        raise InputError(f"{name}: malformed feed XML ({exc})") from exc
    except LookupError as exc:  # <?xml version="1.0" encoding="utf-8o"?>
        raise InputError(f"{name}: feed declares an unknown encoding ({exc})") from exc


def feed_entries(raw: bytes, name: str, url: str | None = None) -> list[FeedEntry]:
    """Read every entry with text from an RSS or Atom feed; raise InputError naming the feed when unreadable."""
    root = _parse(raw, name)
    channel = _child(root, "channel")
    head = channel if channel is not None else root
    source = _text(_child(head, "title"))
    base = _link(head, url) or url  # relative entry links resolve against the feed's own site
    items = [el for el in root.iter() if _local(el.tag) in {"item", "entry"}]
    entries = (_entry(item, f"{name}[{i}]", source, base) for i, item in enumerate(items))
    return [entry for entry in entries if entry is not None]
