"""`geocode`, `gazetteer info` and `rules validate`: look inside the gazetteer and the rule files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from ..errors import ConflictlensError
from ..extract import actors, targets, triggers
from ..geo.gazetteer import gazetteer_info
from ..geo.resolve import GeocodeResult, geocode_text
from .analysis import JsonFlag
from .common import EXIT_FATAL, EXIT_OK, app, fail
from .output import Format, out, render, to_jsonable

gazetteer_app = typer.Typer(help="The place index geocoding reads.", no_args_is_help=True)
rules_app = typer.Typer(help="The actor, target and trigger rule files.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(rules_app, name="rules")


def _result_json(result: GeocodeResult) -> dict[str, Any]:
    """One place mention with its chosen place and every candidate weighed, with reasons."""
    place = result.place
    return {
        "text": result.text, "start": result.start, "end": result.end,
        "place": None if place is None else {
            "name": place.name, "kind": place.kind, "country": place.country, "admin1": place.admin1,
            "admin1_code": place.admin1_code, "admin2": place.admin2, "lat": place.lat, "lon": place.lon,
            "precision": place.precision, "trace": place.trace},
        "candidates": [
            {"name": s.candidate.name, "kind": s.candidate.kind, "country": s.candidate.country,
             "admin1_code": s.candidate.admin1_code, "lat": s.candidate.lat, "lon": s.candidate.lon,
             "population": s.candidate.population, "score": round(s.score, 3), "reasons": list(s.reasons)}
            for s in result.candidates],
    }


@app.command()
def geocode(
    text: Annotated[str, typer.Argument(help="a sentence or report; - reads standard input")],
    as_json: JsonFlag = False,
) -> None:
    """Find the places in a text and show, for each, the candidates weighed and why one won.

    Example: conflictlens geocode "Gunmen attacked a checkpoint near Hawija in Kirkuk province."
    """
    source = sys.stdin.read() if text == "-" else text
    try:
        results = [_result_json(r) for r in geocode_text(source)]
    except ConflictlensError as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(results), ensure_ascii=False, indent=2) + "\n")
        return
    if not results:
        out.print("no place names found", markup=False)
    for r in results:
        p = r["place"]
        chosen = "unresolved" if p is None else (
            f"{p['name']} ({p['kind'] or 'place'}, {p['admin1'] or '-'}, {p['country'] or '-'}) "
            f"{p['lat']}, {p['lon']} precision {p['precision']}")
        out.print(f"{r['text']!r} [{r['start']}:{r['end']}] -> {chosen}", markup=False)
        for c in r["candidates"]:
            out.print(f"    {c['score']:7.3f}  {c['name']} ({c['kind']}, {c['admin1_code'] or c['country'] or '-'})"
                      f"  {'; '.join(c['reasons'])}", markup=False)


@gazetteer_app.command("info")
def gazetteer_info_command(as_json: JsonFlag = False) -> None:
    """Where the gazetteer index is, its build time, size, sources (GeoNames extract rows and date), this
    process's memory, and places per country, kind and source."""
    try:
        info = gazetteer_info()
    except ConflictlensError as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(info) + "\n")
        return
    rows = info.pop("rows")
    render([{"field": k, "value": v} for k, v in info.items()], Format.table, ["field", "value"])
    render(rows, Format.table, ["country", "kind", "source", "rows"])


def rule_problems(actors_file: Path | None, targets_file: Path | None, triggers_file: Path | None) -> list[str]:
    """Every problem in the given rule files laid over the packaged ones (the packaged ones alone if none)."""
    problems = actors.validate_file(actors_file) if actors_file else _load_problems(actors.load_actors)
    problems += targets.validate_file(targets_file) if targets_file else _load_problems(targets.load_targets)
    problems += _trigger_problems(triggers_file) if triggers_file else _load_problems(triggers.load_triggers)
    return problems


def _load_problems(load: Any) -> list[str]:
    """The problems a packaged rule file raises when loaded."""
    try:
        load()
    except ConflictlensError as exc:
        return [str(exc)]
    return []


def _trigger_problems(path: Path) -> list[str]:
    """The first problem of a triggers file (parsing stops at it), named by the file."""
    try:
        triggers.parse_triggers(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror or exc}"]
    except yaml.YAMLError as exc:
        return [f"{path}: not valid YAML: {exc}"]
    except ConflictlensError as exc:
        message = str(exc)
        named = message.replace(triggers.TRIGGERS_FILE, str(path), 1)
        return [named if named != message else f"{path}: {message}"]
    return []


@rules_app.command("validate")
def rules_validate(
    actors_file: Annotated[Path | None, typer.Option("--actors", help="an actors YAML laid over the packaged one")]
    = None,
    targets_file: Annotated[Path | None, typer.Option("--targets", help="a targets YAML laid over the packaged one")]
    = None,
    triggers_file: Annotated[Path | None, typer.Option("--triggers", help="a triggers YAML to check")] = None,
) -> None:
    """Check the rule files: one line per problem, exit status 1 if there is any.

    Example: conflictlens rules validate --actors my_actors.yaml
    """
    problems = rule_problems(actors_file, targets_file, triggers_file)
    for problem in problems:
        typer.echo(problem)
    if not problems:
        typer.echo("rules valid")
    raise typer.Exit(EXIT_FATAL if problems else EXIT_OK)
