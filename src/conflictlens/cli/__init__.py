"""The `conflictlens` command line: one module per command group, all registered on one Typer app."""

from . import analysis, browse, evaluation, geo, ingest, reporting, serve, watch  # noqa: F401 - importing registers the commands
from .common import app


def main() -> None:
    """Entry point of the console script."""
    app()
