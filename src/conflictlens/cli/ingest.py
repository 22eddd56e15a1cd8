"""`conflictlens ingest`: read inputs into the store, with a progress bar and a closing summary."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ConflictlensError
from ..extract.actors import validate_file
from ..ingest.sources import count_inputs
from ..pipeline import BatchSummary, run_batch
from ..scale.shards import DEFAULT_SHARD_SIZE
from ..store.db import Store
from ..store.queries import EventFilter, list_events
from .browse import EVENT_COLUMNS
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
    parse_day,
    settings_from,
    setup_logging,
)
from .output import Format, err, render
from .reporting import write_report


class _Rate(TextColumn):
    """Documents per second so far."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # type: ignore[no-untyped-def]
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return f"{rate:6.1f} docs/s"


AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="let URLs reach loopback, private, link-local and metadata addresses")
]


def ingest_targets(targets: list[str], store: Store, settings, published, source,  # type: ignore[no-untyped-def]
                   allow_private: bool = False) -> BatchSummary:
    """Run one batch with a progress bar on stderr."""
    total = count_inputs(targets)
    columns = [TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingest", total=total)
        return run_batch(
            targets, settings, store, published=published, source=source,
            progress=lambda n: bar.advance(task, n), allow_private=allow_private,
        )


def ingest_distributed(  # type: ignore[no-untyped-def]
    targets: list[str], store: Store, settings, published, source, *, scheduler: str | None, workers: int | None,
    staging: str | None, shard_size: int, allow_private: bool = False,
) -> BatchSummary:
    """Run one batch on a Dask cluster, with shards done and docs/s on stderr."""
    from ..scale.dask_runner import ShardProgress, cluster_client, run_distributed

    if scheduler and not staging:
        fail("--scheduler needs --staging: a folder or fsspec URL every worker can write", EXIT_USAGE)
    total = count_inputs(targets)
    columns = [TextColumn("ingest {task.fields[shards]} shard(s)"), BarColumn(), MofNCompleteColumn(), _Rate(),
               TimeElapsedColumn()]
    with contextlib.ExitStack() as stack:
        staging = staging or stack.enter_context(tempfile.TemporaryDirectory(prefix="conflictlens-staging-"))
        bar = stack.enter_context(Progress(*columns, console=err, transient=False, disable=not err.is_terminal))
        task = bar.add_task("ingest", total=total, shards=0)

        def show(done: ShardProgress) -> None:
            bar.update(task, completed=done.documents, shards=done.shards_done)
            if not err.is_terminal:
                err.print(f"{done.shards_done} shard(s), {done.documents} input(s), "
                          f"{done.docs_per_second:.1f} docs/s", markup=False)

        try:
            client = stack.enter_context(cluster_client(scheduler, workers))
        except ConflictlensError as exc:
            fail(str(exc))
        return run_distributed(targets, settings, store, staging, client, published=published, source=source,
                               shard_size=shard_size, progress=show, allow_private=allow_private)


def check_actors(path: str) -> None:
    """Refuse a user's actors file with problems before anything is read (one line per problem)."""
    problems = validate_file(Path(path)) if Path(path).exists() else [f"{path}: no such file"]
    if problems:
        fail("; ".join(problems[:3]), EXIT_USAGE)


def print_summary(summary: BatchSummary, store: Store) -> int:
    """Print the batch's closing summary to stderr and return the exit code it calls for."""
    err.print(
        f"{summary.stored} document(s) stored, {summary.duplicates} skipped as duplicates, "
        f"{len(summary.failed)} failed; {summary.mentions} event mention(s), {summary.claims} claim(s)"
        + (f"; {summary.not_extracted} not in English, stored without extraction" if summary.not_extracted else ""),
        markup=False,
    )
    for _name, reason in summary.failed:
        err.print(f"  skipped: {reason}", markup=False)
    if summary.failed:
        err.print(f"{len(summary.failed)} of {summary.inputs} inputs skipped", markup=False)
    err.print(f"store: {store.url}", markup=False)
    return EXIT_PARTIAL if summary.failed else EXIT_OK


@app.command()
def ingest(
    targets: Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for standard input")],
    published: Annotated[str | None, typer.Option(help="publication date (YYYY-MM-DD) where an input has none")] = None,
    source: Annotated[str | None, typer.Option(help="name of the outlet, where an input does not say")] = None,
    actors: Annotated[str | None, typer.Option(help="your own actors YAML, laid over the built-in one")] = None,
    scheduler: Annotated[str | None, typer.Option(help="run on the Dask scheduler at this tcp:// address")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="run on a local Dask cluster of N processes")] = None,
    staging: Annotated[str | None, typer.Option(help="folder or fsspec URL for the Parquet shards (Dask runs)")] = None,
    shard_size: Annotated[int, typer.Option(min=1, help="inputs per shard (Dask runs)")] = DEFAULT_SHARD_SIZE,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """Read reports into the store: each document once, with its events and claims.

    Example: conflictlens ingest examples/ --published 2024-08-01
    On a cluster: conflictlens ingest news/ --workers 4 (local processes) or --scheduler tcp://HOST:8786 --staging DIR
    """
    setup_logging(verbose)
    settings = settings_from(config, db=db, actors=actors)
    if settings.actors:
        check_actors(settings.actors)
    store = open_store(settings)
    day = parse_day(published, "--published")
    if scheduler or workers:
        if verbose == 0:  # Dask logs every worker start and stop at INFO; keep stderr to progress and errors
            os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
            logging.getLogger("distributed").setLevel(logging.WARNING)
        summary = ingest_distributed(targets, store, settings, day, source, scheduler=scheduler, workers=workers,
                                     staging=staging, shard_size=shard_size, allow_private=allow_private)
    else:
        summary = ingest_targets(targets, store, settings, day, source, allow_private)
    raise typer.Exit(print_summary(summary, store))


@app.command()
def run(
    targets: Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for standard input")],
    published: Annotated[str | None, typer.Option(help="publication date (YYYY-MM-DD) where an input has none")] = None,
    report: Annotated[Path, typer.Option("--report", help="where to write the HTML report")] = Path("report.html"),
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = 0,
) -> None:
    """The main job: ingest the inputs, print the events the store holds, and write the HTML report.

    Example: conflictlens run examples/
    """
    setup_logging(verbose)
    settings = settings_from(config, db=db)
    store = open_store(settings)
    summary = ingest_targets(targets, store, settings, parse_day(published, "--published"), None, allow_private)
    rows = list_events(store, EventFilter())
    render(rows, Format.table, EVENT_COLUMNS, title=f"{len(rows)} event(s) in the store")
    code = print_summary(summary, store)
    try:
        write_report(store, EventFilter(), report)
    except (ConflictlensError, OSError) as exc:
        fail(f"{report}: cannot write report ({exc})")
    err.print(f"report: {report.resolve()}", markup=False)
    raise typer.Exit(code)
