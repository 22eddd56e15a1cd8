"""The JSON API under /api/v1/: events, incidents, mentions, documents, claims, analytics, map, corrections."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from ..analytics.trends import FREQS
from ..cli.analysis import claim_checks, surge_records
from ..errors import InputError
from ..report.export import normalise
from ..store.aggregate import BY_FIELDS, series_rows, trend_series
from ..store.incident_store import list_overrides, merge_incidents, split_incident
from ..store.map_cells import BBox, map_cells
from ..store.queries import (
    EventFilter,
    events_of_mentions,
    get_document,
    get_event,
    list_claims,
    list_documents,
    page_events,
    page_mentions,
)
from .params import Page, SortField, event_filter, next_url, page
from .state import get_guard, get_store

router = APIRouter(prefix="/api/v1", tags=["api"])
Filter = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]
ByField = Literal[BY_FIELDS]  # type: ignore[valid-type]
Freq = Literal[FREQS]  # type: ignore[valid-type]


class ItemsPage(BaseModel):
    """A page of rows and the URL of the next page (null after the last)."""

    items: list[dict[str, Any]]
    next: str | None


class SplitRequest(BaseModel):
    """Mentions to take out of the event (none: every mention apart), and why."""

    mention_ids: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=500)
    note: Annotated[str | None, Field(max_length=1000)] = None


class MergeRequest(BaseModel):
    """Two or more events to merge into one incident, and why."""

    event_ids: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(min_length=2, max_length=100)
    note: Annotated[str | None, Field(max_length=1000)] = None


def _page(request: Request, p: Page, items: list[dict[str, Any]]) -> ItemsPage:
    """Rows with the link to the page after them."""
    return ItemsPage(items=items, next=next_url(request, p, len(items)))


@router.get("/events", response_model=ItemsPage)
def events(request: Request, f: Filter, p: Paging, sort: SortField = "date_start",
           order: Literal["asc", "desc"] = "desc") -> ItemsPage:
    """Events as codebook records, filtered, sorted and paged."""
    rows = page_events(get_store(request), f, sort, order == "desc", p.offset, p.limit)
    return _page(request, p, [normalise(r, i) for i, r in enumerate(rows)])


@router.get("/incidents", response_model=ItemsPage)
def incidents(request: Request, f: Filter, p: Paging, sort: SortField = "date_start",
              order: Literal["asc", "desc"] = "desc") -> ItemsPage:
    """Incidents as stored: combined fields, casualty range, member mention ids and sources."""
    return _page(request, p, page_events(get_store(request), f, sort, order == "desc", p.offset, p.limit))


@router.get("/incidents/{event_id}")
def incident(request: Request, event_id: Annotated[str, PathParam(max_length=40)]) -> dict[str, Any]:
    """One incident with each mention, its field spans and the sentences they came from."""
    found = get_event(get_store(request), event_id)
    if found is None:
        raise HTTPException(404, f"{event_id}: no such event (or the prefix is ambiguous)")
    return found


@router.get("/mentions", response_model=ItemsPage)
def mentions(request: Request, f: Filter, p: Paging) -> ItemsPage:
    """Mentions of the events the filter selects, with their event, document and source."""
    return _page(request, p, page_mentions(get_store(request), f, p.offset, p.limit))


@router.get("/documents", response_model=ItemsPage)
def documents(request: Request, p: Paging) -> ItemsPage:
    """Stored documents, every version, newest ingest first (without their text)."""
    return _page(request, p, list_documents(get_store(request), p.limit, offset=p.offset))


@router.get("/documents/{doc_id}")
def document(request: Request, doc_id: Annotated[str, PathParam(max_length=40)],
             version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> dict[str, Any]:
    """One document version with its text, mentions (field spans, evidence) and claims."""
    found = get_document(get_store(request), doc_id, version)
    if found is None:
        raise HTTPException(404, f"{doc_id}: no such document")
    return found


@router.get("/claims", response_model=ItemsPage)
def claims(request: Request, p: Paging) -> ItemsPage:
    """Aggregate figures quoted in reports, with who said them."""
    return _page(request, p, list_claims(get_store(request), p.limit, offset=p.offset))


@router.get("/trends")
def trends(request: Request, f: Filter, by: ByField | None = None, freq: Freq = "week") -> dict[str, Any]:
    """Incidents and fatalities per period, one series per value of ``by``, as flat rows."""
    return {"by": by, "freq": freq, "items": series_rows(trend_series(get_store(request), f, freq, by))}


@router.get("/surges")
def surges(request: Request, f: Filter, by: ByField | None = "admin1", freq: Freq = "week",
           recent: Annotated[int, Query(ge=1, le=52)] = 1, baseline: Annotated[int, Query(ge=2, le=520)] = 12,
           fdr: Annotated[float, Query(gt=0, le=1)] = 0.05, min_count: Annotated[int, Query(ge=0, le=10_000)] = 3,
           alerts_only: bool = False) -> dict[str, Any]:
    """Each tested series against its own baseline (p- and q-values), alerts first."""
    rows = surge_records(get_store(request), f, freq, by, recent, baseline, fdr, min_count)
    return {"items": [r for r in rows if r["alert"]] if alerts_only else rows}


@router.get("/claimchecks")
def claimchecks(request: Request) -> dict[str, Any]:
    """Each claim beside the store's own count for its actor, area and period (or why not)."""
    return {"items": claim_checks(get_store(request))}


@router.get("/map")
def map_data(request: Request, f: Filter,
             west: Annotated[float, Query(ge=-180, le=180)] = -180, south: Annotated[float, Query(ge=-90, le=90)] = -90,
             east: Annotated[float, Query(ge=-180, le=180)] = 180, north: Annotated[float, Query(ge=-90, le=90)] = 90,
             zoom: Annotated[int, Query(ge=0, le=22)] = 3) -> dict[str, Any]:
    """Located events in the box: each one when few, else clusters on a grid that shrinks as you zoom in."""
    deg = max(0.01, min(10.0, 45.0 / 2 ** zoom))
    return map_cells(get_store(request), f, BBox(west, south, east, north), deg)


@router.get("/overrides")
def overrides(request: Request) -> dict[str, Any]:
    """The analysts' recorded splits and merges, oldest first."""
    return {"items": list_overrides(get_store(request))}


@router.post("/incidents/{event_id}/split", responses={401: {"description": "no token"},
                                                       403: {"description": "wrong token or read-only"}})
def split(request: Request, event_id: Annotated[str, PathParam(max_length=40)],
          body: Annotated[SplitRequest | None, Body()] = None) -> dict[str, Any]:
    """Split an incident: every mention apart, or only ``mention_ids`` out (needs the token)."""
    get_guard(request).require_writer(request, allow_cookie=False)
    try:
        body = body or SplitRequest()
        full, apart = split_incident(get_store(request), event_id, body.mention_ids, body.note)
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {"event_id": full, "apart": apart}


@router.post("/incidents/merge", responses={401: {"description": "no token"},
                                            403: {"description": "wrong token or read-only"}})
def merge(request: Request, body: MergeRequest) -> dict[str, Any]:
    """Merge incidents into one, unless an earlier split keeps some apart (needs the token)."""
    get_guard(request).require_writer(request, allow_cookie=False)
    try:
        members = merge_incidents(get_store(request), body.event_ids, body.note)
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {"mention_ids": members, "event_ids": events_of_mentions(get_store(request), members)}
