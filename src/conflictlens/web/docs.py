"""Interactive API docs served offline: Swagger UI from the swagger-ui-bundle package, started by our own script."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from swagger_ui_bundle import swagger_ui_path

from .render import render

router = APIRouter(include_in_schema=False)


def swagger_dir() -> Path:
    """The folder of the Swagger UI files shipped by swagger-ui-bundle."""
    return Path(str(swagger_ui_path))


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json, every asset from this server (no CDN, no inline script)."""
    return render(request, "docs.html.j2")
