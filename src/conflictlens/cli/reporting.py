"""`report` and `export`: the analyst's self-contained HTML report and files other tools open."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ConflictlensError
from ..extract.actors import load_actors
from ..report import export
from ..report.html import render_report
from ..store.aggregate import series_rows, trend_series
from ..store.db import Store
from ..store.queries import EventFilter, list_events
from .analysis import claim_checks, surge_records
from .browse import (
    ActorOption,
    Admin1Option,
    CountryOption,
    LimitOption,
    SinceOption,
    TypeOption,
    UntilOption,
    event_filter,
)
from .common import EXIT_USAGE, ConfigOption, DbOption, app, fail, open_store, settings_from
from .output import err

FreqOption = Annotated[str, typer.Option("--freq", help="timeline periods: week or month")]


def write_report(store: Store, f: EventFilter, path: Path, freq: str = "week",
                 title: str = "conflictlens report") -> int:
    """Write the HTML report of the events the filter selects; returns how many events it holds."""
    events = list_events(store, f)
    html = render_report(
        events=events,
        surges=[s for s in surge_records(store, f, freq, "admin1") if s["alert"]],
        claims=claim_checks(store),
        series_by_type=series_rows(trend_series(store, f, freq, "event_type")),
        series_by_actor=series_rows(trend_series(store, f, freq, "actor")),
        title=title,
        generated_at=dt.datetime.now(dt.UTC),
    )
    path.write_text(html, encoding="utf-8")
    return len(events)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="the HTML file to write")] = Path("report.html"),
    freq: FreqOption = "week",
    title: Annotated[str, typer.Option(help="the page title")] = "conflictlens report",
    since: SinceOption = None, until: UntilOption = None, country: CountryOption = None,
    admin1: Admin1Option = None, actor: ActorOption = None, event_type: TypeOption = None,
    limit: LimitOption = None, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Write one self-contained HTML report (no network needed): map, timelines, surges, claims, events.

    Example: conflictlens report --out report.html --country SY --since 2024-01-01
    """
    if freq not in ("week", "month"):
        fail(f"--freq {freq!r}: expected week or month", EXIT_USAGE)
    store = open_store(settings_from(config, db=db))
    f = event_filter(since, until, country, admin1, actor, event_type, limit)
    try:
        count = write_report(store, f, out, freq, title)
    except (ConflictlensError, OSError) as exc:
        fail(f"{out}: cannot write report ({exc})")
    err.print(f"report of {count} event(s) written to {out}", markup=False)


class ExportFormat(str, enum.Enum):
    """File formats of `export`."""

    jsonl = "jsonl"
    csv = "csv"
    acled = "acled"
    gtd = "gtd"
    geojson = "geojson"
    parquet = "parquet"


def _acled(events: list[dict[str, Any]], path: Path) -> int:
    """ACLED-style CSV, with inter1 from the actor book's actor types."""
    types = {a.name: a.type for a in load_actors().actors}
    return export.write_acled_csv(events, path, actor_types=types)


_WRITERS: dict[ExportFormat, Callable[[list[dict[str, Any]], Path], int]] = {
    ExportFormat.jsonl: export.write_jsonl,
    ExportFormat.csv: _acled,
    ExportFormat.acled: _acled,
    ExportFormat.gtd: export.write_gtd_csv,
    ExportFormat.geojson: export.write_geojson,
    ExportFormat.parquet: export.write_parquet,
}


@app.command("export")
def export_events(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv (= acled), acled, gtd, geojson "
                                              "or parquet")],
    out: Annotated[Path, typer.Option("--out", help="the file to write")],
    since: SinceOption = None, until: UntilOption = None, country: CountryOption = None,
    admin1: Admin1Option = None, actor: ActorOption = None, event_type: TypeOption = None,
    limit: LimitOption = None, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Write the events (incidents) to a file: codebook JSONL, ACLED- or GTD-style CSV, GeoJSON or Parquet.

    The column mappings are in the README. Example: conflictlens export --format geojson --out events.geojson
    """
    store = open_store(settings_from(config, db=db))
    events = list_events(store, event_filter(since, until, country, admin1, actor, event_type, limit))
    try:
        count = _WRITERS[fmt](events, out)
    except (ConflictlensError, OSError) as exc:
        fail(f"{out}: cannot export ({exc})")
    err.print(f"{count} event(s) written to {out} ({fmt.value})", markup=False)
