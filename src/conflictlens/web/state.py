"""What every request handler reads from the running app: the store and the guard."""

from __future__ import annotations

from fastapi import Request

from ..store.db import Store
from .security import Guard


def get_store(request: Request) -> Store:
    """The store the app serves."""
    store: Store = request.app.state.store
    return store


def get_guard(request: Request) -> Guard:
    """The app's write token, cookie and CSRF checks."""
    guard: Guard = request.app.state.guard
    return guard
