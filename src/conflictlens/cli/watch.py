"""`conflictlens watch`: follow the feeds and pages of a WATCH.toml, alert on surges and rule matches."""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ConflictlensError
from ..ingest.fetch import FetchOptions
from ..pipeline import default_extractor
from ..watch.config import WatchConfig, load_watch
from ..watch.cycle import CycleReport, Watcher, run_cycle
from ..watch.polite import PoliteFetcher
from ..watch.sinks import build_sinks
from ..watch.state import count_alerts, load_states
from .common import (
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    ConfigOption,
    DbOption,
    VerboseOption,
    app,
    fail,
    open_store,
    settings_from,
    setup_logging,
)
from .ingest import AllowPrivateOption
from .output import Format, err, render

MAX_SLEEP = 3600.0


def _status_rows(config: WatchConfig, states: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per source of the watch file: last fetch, result, next due time, failures in a row."""
    rows = []
    for source in config.sources:
        state = states.get(source.url)
        rows.append({"url": source.url, "outlet": source.outlet or "",
                     "last_fetch": state.last_fetch.strftime("%Y-%m-%d %H:%M:%S") if state and state.last_fetch else "never",
                     "result": state.last_result if state else "", "failures": state.failures if state else 0,
                     "next_due": state.next_due.strftime("%Y-%m-%d %H:%M:%S") if state and state.next_due else "now"})
    return rows


def _summary_line(report: CycleReport) -> str:
    batch = report.batch
    line = (f"watch: {report.polled} source(s) polled, {report.not_modified} not modified, "
            f"{report.new_entries} new entr(ies): {batch.stored} stored, {batch.duplicates} duplicate(s), "
            f"{len(batch.failed)} failed; {report.alerts} alert(s) sent")
    if report.deferred:
        line += f"; {report.deferred} entr(ies) left for the next cycle"
    return line + ("; stopped" if report.stopped else "")


def _print_report(report: CycleReport) -> None:
    err.print(_summary_line(report), markup=False)
    for reason in report.source_errors + [r for _, r in report.batch.failed] + report.alert_errors:
        err.print(f"  failed: {reason}", markup=False)


def _seconds_to_next(watcher: Watcher, now: dt.datetime) -> float:
    """Seconds until the first source falls due (at most an hour, at least one second)."""
    states = load_states(watcher.store)
    times = [states[s.url].next_due for s in watcher.config.sources if s.url in states]
    if len(times) < len(watcher.config.sources) or any(t is None for t in times):
        return 1.0
    return min(max(min((t - now).total_seconds() for t in times if t), 1.0), MAX_SLEEP)


@app.command()
def watch(
    watch_file: Annotated[Path, typer.Argument(metavar="WATCH.toml", help="the sources, rules and alert targets")],
    once: Annotated[bool, typer.Option("--once", help="run one cycle and exit (for cron and tests)")] = False,
    status: Annotated[bool, typer.Option("--status", help="show each source's last fetch, result and next due time")]
    = False,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """Follow feeds and pages on a schedule; store new reports, alert on surges and on rule matches.

    Alerts go to stdout (JSON lines), a file or a webhook, each alert once.
    It runs until Ctrl-C or SIGTERM, stopping between documents; --once runs one cycle.
    Loopback, private and metadata addresses need --allow-private.

    Example: conflictlens watch WATCH.toml --db news.sqlite
    """
    setup_logging(verbose)
    settings = settings_from(config, db=db)
    try:
        watch_config = load_watch(watch_file)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    store = open_store(settings)
    if status:
        rows = _status_rows(watch_config, load_states(store))
        kinds = count_alerts(store)
        render(rows, Format.table, ["url", "outlet", "last_fetch", "result", "next_due", "failures"],
               title=f"{len(rows)} source(s); alerts raised: "
                     + (", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"))
        raise typer.Exit(EXIT_OK)
    options = FetchOptions(read_timeout=settings.fetch_timeout, max_bytes=settings.max_bytes,
                           allow_private=allow_private)
    watcher = Watcher(watch_config, store, settings, PoliteFetcher(options),
                      build_sinks(watch_config.alerts, sys.stdout, options), default_extractor(settings))
    stop = threading.Event()
    signals = (signal.SIGINT, signal.SIGTERM) if threading.current_thread() is threading.main_thread() else ()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in signals}
    failed = False
    try:
        while True:
            report = run_cycle(watcher, dt.datetime.now(dt.UTC), stop.is_set)
            _print_report(report)
            failed = failed or report.failed
            if once or stop.is_set() or stop.wait(_seconds_to_next(watcher, dt.datetime.now(dt.UTC))):
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    raise typer.Exit(EXIT_PARTIAL if once and failed else EXIT_OK)
