"""Render the dashboard's Jinja2 templates with the login state and a CSRF token."""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ..model import EVENT_TYPES
from .highlight import safe_url, sentence_parts
from .security import CSRF_COOKIE, cookie_options, new_nonce
from .state import get_guard


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the dashboard templates, autoescaping everything."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("conflictlens.web", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = safe_url
    env.globals.update(sentence_parts=sentence_parts, event_types=EVENT_TYPES)
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, with the login state and a CSRF token bound to the browser's cookie."""
    guard = get_guard(request)
    nonce = request.cookies.get(CSRF_COOKIE) or new_nonce()
    html = environment().get_template(name).render(
        request_path=request.url.path, writable=guard.token is not None, logged_in=guard.has_session(request),
        csrf_token=guard.csrf_for(nonce), **context)
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != nonce:
        response.set_cookie(CSRF_COOKIE, nonce, **cookie_options(request))
    return response
