"""Settings: defaults < conflictlens.toml < CONFLICTLENS_* environment variables < command-line flags."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError


def _user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "conflictlens"


@dataclass(frozen=True)
class Settings:
    """Every setting conflictlens reads, each with its default; see `HELP` for what each means."""

    db: str = str(_user_data_dir() / "conflictlens.sqlite")
    actors: str = ""
    fetch_timeout: float = 20.0
    max_bytes: int = 20_000_000
    batch_size: int = 64


HELP: dict[str, str] = {
    "db": "store: a SQLite file path or a database URL (postgresql://user@host/db)",
    "actors": "an extra actors YAML file merged over the built-in dictionary",
    "fetch_timeout": "seconds to wait for a URL or feed before giving up",
    "max_bytes": "largest input read, in bytes; bigger files and pages are refused",
    "batch_size": "documents parsed per spaCy batch",
}


def _coerce(name: str, value: Any, origin: str) -> Any:
    kind = type(getattr(Settings(), name))
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {name}={value!r} is not a valid {kind.__name__}") from exc


def load_settings(
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Settings, dict[str, str]]:
    """Resolve the effective settings and, for each, where its value came from."""
    settings = Settings()
    origin = {f.name: "default" for f in fields(Settings)}
    layers: list[tuple[str, Mapping[str, Any]]] = []
    path = config_file or Path("conflictlens.toml")
    if path.exists():
        try:
            layers.append((str(path), tomllib.loads(path.read_text(encoding="utf-8"))))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read settings: {exc}") from exc
    elif config_file is not None:
        raise ConfigError(f"{config_file}: no such settings file")
    env = os.environ if env is None else env
    env_layer = {
        f.name: env[f"CONFLICTLENS_{f.name.upper()}"]
        for f in fields(Settings)
        if f"CONFLICTLENS_{f.name.upper()}" in env
    }
    layers.append(("environment", env_layer))
    layers.append(("flag", {k: v for k, v in (overrides or {}).items() if v is not None}))
    for where, layer in layers:
        for name, value in layer.items():
            if name not in origin:
                raise ConfigError(f"{where}: unknown setting {name!r}")
            settings = replace(settings, **{name: _coerce(name, value, where)})
            origin[name] = where
    return settings, origin
