"""Query parameters shared by the dashboard's pages and API: the event filter, sorting and paging."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Query, Request

from ..model import EVENT_TYPES
from ..store.queries import SORTABLE, EventFilter

SortField = Literal[SORTABLE]  # type: ignore[valid-type]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]
PAGE_MAX = 500


def event_filter(
    since: Annotated[dt.date | None, Query(description="first date, YYYY-MM-DD")] = None,
    until: Annotated[dt.date | None, Query(description="last date, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO country code, e.g. IQ")] = None,
    admin1: Annotated[str | None, Query(max_length=80, description="province name or ISO 3166-2 code")] = None,
    actor: Annotated[str | None, Query(max_length=120, description="perpetrator name contains this")] = None,
    event_type: Annotated[EventType | None, Query(alias="type", description="event type")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the place, actors or evidence")] = None,
) -> EventFilter:
    """The shared event filter (the options of `conflictlens events`, plus text search)."""
    return EventFilter(since=since, until=until, country=country or None, admin1=admin1 or None,
                       actor=actor or None, event_type=event_type, text=q or None)


@dataclass(frozen=True)
class Page:
    """Where a page starts and how many rows it holds."""

    offset: int
    limit: int


def page(
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_MAX, description="rows per page")] = 50,
) -> Page:
    """The page asked for."""
    return Page(offset, limit)


def next_url(request: Request, p: Page, got: int) -> str | None:
    """The URL of the next page (same path and query, offset moved on), or None after the last page."""
    if got < p.limit:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    params.append(("offset", str(p.offset + p.limit)))
    return f"{request.url.path}?{urlencode(params)}"


def filter_query(f: EventFilter) -> str:
    """The filter as a query string (for download links and paging in the pages)."""
    pairs = {"since": f.since, "until": f.until, "country": f.country, "admin1": f.admin1, "actor": f.actor,
             "type": f.event_type, "q": f.text}
    return urlencode({k: str(v) for k, v in pairs.items() if v is not None})
