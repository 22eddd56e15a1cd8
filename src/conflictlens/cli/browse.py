"""`documents`, `events`, `claims`, `show` and `config`: read what the store holds."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.panel import Panel

from ..config import HELP, load_settings
from ..errors import ConflictlensError
from ..store.queries import EventFilter, get_event, list_claims, list_documents, list_events
from .common import (
    EXIT_USAGE,
    ConfigOption,
    DbOption,
    app,
    fail,
    open_store,
    parse_day,
    settings_from,
)
from .output import Format, out, render, to_jsonable

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json, jsonl or csv")]
JsonFlag = Annotated[bool, typer.Option("--json", help="shorthand for --format json")]
LimitOption = Annotated[int | None, typer.Option(help="show at most this many rows")]

EVENT_COLUMNS = ["event_id", "date_start", "event_type", "perpetrator", "target_type", "location", "admin1",
                 "country", "killed", "wounded", "n_sources"]


def event_filter(since: str | None, until: str | None, country: str | None, admin1: str | None,
                 actor: str | None, event_type: str | None, limit: int | None) -> EventFilter:
    """Build the shared event filter from command-line options."""
    return EventFilter(parse_day(since, "--since"), parse_day(until, "--until"), country, admin1, actor,
                       event_type, limit)


SinceOption = Annotated[str | None, typer.Option(help="first date, YYYY-MM-DD")]
UntilOption = Annotated[str | None, typer.Option(help="last date, YYYY-MM-DD")]
CountryOption = Annotated[str | None, typer.Option(help="ISO country code, e.g. IQ")]
Admin1Option = Annotated[str | None, typer.Option(help="province name or ISO 3166-2 code, e.g. Anbar or IQ-AN")]
ActorOption = Annotated[str | None, typer.Option(help="perpetrator name contains this")]
TypeOption = Annotated[str | None, typer.Option("--type", help="event type, e.g. shelling")]


@app.command()
def events(
    since: SinceOption = None, until: UntilOption = None, country: CountryOption = None,
    admin1: Admin1Option = None, actor: ActorOption = None, event_type: TypeOption = None,
    limit: LimitOption = None, fmt: FormatOption = Format.table, as_json: JsonFlag = False,
    db: DbOption = None, config: ConfigOption = None,
) -> None:
    """List events (incidents merged across reports), newest first.

    Example: conflictlens events --country IQ --since 2024-07-01 --type shelling
    """
    store = open_store(settings_from(config, db=db))
    rows = list_events(store, event_filter(since, until, country, admin1, actor, event_type, limit))
    render(rows, Format.json if as_json else fmt, EVENT_COLUMNS, title=f"{len(rows)} event(s)")


@app.command()
def documents(
    limit: LimitOption = None, text: Annotated[bool, typer.Option(help="include the article text")] = False,
    fmt: FormatOption = Format.table, as_json: JsonFlag = False, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """List stored documents, every version, newest first (JSON output includes the text).

    Example: conflictlens documents --json
    """
    store = open_store(settings_from(config, db=db))
    fmt = Format.json if as_json else fmt
    rows = list_documents(store, limit, with_text=text or fmt is not Format.table)
    render(rows, fmt, ["doc_id", "version", "published", "source", "title", "language", "input_name"])


@app.command()
def claims(
    limit: LimitOption = None, fmt: FormatOption = Format.table, as_json: JsonFlag = False,
    db: DbOption = None, config: ConfigOption = None,
) -> None:
    """List aggregate figures quoted in reports ("122 attacks this year"), with who said them.

    Example: conflictlens claims --format csv > claims.csv
    """
    store = open_store(settings_from(config, db=db))
    rows = list_claims(store, limit)
    render(rows, Format.json if as_json else fmt,
           ["quantity", "value", "low", "high", "subject", "region", "period", "attributed_to", "published"])


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="an event id (or its first characters)")],
    as_json: JsonFlag = False, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Show one event: every field with the sentence it came from, and every report that told it.

    Example: conflictlens show 3f2a9c
    """
    store = open_store(settings_from(config, db=db))
    event = get_event(store, event_id)
    if event is None:
        fail(f"{event_id}: no such event (or the prefix is ambiguous)", EXIT_USAGE)
    if as_json:
        out.print_json(json.dumps(to_jsonable(event), ensure_ascii=False))
        return
    mentions = event.pop("mentions")
    lines = [f"{k}: {to_jsonable(v)}" for k, v in event.items() if v is not None]
    out.print(Panel("\n".join(lines), title=f"event {event['event_id']}"), markup=False)
    for mention in mentions:
        out.print(f"\nfrom {mention['source'] or '?'} ({to_jsonable(mention['published'])}) {mention['url'] or ''}",
                  markup=False)
        for span in mention["field_spans"]:
            out.print(f"  {span['field']:<24} {span['text']!r}\n  {'':<24} in: {span['sentence']}", markup=False)
        for sentence in mention["evidence"]:
            out.print(f"  evidence: {sentence}", markup=False)


@app.command("config")
def show_config(config: ConfigOption = None) -> None:
    """Print each effective setting, where its value came from, and what it means."""
    try:
        settings, origin = load_settings(config)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    rows = [{"setting": k, "value": getattr(settings, k), "from": origin[k], "meaning": HELP[k]} for k in HELP]
    render(rows, Format.table, ["setting", "value", "from", "meaning"])
