"""Fixtures of the dashboard tests: a seeded store (SQLite, or PostgreSQL when asked), the app and clients."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_samples import seed

from conflictlens.store.db import Store
from conflictlens.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def seeded(store: Store) -> Store:
    """The SQLite store of the seven sample reports, incidents merged."""
    seed(store)
    return store


@pytest.fixture
def client(seeded: Store) -> Iterator[TestClient]:
    """A client of the app over the seeded store; the app has a write token."""
    with TestClient(create_app(seeded, TOKEN), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    """A token file for `serve --token-file`."""
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    return path
