"""What every command shares: the Typer app, settings resolution, opening the store, error exits."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.logging import RichHandler

from ..config import Settings, load_settings
from ..errors import ConflictlensError
from ..store.db import Store
from .output import err

app = typer.Typer(
    help="Turn news reports on political violence into a geocoded, deduplicated event dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])

DbOption = Annotated[str | None, typer.Option("--db", help="SQLite file or postgresql:// URL (env CONFLICTLENS_DB)")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="settings file (default ./conflictlens.toml)")]
VerboseOption = Annotated[int, typer.Option("--verbose", "-v", count=True, help="more log detail; -vv for tracebacks")]


def fail(message: str, code: int = EXIT_FATAL) -> NoReturn:
    """Print one error line to stderr and exit."""
    err.print(f"[red]Error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def setup_logging(verbose: int) -> None:
    """Log to stderr through rich: warnings by default, info with -v, debug with -vv."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, format="%(message)s", force=True,
        handlers=[RichHandler(console=err, show_time=False, show_path=False, markup=False)],
    )


def settings_from(config: Path | None, **flags: Any) -> Settings:
    """Resolve settings once for a command; bad settings exit with a usage error."""
    try:
        settings, _ = load_settings(config, overrides=flags)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    return settings


def open_store(settings: Settings) -> Store:
    """Open (and migrate) the store the settings name, or exit with one line."""
    try:
        return Store(settings.db)
    except ConflictlensError as exc:
        fail(str(exc))


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An ISO date from a command-line option, or a usage error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r}: expected a date as YYYY-MM-DD", EXIT_USAGE)
