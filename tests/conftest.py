"""Shared fixtures: paths to the handwritten inputs, a fresh SQLite store per test, settings."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from conflictlens.config import Settings
from conflictlens.store.db import Store

DATA = Path(__file__).parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--allow-hosts", action="store_true", help="let tests open non-loopback sockets")


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Block sockets to anything but this machine: tests never reach the network."""
    if request.config.getoption("--allow-hosts"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else ""
        if host and host not in {"127.0.0.1", "::1", "localhost"} and not str(host).startswith("127."):
            raise OSError(f"tests may not connect to {host}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "store.sqlite"), batch_size=8)


@pytest.fixture
def store(settings: Settings) -> Store:
    db = Store(settings.db)
    yield db
    db.close()


@pytest.fixture
def pg_url() -> str:
    """A PostgreSQL URL for tests: from CONFLICTLENS_TEST_PG; skipped where none is given, except in CI."""
    url = os.environ.get("CONFLICTLENS_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: CONFLICTLENS_TEST_PG is not set")
        pytest.skip("no PostgreSQL server: set CONFLICTLENS_TEST_PG=postgresql://user@host/db to run")
    return url
