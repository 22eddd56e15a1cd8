"""The dashboard's FastAPI app: pages, JSON API, offline API docs, static files, guards and error pages."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConflictlensError
from ..store.db import Store
from . import api, docs, pages
from .render import render
from .security import BodyLimit, DropEmptyQuery, Guard, SecurityHeaders

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    """Whether the client gets JSON errors (the API) rather than an HTML page."""
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """An HTTP error as JSON for the API, a small page elsewhere."""
    headers = getattr(exc, "headers", None)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)
    return render(request, "error.html.j2", status=exc.status_code, status_code=exc.status_code,
                        message=str(exc.detail))


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    """A request with bad parameters: 422, naming each bad one (never echoing more than its location)."""
    problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "invalid"), "type": e.get("type", "value_error")}
                for e in exc.errors()]
    if _wants_json(request):
        return JSONResponse({"detail": problems}, status_code=422)
    message = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
    return render(request, "error.html.j2", status=422, status_code=422, message=message)


async def _library_error(request: Request, exc: ConflictlensError) -> Response:
    """A named library error (bad input) as 400 with its one line."""
    return await _http_error(request, HTTPException(400, str(exc)))


async def _crash(request: Request, exc: Exception) -> Response:
    """Anything else: logged here, and a plain 500 without a stack trace for the client."""
    logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    if _wants_json(request):
        return JSONResponse({"detail": "internal error (see the server log)"}, status_code=500)
    return Response("internal error (see the server log)", status_code=500, media_type="text/plain")


def create_app(store: Store, token: str | None = None) -> FastAPI:
    """The dashboard over ``store``; writes need ``token`` (None: read-only)."""
    app = FastAPI(title="conflictlens", version="1", summary="Events, incidents and analytics of the store.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = store
    app.state.guard = Guard(token)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.mount("/static/web", StaticFiles(packages=[("conflictlens.web", "static")]), name="static")
    app.mount("/static/report", StaticFiles(packages=[("conflictlens.report", "static")]), name="report-static")
    app.mount("/static/swagger", StaticFiles(directory=docs.swagger_dir()), name="swagger-static")
    handlers: dict[Any, Any] = {StarletteHTTPException: _http_error, RequestValidationError: _invalid,
                                ConflictlensError: _library_error, Exception: _crash}
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
    app.add_middleware(DropEmptyQuery)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    return app
