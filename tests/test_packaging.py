"""Every data file inside the package is declared as package data, so a non-editable install has it."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "conflictlens"


def test_packaging_every_data_file_is_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["conflictlens"]
    data_files = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    undeclared = [name for name in data_files if not any(fnmatch(name, pattern) for pattern in patterns)]
    assert data_files, "no data files found: the package layout changed"
    assert undeclared == []
