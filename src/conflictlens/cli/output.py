"""Rendering of rows for the terminal: rich tables, JSON, JSON Lines and CSV on stdout."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from ..report.export import excel_safe_cell

out = Console(highlight=False, soft_wrap=False)
if not out.is_terminal:
    # piped or captured output: wide enough that tables keep one line per row
    out.width = 200
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, enum.Enum):
    """Output formats every listing command offers."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def to_jsonable(value: Any) -> Any:
    """Dates as ISO strings; everything else as JSON has it."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(to_jsonable(value))


def render(rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[str], title: str = "") -> None:
    """Print rows in the chosen format; the table shows only `columns`, the others every field."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(to_jsonable(list(rows)), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(to_jsonable(row), ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        fields = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            # a title or place like "=HYPERLINK(...)" must not run when the CSV is opened in a spreadsheet
            writer.writerow({k: _cell(v) if isinstance(v, int | float) else excel_safe_cell(_cell(v))
                             for k, v in row.items()})
    else:
        table = Table(title=title or None, show_lines=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*(_escape(_cell(row.get(name))) for name in columns))
        out.print(table)


def _escape(text: str) -> str:
    # report text may hold "[bold]"-like markup; rich must print it as it is
    return text.replace("[", "\\[")
