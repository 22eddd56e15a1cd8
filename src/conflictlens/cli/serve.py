"""`serve`: the analyst's dashboard and JSON API over the store, under uvicorn."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConflictlensError
from .common import EXIT_USAGE, ConfigOption, DbOption, app, fail, open_store, settings_from
from .output import err


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind (127.0.0.1: this machine only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    token_file: Annotated[Path | None, typer.Option("--token-file", help="file holding the write token "
                                                    "(none: read-only)")] = None,
    get: Annotated[str | None, typer.Option("--get", help="run one GET request in-process, print the body, "
                                            "exit 0 on 2xx/3xx and 1 otherwise")] = None,
    db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Serve the dashboard (map, timelines, surges, claims, events, corrections) and the JSON API /api/v1/.

    Example: conflictlens serve --token-file ~/.config/conflictlens/token
    """
    from ..web.app import create_app
    from ..web.security import read_token

    try:
        token = read_token(token_file) if token_file else None
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    store = open_store(settings_from(config, db=db))
    web = create_app(store, token)
    if get is not None:
        from fastapi.testclient import TestClient

        with TestClient(web, raise_server_exceptions=False) as client:
            response = client.get(get)
        sys.stdout.write(response.text + ("" if response.text.endswith("\n") else "\n"))
        raise typer.Exit(0 if response.status_code < 400 else 1)
    import uvicorn

    err.print(f"conflictlens dashboard on http://{host}:{port}/ ({'writes need the token' if token else 'read-only'})"
              f"; Ctrl+C stops it", markup=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False,
                limit_concurrency=64, timeout_keep_alive=5)
