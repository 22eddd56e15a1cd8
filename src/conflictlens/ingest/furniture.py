"""Page furniture removal: rating widgets, captchas, share bars, related links and reader comments.

Runs on every input, HTML (after trafilatura) or plain text, one paragraph (line) at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from ..errors import RulesError

FURNITURE_FILE = "furniture.yaml"
_BYLINE = re.compile(r"^by\s+(?P<name>[^|•·\n]{2,80}?)\s*(?:[|•·].*)?$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?:;\"'”’)]$")
_COMMENT_OPENERS = re.compile(
    r"^(good luck|god bless|bless|thank(s| you)|great (article|report|piece|news)|well (said|done)|"
    r"shame on|long live|may (god|allah)|what a |so sad|rip\b|i (agree|think|hope|believe|love|hate|wish|"
    r"definitely|am|'m)|we (need|must|want)|this is (so|a )|nice (article|report)|amen\b|lol\b)",
    re.IGNORECASE,
)
_COMMENT_META = re.compile(
    r"\b\d+\s+(second|minute|hour|day|week|month|year)s?\s+ago\b|^posted by\b|^reply$", re.IGNORECASE
)


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled furniture patterns: `cutoff` ends the article, `drop` removes one paragraph."""

    cutoff: tuple[re.Pattern[str], ...]
    drop: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class CleanText:
    """Article text without furniture, and the metadata found in its header lines."""

    text: str
    title: str | None = None
    author: str | None = None
    section: str | None = None
    removed: tuple[str, ...] = field(default=())


def _compile(entries: object, group: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(entries, list) or not entries:
        raise RulesError(f"{FURNITURE_FILE}:{group}: expected a non-empty list")
    compiled = []
    for entry in entries:
        pattern = entry.get("pattern") if isinstance(entry, dict) else None
        if not pattern:
            raise RulesError(f"{FURNITURE_FILE}:{group}:{entry!r}: entry has no pattern")
        try:
            compiled.append(re.compile(rf"(?:{pattern})", re.IGNORECASE))
        except re.error as exc:
            raise RulesError(f"{FURNITURE_FILE}:{group}:{entry.get('id')}: bad pattern: {exc}") from exc
    return tuple(compiled)


@cache
def load_furniture_rules() -> FurnitureRules:
    """Load and compile the packaged furniture patterns once per process."""
    raw = yaml.safe_load(resources.files(__package__).joinpath("data", FURNITURE_FILE).read_text("utf-8"))
    if not isinstance(raw, dict) or raw.get("schema_version") != 1:
        raise RulesError(f"{FURNITURE_FILE}: missing or unknown schema_version")
    return FurnitureRules(_compile(raw.get("cutoff"), "cutoff"), _compile(raw.get("drop"), "drop"))


def _norm(paragraph: str) -> str:
    return " ".join(paragraph.split())


def _matches(patterns: tuple[re.Pattern[str], ...], paragraph: str) -> bool:
    return any(p.fullmatch(paragraph) for p in patterns)


def looks_like_comment(paragraph: str) -> bool:
    """A short first-person or exclamatory line of the kind readers post under articles."""
    words = paragraph.split()
    if len(words) > 30:
        return False
    return bool(
        _COMMENT_OPENERS.search(paragraph) or _COMMENT_META.search(paragraph) or paragraph.endswith("!")
    )


def _is_heading(line: str, max_words: int) -> bool:
    return 0 < len(line.split()) <= max_words and not _TERMINAL.search(line)


def _split_header(
    paragraphs: list[str], title: str | None
) -> tuple[list[str], str | None, str | None, str | None]:
    """Take section label, title and byline off the top of the text."""
    section = author = None
    head = 0
    labelled = len(paragraphs) > 1 and _is_heading(paragraphs[0], 3) and _is_heading(paragraphs[1], 30)
    if title is None and labelled and len(paragraphs[1].split()) >= 3:
        section, head = paragraphs[0], 1
    titled = head + 1 < len(paragraphs) and _is_heading(paragraphs[head], 30)
    if title is None and titled and len(paragraphs[head].split()) >= 3:
        title, head = paragraphs[head], head + 1
    body = []
    for i, para in enumerate(paragraphs[head:], start=head):
        if title is not None and para.casefold() == title.casefold():
            continue
        match = _BYLINE.match(para) if author is None and i < head + 8 else None
        if match and len(match.group("name").split()) <= 8:
            author = match.group("name").strip()
            continue
        body.append(para)
    return body, title, author, section


def strip_furniture(text: str, title: str | None = None) -> CleanText:
    """Return the article text with page furniture removed and header lines read as metadata."""
    rules = load_furniture_rules()
    kept: list[str] = []
    removed: list[str] = []
    seen: set[str] = set()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        para = _norm(raw)
        if not para:
            continue
        if _matches(rules.cutoff, para):
            removed.append(f"cut from: {para[:60]}")
            break
        if _matches(rules.drop, para):
            removed.append(f"dropped: {para[:60]}")
            continue
        key = para.casefold()
        if key in seen:
            # the same caption or pull quote printed twice on a page
            continue
        seen.add(key)
        kept.append(para)
    while kept and looks_like_comment(kept[-1]):
        removed.append(f"comment: {kept.pop()[:60]}")
    body, title, author, section = _split_header(kept, title)
    return CleanText("\n\n".join(body), title, author, section, tuple(removed))
