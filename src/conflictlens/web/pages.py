"""The dashboard's HTML pages: overview, events table and downloads, event and document pages, login, corrections."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from ..cli.analysis import claim_checks, surge_records
from ..errors import ConflictlensError, InputError
from ..extract.actors import load_actors
from ..report import export
from ..report.html import json_for_script
from ..store.aggregate import series_rows, trend_series
from ..store.incident_store import event_mention_ids, merge_incidents, split_incident
from ..store.queries import (
    EventFilter,
    count_events,
    events_of_mentions,
    get_document,
    get_event,
    list_events,
    page_events,
)
from .highlight import text_segments
from .params import Page, SortField, event_filter, filter_query, page
from .render import render
from .security import SESSION_COOKIE, cookie_options
from .state import get_guard, get_store

router = APIRouter(include_in_schema=False)
Filter = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]
TABLE_COLUMNS = ("date_start", "event_type", "perpetrator", "target_type", "location", "admin1", "country",
                 "killed", "wounded", "n_sources")
SURGES_SHOWN = 20
CLAIMS_SHOWN = 20


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, f: Filter, freq: Literal["week", "month"] = "week") -> HTMLResponse:
    """The overview: map, timelines by type, actor and province, surge alerts and claim checks."""
    store = get_store(request)
    series = {by: series_rows(trend_series(store, f, freq, by)) for by in ("event_type", "actor", "admin1")}
    alerts = [s for s in surge_records(store, f, freq, "admin1") if s["alert"]][:SURGES_SHOWN]
    return render(request, "overview.html.j2", f=f, query=filter_query(f), freq=freq, total=count_events(store, f),
                  alerts=alerts, claims=claim_checks(store, limit=CLAIMS_SHOWN, with_ids=False),
                  series_json={by: json_for_script(rows) for by, rows in series.items()})


@router.get("/events", response_class=HTMLResponse)
def events_table(request: Request, f: Filter, p: Paging, sort: SortField = "date_start",
                 order: Literal["asc", "desc"] = "desc") -> HTMLResponse:
    """The events table: filters, sortable columns, pages and downloads of the current filter."""
    store = get_store(request)
    rows = page_events(store, f, sort, order == "desc", p.offset, p.limit)
    return render(request, "events.html.j2", f=f, query=filter_query(f), rows=rows, total=count_events(store, f),
                  p=p, sort=sort, order=order, columns=TABLE_COLUMNS)


def _write_acled(events: list[dict[str, Any]], path: Path) -> int:
    """ACLED-style CSV with inter1 from the actor book, as `conflictlens export --format csv` writes."""
    return export.write_acled_csv(events, path, actor_types={a.name: a.type for a in load_actors().actors})


_DOWNLOADS = {"csv": (_write_acled, "text/csv; charset=utf-8"),
              "geojson": (export.write_geojson, "application/geo+json"),
              "jsonl": (export.write_jsonl, "application/jsonl; charset=utf-8")}


@router.get("/events.{fmt}")
def download(request: Request, fmt: Literal["csv", "geojson", "jsonl"], f: Filter) -> Response:
    """Every event of the current filter as CSV (ACLED-style), GeoJSON or codebook JSONL."""
    writer, media_type = _DOWNLOADS[fmt]
    handle = tempfile.NamedTemporaryFile(prefix="conflictlens-", suffix=f".{fmt}", delete=False)  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    writer(list_events(get_store(request), f), path)
    return FileResponse(path, media_type=media_type, filename=f"events.{fmt}",
                        background=BackgroundTask(path.unlink, missing_ok=True))


def _event_or_404(request: Request, event_id: str) -> dict[str, Any]:
    """The event with this id (or unique prefix), or a 404."""
    found = get_event(get_store(request), event_id)
    if found is None:
        raise HTTPException(404, f"{event_id}: no such event (or the prefix is ambiguous)")
    return found


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: Annotated[str, PathParam(max_length=40)]) -> HTMLResponse:
    """One event: every field beside its sentence with the supporting characters marked, reports, mentions."""
    return render(request, "event.html.j2", event=_event_or_404(request, event_id))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: Annotated[str, PathParam(max_length=40)],
                  version: Annotated[int | None, Query(ge=1, le=1_000_000)] = None) -> HTMLResponse:
    """One stored document with every extracted span highlighted."""
    doc = get_document(get_store(request), doc_id, version)
    if doc is None:
        raise HTTPException(404, f"{doc_id}: no such document")
    spans = [(s["start"], s["end"], s["field"]) for m in doc["mentions"] for s in m["field_spans"]]
    spans += [(c["evidence_start"], c["evidence_end"], "claim") for c in doc["claims"]
              if c["evidence_start"] is not None and c["evidence_end"] is not None]
    return render(request, "document.html.j2", doc=doc, segments=text_segments(doc["text"], spans))


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    """The login form (only useful when the server has a token)."""
    return render(request, "login.html.j2", error=None)


@router.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=1000)],
          csrf_token: Annotated[str, Form(max_length=200)]) -> Response:
    """Check the token and set the HttpOnly, SameSite=Strict login cookie."""
    guard = get_guard(request)
    guard.check_csrf(request, csrf_token)
    if not guard.token_matches(token):
        return render(request, "login.html.j2", status=403, error="wrong token" if guard.token else
                      "this server is read-only (started without --token-file)")
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(SESSION_COOKIE, guard.session_value(), **cookie_options(request))
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form(max_length=200)]) -> Response:
    """Drop the login cookie."""
    get_guard(request).check_csrf(request, csrf_token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _check_form_writer(request: Request, csrf_token: str) -> None:
    """A form write needs the CSRF token and the login cookie."""
    guard = get_guard(request)
    guard.check_csrf(request, csrf_token)
    guard.require_writer(request)


@router.post("/events/{event_id}/split")
def split_form(request: Request, event_id: Annotated[str, PathParam(max_length=40)],
               csrf_token: Annotated[str, Form(max_length=200)],
               mention_id: Annotated[list[str] | None, Form(max_length=40)] = None,
               note: Annotated[str | None, Form(max_length=1000)] = None) -> Response:
    """Split the event (or move one mention out) and go to the event that now holds its first mention."""
    _check_form_writer(request, csrf_token)
    store = get_store(request)
    try:
        _, members = event_mention_ids(store, event_id)
        split_incident(store, event_id, mention_id or [], note or None)
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    kept = [m for m in members if m not in (mention_id or [])] or members
    target = events_of_mentions(store, kept[:1])
    return RedirectResponse(f"/events/{target[0]}" if target else "/events", status_code=303)


@router.post("/events/{event_id}/merge")
def merge_form(request: Request, event_id: Annotated[str, PathParam(max_length=40)],
               csrf_token: Annotated[str, Form(max_length=200)],
               other: Annotated[str, Form(max_length=2000)],
               note: Annotated[str | None, Form(max_length=1000)] = None) -> Response:
    """Merge the event with the ones named (ids separated by spaces or commas) and go to the result."""
    _check_form_writer(request, csrf_token)
    ids = [event_id, *other.replace(",", " ").split()]
    try:
        members = merge_incidents(get_store(request), ids, note or None)
    except ConflictlensError as exc:
        raise HTTPException(400, str(exc)) from exc
    target = events_of_mentions(get_store(request), members[:1])
    return RedirectResponse(f"/events/{target[0]}" if target else "/events", status_code=303)
