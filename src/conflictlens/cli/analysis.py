"""`incidents split|merge|overrides`, `trends`, `surges` and `claimcheck`: analyse what the store holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import and_, func, or_, select

from ..analytics.claimcheck import CHECKABLE, AreaFilter, ClaimCheck, check_claim, claim_ratio
from ..analytics.surges import Surge, detect_surges
from ..analytics.trends import Series, period_start, sparkline
from ..errors import ConflictlensError
from ..geo.gazetteer import Candidate, Gazetteer, get_gazetteer
from ..model import Claim
from ..report.charts import plot_series
from ..store import schema as t
from ..store.aggregate import BY_FIELDS, cell_event_ids, series_rows, trend_series
from ..store.db import Store
from ..store.incident_store import incident_from_event, list_overrides, merge_incidents, split_incident
from ..store.queries import EventFilter, list_claims
from .browse import (
    ActorOption,
    Admin1Option,
    CountryOption,
    SinceOption,
    TypeOption,
    UntilOption,
    event_filter,
)
from .common import EXIT_USAGE, ConfigOption, DbOption, app, fail, open_store, settings_from
from .output import Format, err, render, to_jsonable

incidents_app = typer.Typer(help="Correct incident merging by hand: split or merge events (kept across re-runs).",
                            no_args_is_help=True)
app.add_typer(incidents_app, name="incidents")

FreqOption = Annotated[str, typer.Option("--freq", help="day, week (Monday to Sunday) or month")]
ByOption = Annotated[str | None, typer.Option("--by", help=f"one series per value of: {', '.join(BY_FIELDS)}")]
JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON")]
NoteOption = Annotated[str | None, typer.Option("--note", help="why (kept with the decision)")]


def _filters(since: str | None, until: str | None, country: str | None, admin1: str | None, actor: str | None,
             event_type: str | None) -> EventFilter:
    """The shared event filter, without a row limit."""
    return event_filter(since, until, country, admin1, actor, event_type, None)


def _series(store: Store, f: EventFilter, freq: str, by: str | None) -> list[Series]:
    """Trend series from the store, or a usage error naming the bad option."""
    try:
        return trend_series(store, f, freq, by)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)


# ---------- incidents ----------

@incidents_app.command("split")
def incidents_split(
    event_id: Annotated[str, typer.Argument(help="the event to split (id or its first characters)")],
    mention: Annotated[list[str] | None, typer.Option("--mention", help="take only this mention out (repeat)")] = None,
    note: NoteOption = None, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Split an event: every mention into an incident of its own, or only the --mention ones out of it.

    Recorded in the store and applied now and at every later ingest.
    Example: conflictlens incidents split inc_3f2a9c --mention 9be1...
    """
    store = open_store(settings_from(config, db=db))
    try:
        full, apart = split_incident(store, event_id, mention or [], note)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    err.print(f"split {full}: {apart} mention(s) now stand apart", markup=False)


@incidents_app.command("merge")
def incidents_merge(
    event_ids: Annotated[list[str], typer.Argument(help="two or more events to merge into one")],
    note: NoteOption = None, db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Merge events into one incident (unless an earlier split keeps some of them apart).

    Recorded in the store and applied now and at every later ingest.
    Example: conflictlens incidents merge inc_3f2a9c inc_77d0e1
    """
    store = open_store(settings_from(config, db=db))
    try:
        members = merge_incidents(store, event_ids, note)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    err.print(f"merged {len(event_ids)} events ({len(members)} mentions)", markup=False)


@incidents_app.command("overrides")
def incidents_overrides(as_json: JsonFlag = False, db: DbOption = None, config: ConfigOption = None) -> None:
    """List the recorded splits and merges, oldest first."""
    store = open_store(settings_from(config, db=db))
    render(list_overrides(store), Format.json if as_json else Format.table,
           ["id", "action", "mention_ids", "note", "created_at"])


# ---------- trends ----------

@app.command()
def trends(
    freq: FreqOption = "week", by: ByOption = None,
    since: SinceOption = None, until: UntilOption = None, country: CountryOption = None,
    admin1: Admin1Option = None, actor: ActorOption = None, event_type: TypeOption = None,
    top: Annotated[int | None, typer.Option(help="only the N series with the most incidents")] = None,
    as_json: JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="one row per series and period, as CSV")] = False,
    plot: Annotated[Path | None, typer.Option(help="also draw the series to FILE.png or FILE.svg, surges shaded")]
    = None,
    db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Incidents and fatalities per day, week or month, one series per value of --by.

    An incident counts in the period of its start date; incidents dated less precisely than the period
    (a month-dated one in a weekly series) are left out. Fatalities sum each incident's best figure.
    Example: conflictlens trends --by admin1 --freq month --country SY --since 2024-01-01
    """
    store = open_store(settings_from(config, db=db))
    f = _filters(since, until, country, admin1, actor, event_type)
    series = _series(store, f, freq, by)
    if top:
        series = sorted(series, key=lambda s: (-sum(p.incidents for p in s.points), s.key))[:top]
    if plot is not None:
        _plot(series, plot, store, f)
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable([_series_json(s) for s in series]), ensure_ascii=False, indent=2)
                         + "\n")
    elif as_csv:
        render(series_rows(series), Format.csv, ["key", "period", "count", "fatalities"])
    else:
        render([_series_line(s) for s in series], Format.table,
               ["key", "incidents", "fatalities", "first", "last", "trend", "latest"],
               title=f"incidents per {freq}" + (f" by {by}" if by else ""))


def _plot(series: Sequence[Series], path: Path, store: Store, f: EventFilter) -> None:
    """Draw the series with the surge alerts of the same series shaded."""
    alerts = [surge_record(s, store, f, series[0].freq, series[0].by) for s in detect_surges(series) if s.alert] \
        if series else []
    try:
        plot_series(series_rows(series), path, alerts, title="incidents")
    except (ConflictlensError, OSError) as exc:
        fail(f"{path}: cannot draw chart ({exc})")
    err.print(f"chart written to {path}", markup=False)


def _series_json(s: Series) -> dict[str, Any]:
    """A series as JSON: its key and its points."""
    return {"key": s.key, "by": s.by, "freq": s.freq,
            "points": [{"period": p.period_start, "incidents": p.incidents, "fatalities": p.fatalities}
                       for p in s.points]}


def _series_line(s: Series) -> dict[str, Any]:
    """A series as one table row with totals and a sparkline of its incident counts."""
    points = s.points
    return {"key": s.key, "incidents": sum(p.incidents for p in points), "fatalities": sum(p.fatalities for p in points),
            "first": points[0].period_start if points else None, "last": points[-1].period_start if points else None,
            "trend": sparkline([p.incidents for p in points[-52:]]), "latest": points[-1].incidents if points else 0}


# ---------- surges ----------

SURGE_HELP = """Flag series whose latest periods hold more incidents than their own baseline predicts.

Method: for each series, the baseline is the --baseline periods before the latest --recent ones. A
Poisson model (or, when the baseline varies more than its mean, a negative binomial with the excess
variance doubled), fitted by moments, gives the expected count; the p-value is the one-sided mid-p of
the observed count. Benjamini-Hochberg across all tested series controls false alarms at --fdr; a
series alerts when its q-value is at most --fdr and it holds at least --min-count incidents. The
latest period may still be filling: use --until to end on a complete one.

Example: conflictlens surges --by admin1 --freq week --until 2024-07-28
"""


def surge_figures(surge: Surge) -> dict[str, Any]:
    """A surge's figures as a dict."""
    return {"key": surge.key, "period_start": surge.period_start, "period_end": surge.period_end,
            "observed": surge.observed, "expected": round(surge.expected, 3), "ratio": round(surge.ratio, 3),
            "p_value": surge.p_value, "q_value": surge.q_value, "alert": surge.alert, "method": surge.method}


def surge_record(surge: Surge, store: Store, f: EventFilter, freq: str, by: str | None) -> dict[str, Any]:
    """A surge's figures with the ids of the incidents counted in its latest periods."""
    last = period_start(surge.period_end, freq)
    return surge_figures(surge) | {
        "incident_ids": cell_event_ids(store, f, freq, by, surge.key, surge.period_start, last)}


def surge_records(store: Store, f: EventFilter, freq: str = "week", by: str | None = "admin1",
                  recent: int = 1, baseline: int = 12, fdr: float = 0.05, min_count: int = 3) -> list[dict[str, Any]]:
    """Every tested series as a surge record, alerts first (incidents listed for alerts only)."""
    surges = detect_surges(trend_series(store, f, freq, by), k=recent, baseline=baseline, q=fdr,
                           min_count=min_count)
    return [surge_record(s, store, f, freq, by) if s.alert else surge_figures(s) | {"incident_ids": []}
            for s in surges]


@app.command(help=SURGE_HELP)
def surges(
    freq: FreqOption = "week",
    by: Annotated[str | None, typer.Option("--by", help=f"one series per value of: {', '.join(BY_FIELDS)}")]
    = "admin1",
    recent: Annotated[int, typer.Option(help="latest periods tested together")] = 1,
    baseline: Annotated[int, typer.Option(help="periods before them that make the baseline")] = 12,
    fdr: Annotated[float, typer.Option(help="false discovery rate (Benjamini-Hochberg)")] = 0.05,
    min_count: Annotated[int, typer.Option(help="fewest incidents an alert needs")] = 3,
    alerts_only: Annotated[bool, typer.Option("--alerts-only", help="hide series that did not alert")] = False,
    since: SinceOption = None, until: UntilOption = None, country: CountryOption = None,
    admin1: Admin1Option = None, actor: ActorOption = None, event_type: TypeOption = None,
    as_json: JsonFlag = False, db: DbOption = None, config: ConfigOption = None,
) -> None:
    store = open_store(settings_from(config, db=db))
    f = _filters(since, until, country, admin1, actor, event_type)
    _series(store, f, freq, by)  # validates --freq and --by with a usage error
    try:
        rows = surge_records(store, f, freq, by, recent, baseline, fdr, min_count)
    except ConflictlensError as exc:
        fail(str(exc), EXIT_USAGE)
    if alerts_only:
        rows = [r for r in rows if r["alert"]]
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(rows), ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        err.print(f"no series has {recent + baseline} periods to test (try --freq day/week or a longer span)",
                  markup=False)
    table = [{**r, "expected": f"{r['expected']:.1f}", "ratio": f"{r['ratio']:.2f}", "p": f"{r['p_value']:.3g}",
              "q": f"{r['q_value']:.3g}", "alert": "ALERT" if r["alert"] else "",
              "incidents": ", ".join(r["incident_ids"][:5]) + (" …" if len(r["incident_ids"]) > 5 else "")}
             for r in rows]
    render(table, Format.table, ["key", "period_start", "period_end", "observed", "expected", "ratio", "p", "q",
                                 "alert", "incidents"], title=f"surges by {by or 'all'} per {freq}")


# ---------- claim checks ----------

_AREA_KINDS = ("region", "desert", "mountain", "admin1", "country", "district")
_REGION_WORDS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|central|rural|northeast(?:ern)?|northwest(?:ern)?|"
    r"southeast(?:ern)?|southwest(?:ern)?)?\s*(?:parts of\s+)?(?:the\s+)?|"
    r"\s+(?:province|governorate|region|countryside|desert|state)$", re.IGNORECASE)


_THE = re.compile(r"^the\s+", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"\s*(?:,|\band\b|&)\s*", re.IGNORECASE)


def claim_area(region: str | None, gaz: Gazetteer | None) -> tuple[AreaFilter, str] | None:
    """The area a claim's region names, and how it was read; everywhere when there is no region.

    A desert, region or mountain range with a bounding box in the gazetteer gives that box; a province
    its admin1 code; a country all its admin1 codes; a district its admin2 name. A list ("Iraq and
    Syria") joins its parts (two boxes become the box around both). None: a part was not found.
    """
    if not region or gaz is None:
        return AreaFilter(), "anywhere"
    whole = _one_area(region, gaz)
    if whole is not None:
        return whole
    parts = [_one_area(p, gaz) for p in _LIST_SEPARATORS.split(region) if p.strip()]
    if len(parts) < 2 or any(p is None for p in parts):
        return None
    found = [p for p in parts if p is not None]
    boxes = [a.bbox for a, _ in found if a.bbox]
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes)) if boxes else None
    area = AreaFilter(admin1_codes=frozenset().union(*(a.admin1_codes for a, _ in found)),
                      admin2_names=frozenset().union(*(a.admin2_names for a, _ in found)), bbox=bbox)
    return area, " + ".join(text for _, text in found)


def _one_area(region: str, gaz: Gazetteer) -> tuple[AreaFilter, str] | None:
    """The area of one place name (see claim_area)."""
    names = dict.fromkeys(n for n in (region.strip(), _THE.sub("", region.strip()),
                                      _REGION_WORDS.sub("", region.strip()).strip()) if n)
    found = [c for n in names for c in gaz.candidates(n) if c.kind in _AREA_KINDS]
    if not found:
        return None
    best = min(found, key=lambda c: (_AREA_KINDS.index(c.kind), not c.main_name, -c.population, c.place_id))
    if bbox := _bbox(gaz, best):
        return AreaFilter(bbox=bbox), f"{best.name} (box {' '.join(map(str, bbox))})"
    if best.kind == "admin1" and best.admin1_code:
        return AreaFilter(admin1_codes=frozenset({best.admin1_code})), f"{best.name} ({best.admin1_code})"
    if best.kind == "country" and best.country:
        codes = frozenset(c for c in gaz.admin1_names if c and c.startswith(best.country + "-"))
        return AreaFilter(admin1_codes=codes), f"{best.name} ({len(codes)} provinces)"
    if best.kind == "district":
        return AreaFilter(admin2_names=frozenset({best.name})), f"{best.name} (district)"
    return None


def _bbox(gaz: Gazetteer, cand: Candidate) -> tuple[float, float, float, float] | None:
    """A place's bounding box (min lon, min lat, max lon, max lat) when the gazetteer has one."""
    if cand.kind not in ("region", "desert", "mountain"):
        return None
    row = gaz.conn.execute("SELECT bbox FROM place WHERE id = ?", (cand.place_id,)).fetchone()
    parts = re.split(r"[ ,]+", row[0].strip()) if row and row[0] else []
    if len(parts) != 4:
        return None
    a, b, c, d = map(float, parts)
    return (a, b, c, d)


def _claim(row: dict[str, Any]) -> Claim:
    """A Claim from a claims row (its evidence text is kept in the row)."""
    return Claim(quantity=row["quantity"], value=row["value"], low=row["low"], high=row["high"],
                 subject=row["subject"], region=row["region"], period=row["period"],
                 period_start=row["period_start"], period_end=row["period_end"], attributed_to=row["attributed_to"])


# The events columns a claim check reads (check_claim: perpetrator, dates, place, best killed figure)
_CHECK_COLUMNS = [t.events.c[name] for name in ("event_id", "event_type", "date_start", "date_end", "date_precision",
                                                 "perpetrator", "perpetrator_attribution", "target_type",
                                                 "country", "admin1", "admin1_code", "admin2", "lat", "lon",
                                                 "killed", "killed_low", "killed_high")]


def _in_area(area: AreaFilter) -> Any:
    """The SQL form of ``area.contains`` (None: everywhere), so only the area's events are read."""
    e = t.events.c
    if not (area.admin1_codes or area.admin2_names or area.bbox):
        return None
    if not all(name.isascii() for name in area.admin2_names):
        return None  # SQLite's lower() folds ASCII only: leave such names to area.contains
    tests = []
    if area.admin1_codes:
        tests.append(e.admin1_code.in_(sorted(area.admin1_codes)))
    if area.admin2_names:
        # area.contains sees no place (so no district) in an event with none of these columns
        placed = or_(e.country.is_not(None), e.admin1.is_not(None), e.admin1_code.is_not(None), e.lat.is_not(None))
        tests.append(and_(func.lower(e.admin2).in_(sorted({n.casefold() for n in area.admin2_names})), placed))
    if area.bbox:
        min_lon, min_lat, max_lon, max_lat = area.bbox
        tests.append(and_(e.lon >= min_lon, e.lon <= max_lon, e.lat >= min_lat, e.lat <= max_lat))
    return or_(*tests)


def _incidents_for(store: Store, subject: str, start: dt.date, end: dt.date, condition: Any = None) -> list[Any]:
    """The stored incidents of one perpetrator starting within [start, end] (and meeting ``condition``)."""
    e = t.events.c
    query = select(*_CHECK_COLUMNS).where(e.perpetrator == subject, e.date_start >= start, e.date_start <= end)
    if condition is not None:
        query = query.where(condition)
    return [incident_from_event(r) for r in store.rows(query)]


def _check(store: Store, claim: Claim, area: AreaFilter, with_ids: bool = True) -> ClaimCheck:
    """check_claim over the store: events dated to a day or a range are counted in SQL, the rest in Python.

    For those events check_claim's test is exactly the SQL below (same perpetrator, start date in the
    period, in the area), so only month and year dates, whose whole month or year must lie in the
    period, are built into Incidents and checked one by one. Without ``with_ids`` the SQL part only counts
    (incident_ids then holds the Python part's ids alone).
    """
    if not (claim.subject and claim.period_start and claim.period_end):
        return check_claim(claim, (), area)  # raises InputError naming the claim
    e = t.events.c
    in_area = _in_area(area)
    if claim.subject == "unknown" or (in_area is None and (area.admin1_codes or area.admin2_names or area.bbox)):
        # an empty perpetrator reads as "unknown"; non-ASCII district names: check every event in Python
        found = _incidents_for(store, claim.subject, claim.period_start, claim.period_end)
        return check_claim(claim, found, area)
    coarse = e.date_precision.in_(("month", "year"))
    columns = ((func.count(), func.sum(func.coalesce(e.killed, 0))) if not with_ids
               else (e.event_id, func.coalesce(e.killed, 0)))
    exact = (select(*columns)
             .where(e.perpetrator == claim.subject, e.date_start >= claim.period_start,
                    e.date_start <= claim.period_end, or_(e.date_precision.is_(None), ~coarse)))
    if in_area is not None:
        exact = exact.where(in_area)
    with store.engine.connect() as conn:
        counted_rows = conn.execute(exact).fetchall()
    rest = check_claim(claim, _incidents_for(store, claim.subject, claim.period_start, claim.period_end,
                                             and_(coarse, in_area) if in_area is not None else coarse), area)
    if with_ids:
        ids = tuple(sorted([r[0] for r in counted_rows] + list(rest.incident_ids)))
        n, killed = len(counted_rows), sum(r[1] for r in counted_rows)
    else:
        ids, n, killed = rest.incident_ids, int(counted_rows[0][0]), int(counted_rows[0][1] or 0)
    counted = rest.counted + (n if claim.quantity == "attacks" else killed)
    return dataclasses.replace(rest, counted=counted, ratio=claim_ratio(counted, claim), incident_ids=ids)


def claim_checks(store: Store, gaz: Gazetteer | None = None, limit: int | None = None,
                 with_ids: bool = True) -> list[dict[str, Any]]:
    """Every stored claim (the newest ``limit``) beside the store's count for its actor, area and period (or why not).

    Without ``with_ids`` the counts are the same but incident_ids is left empty (the dashboard's overview).
    """
    rows = []
    for row in list_claims(store, limit):
        claim = _claim(row)
        base = {k: row[k] for k in ("claim_id", "doc_id", "quantity", "value", "low", "high", "subject", "region",
                                     "period", "period_start", "period_end", "attributed_to", "evidence")}
        base |= {"area": None, "counted": None, "ratio": None, "incident_ids": [], "note": ""}
        if claim.quantity not in CHECKABLE or not claim.subject or not claim.period_start or not claim.period_end:
            rows.append(base | {"note": "not checkable: " + _why_not(claim)})
            continue
        if claim.region and gaz is None:
            gaz = get_gazetteer()
        area = claim_area(claim.region, gaz)
        if area is None:
            rows.append(base | {"note": f"region {claim.region!r} not in the gazetteer"})
            continue
        check = _check(store, claim, area[0], with_ids)
        rows.append(base | {"area": area[1], "counted": check.counted,
                            "ratio": round(check.ratio, 3) if check.ratio is not None else None,
                            "incident_ids": list(check.incident_ids) if with_ids else []})
    return rows


def _why_not(claim: Claim) -> str:
    """Why a claim cannot be compared with the store."""
    if claim.quantity not in CHECKABLE:
        return f"only {' and '.join(CHECKABLE)} are counted"
    if not claim.subject:
        return "no actor named"
    return "no period resolved"


@app.command()
def claimcheck(as_json: JsonFlag = False, db: DbOption = None, config: ConfigOption = None) -> None:
    """Each stored claim ("122 attacks this year") beside the store's count for the same actor, area and period.

    Attacks count incidents; killed sums their best figures. Regions are read with the gazetteer: a named
    desert or region by its bounding box, a province by its code, a country by its provinces.
    Example: conflictlens claimcheck --json
    """
    store = open_store(settings_from(config, db=db))
    try:
        rows = claim_checks(store)
    except ConflictlensError as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(to_jsonable(rows), ensure_ascii=False, indent=2) + "\n")
        return
    table = [{**r, "claimed": r["value"] if r["value"] is not None else f"{r['low']}-{r['high']}",
              "period": f"{to_jsonable(r['period_start']) or ''} to {to_jsonable(r['period_end']) or ''}",
              "ratio": "" if r["ratio"] is None else f"{r['ratio']:.2f}"} for r in rows]
    render(table, Format.table, ["attributed_to", "quantity", "subject", "region", "area", "period", "claimed",
                                 "counted", "ratio", "note"], title=f"{len(rows)} claim(s)")
