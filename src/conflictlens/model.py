"""Plain dataclasses that carry data from one pipeline stage to the next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EVENT_TYPES = (
    "armed_assault",
    "armed_clash",
    "bombing",
    "shelling",
    "air_strike",
    "assassination",
    "abduction",
    "execution",
    "security_operation",
    "attack_on_property",
)
TARGET_TYPES = (
    "military",
    "police",
    "militia",
    "coalition",
    "civilians",
    "government",
    "infrastructure",
    "armed_group",
    "unknown",
)
ATTRIBUTIONS = ("stated", "claimed", "suspected", "unknown")
DATE_PRECISIONS = ("day", "range", "month", "year")
CLAIM_QUANTITIES = ("attacks", "killed", "wounded", "fighters", "funds_usd", "other")


@dataclass(frozen=True)
class Span:
    """Characters ``text[start:end]`` of a document's text (end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One version of a report: its main text and metadata, after page furniture is removed."""

    doc_id: str
    text: str
    content_hash: str
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    title: str | None = None
    author: str | None = None
    section: str | None = None
    language: str = "en"
    input_name: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A place resolved by the gazetteer, with how sure we are of it."""

    name: str
    country: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int = 3
    kind: str = ""
    trace: str = ""


@dataclass(frozen=True)
class Mention:
    """One event as one document tells it, each field backed by the text.

    ``field_spans`` pairs a field name with the span of text it was read from.
    """

    event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str | None
    perpetrator: str = "unknown"
    perpetrator_attribution: str = "unknown"
    target: str | None = None
    target_type: str = "unknown"
    location: str | None = None
    place: Place | None = None
    killed: int | None = None
    killed_low: int | None = None
    killed_high: int | None = None
    wounded: int | None = None
    kidnapped: int | None = None
    evidence: tuple[Span, ...] = ()
    field_spans: tuple[tuple[str, Span], ...] = ()


@dataclass(frozen=True)
class Claim:
    """An aggregate figure quoted in a report (not one event), with who said it."""

    quantity: str
    value: int | None
    low: int | None = None
    high: int | None = None
    subject: str | None = None
    region: str | None = None
    period: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    attributed_to: str = "unknown"
    evidence: Span | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the extract stage found in one document."""

    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    notes: tuple[str, ...] = ()
