"""Score predicted events, claims and incident clusters against gold data (shared/CODEBOOK.md, Scoring)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from conflictlens.errors import InputError

Record = dict[str, Any]
Ratio = float | None
PRF = tuple[Ratio, Ratio, Ratio]
Item = TypeVar("Item", bound=Hashable)

DATE_WINDOW_DAYS = 1  # "yesterday" resolved against a late-night publication date lands one day off
DATE_FAR_DAYS = 7
NEAR_KM = 25.0
FAR_KM = 300.0
EARTH_RADIUS_KM = 6371.0088
LABEL_WIDTH = 16


# --- reading gold and predictions ------------------------------------------------------------


def load_gold(path: Path) -> list[Record]:
    """Read a gold JSON Lines file: one document per line, `text_file` read relative to the file.

    Every field is kept; `text` is filled from `text_file` (UTF-8) when only the latter is given.
    `events` is required, `claims` defaults to an empty list. Raises InputError naming `path:line`
    for bad JSON, a missing `doc_id`, `text`/`text_file` or `events`, an unreadable text file, a
    bad ISO date or a duplicate `doc_id`.
    """
    docs: list[Record] = []
    seen: set[str] = set()
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        doc = _parse_gold_line(line, path.parent, where)
        if doc["doc_id"] in seen:
            raise InputError(f"{where}: duplicate doc_id {doc['doc_id']!r}")
        seen.add(doc["doc_id"])
        docs.append(doc)
    return docs


def load_predictions(path: Path) -> dict[str, Record]:
    """Read a predictions JSON Lines file (lines from `prediction_line`) into doc_id → record."""
    predictions: dict[str, Record] = {}
    for number, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        record = _json_object(line, where)
        doc_id = _doc_id(record, where)
        if doc_id in predictions:
            raise InputError(f"{where}: duplicate doc_id {doc_id!r}")
        predictions[doc_id] = {
            "events": _object_list(record, "events", where, required=False),
            "claims": _object_list(record, "claims", where, required=False),
        }
    return predictions


def prediction_line(
    doc_id: str, events: Iterable[Mapping[str, Any]], claims: Iterable[Mapping[str, Any]]
) -> str:
    """One predictions line: JSON with `doc_id`, `events` and `claims`; dates written as ISO strings."""
    record = {"doc_id": doc_id, "events": [dict(e) for e in events], "claims": [dict(c) for c in claims]}
    return json.dumps(record, ensure_ascii=False, default=_json_default)


def _json_default(value: object) -> str:
    """Write dates as ISO strings; refuse anything else JSON cannot hold."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file, or InputError naming it."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc


def _parse_gold_line(line: str, base: Path, where: str) -> Record:
    """One validated gold document from one JSON line."""
    doc = _json_object(line, where)
    _doc_id(doc, where)
    doc["events"] = _object_list(doc, "events", where, required=True)
    doc["claims"] = _object_list(doc, "claims", where, required=False)
    _check_date(doc.get("published"), f"{where}: published")
    for index, event in enumerate(doc["events"]):
        for key in ("date_start", "date_end"):
            _check_date(event.get(key), f"{where}: event {index} {key}")
    if not isinstance(doc.get("text"), str):
        doc["text"] = _read_text_file(doc.get("text_file"), base, where)
    return doc


def _json_object(line: str, where: str) -> Record:
    """Parse one line as a JSON object."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a JSON object")
    return value


def _doc_id(record: Record, where: str) -> str:
    """The record's non-empty string doc_id."""
    doc_id = record.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise InputError(f"{where}: missing doc_id")
    return doc_id


def _object_list(record: Record, key: str, where: str, *, required: bool) -> list[Record]:
    """The list of JSON objects under `key` ([] when absent and not required)."""
    value = record.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InputError(f"{where}: `{key}` must be a list of objects")
    return value


def _check_date(value: object, what: str) -> None:
    """Raise InputError unless value is null or an ISO date."""
    if value is not None and _parse_date(value) is None:
        raise InputError(f"{what}: not an ISO date: {value!r}")


def _read_text_file(name: object, base: Path, where: str) -> str:
    """The UTF-8 text of a gold document's `text_file`, relative to the gold file."""
    if not isinstance(name, str) or not name:
        raise InputError(f"{where}: needs `text` or `text_file`")
    try:
        return (base / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{where}: cannot read text_file {name!r} ({exc})") from exc


# --- field normalisation ---------------------------------------------------------------------


def _parse_date(value: object) -> dt.date | None:
    """A date from a date, datetime or ISO string (time part ignored); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _interval(event: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days an event may fall on: its date range, widened to the month or year it is precise to."""
    start = _parse_date(event.get("date_start"))
    if start is None:
        return None
    end = _parse_date(event.get("date_end")) or start
    start, end = min(start, end), max(start, end)
    precision = event.get("date_precision")
    if precision == "month":
        start = start.replace(day=1)
        end = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    elif precision == "year":
        start, end = start.replace(month=1, day=1), end.replace(month=12, day=31)
    return start, end


def _day_gap(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> int | None:
    """Days between two events' date intervals (0 when they overlap); None when a date is missing."""
    a, b = _interval(gold), _interval(pred)
    if a is None or b is None:
        return None
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def _coords(event: Mapping[str, Any]) -> tuple[float, float] | None:
    """An event's (lat, lon) when both are finite numbers."""
    lat, lon = _number(event.get("lat")), _number(event.get("lon"))
    if lat is None or lon is None:
        return None
    return lat, lon


def _number(value: object) -> float | None:
    """A finite int or float as float (bools and strings are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in decimal degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _distance_km(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float | None:
    """Distance between two events' coordinates, when both have them."""
    a, b = _coords(gold), _coords(pred)
    return None if a is None or b is None else haversine_km(a, b)


def _key(value: object) -> str | None:
    """A string field trimmed and casefolded; None when null or blank."""
    if value is None:
        return None
    text = str(value).strip().casefold()
    return text or None


def _place_key(value: object) -> str | None:
    """A place name without accents, case, punctuation or a leading "the" ("Deir ez-Zor" = "deir ez zor")."""
    if not isinstance(value, str):
        return None
    text = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    words = re.sub(r"[\W_]+", " ", text.casefold()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words) or None


def _same(gold: Mapping[str, Any], pred: Mapping[str, Any], field: str) -> bool:
    """Both events carry the same non-null value (trimmed, casefolded) in `field`."""
    key = _key(gold.get(field))
    return key is not None and key == _key(pred.get(field))


# --- event matching --------------------------------------------------------------------------


def _dates_compatible(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Date intervals overlap or lie within DATE_WINDOW_DAYS of each other."""
    gap = _day_gap(gold, pred)
    return gap is not None and gap <= DATE_WINDOW_DAYS


def _dates_contradict(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Both dates known and more than DATE_FAR_DAYS apart."""
    gap = _day_gap(gold, pred)
    return gap is not None and gap > DATE_FAR_DAYS


def _places_compatible(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Same normalised location, same admin1_code, or coordinates within NEAR_KM."""
    location = _place_key(gold.get("location"))
    if location is not None and location == _place_key(pred.get("location")):
        return True
    distance = _distance_km(gold, pred)
    return _same(gold, pred, "admin1_code") or (distance is not None and distance <= NEAR_KM)


def _places_contradict(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Coordinates more than FAR_KM apart or, lacking coordinates on a side, different countries."""
    distance = _distance_km(gold, pred)
    if distance is not None:
        return distance > FAR_KM
    countries = _key(gold.get("country")), _key(pred.get("country"))
    return None not in countries and countries[0] != countries[1]


def admissible(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Whether a gold and a predicted event may be matched at all (see `match_events`)."""
    by_date = _dates_compatible(gold, pred) and not _places_contradict(gold, pred)
    by_place = _places_compatible(gold, pred) and not _dates_contradict(gold, pred)
    return by_date or by_place


def _date_agreement(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float:
    """1 for the same first day, less as the date intervals drift apart, 0 beyond DATE_FAR_DAYS."""
    gap = _day_gap(gold, pred)
    if gap is None or gap > DATE_FAR_DAYS:
        return 0.0
    if _parse_date(gold.get("date_start")) == _parse_date(pred.get("date_start")):
        return 1.0
    if gap == 0:
        return 0.75
    return 0.5 if gap <= DATE_WINDOW_DAYS else 0.25


def _place_agreement(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float:
    """1 for the same place name or point, 0.5 at NEAR_KM or the same admin1, 0.1 the same country."""
    scores = [0.0]
    location = _place_key(gold.get("location"))
    if location is not None and location == _place_key(pred.get("location")):
        scores.append(1.0)
    distance = _distance_km(gold, pred)
    if distance is not None:
        scores.append(max(0.0, 1.0 - distance / (2 * NEAR_KM)))
    if _same(gold, pred, "admin1_code"):
        scores.append(0.5)
    if _same(gold, pred, "country"):
        scores.append(0.1)
    return max(scores)


def event_agreement(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> float:
    """How well two events agree, 0..1: 0.4 date + 0.4 place + 0.1 type + 0.1 perpetrator."""
    return (
        0.4 * _date_agreement(gold, pred)
        + 0.4 * _place_agreement(gold, pred)
        + 0.1 * _same(gold, pred, "event_type")
        + 0.1 * _same(gold, pred, "perpetrator")
    )


def match_events(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Pair one document's gold and predicted events one-to-one; returns (gold index, pred index) pairs.

    A pair is admissible when its dates are compatible (intervals overlap or lie within 1 day;
    `month`/`year` precision widens a date to its whole month/year) and its places do not
    contradict, OR its places are compatible (same normalised `location`, same `admin1_code`, or
    coordinates within 25 km) and its dates do not contradict. Places contradict when coordinates
    lie over 300 km apart or, lacking coordinates on either side, the countries differ; dates
    contradict when over 7 days apart. A pair that shares neither date nor place is never
    matched, even when it is the only gold and the only predicted event of its document.

    Among admissible pairs the assignment first maximises the number of pairs, then their total
    `event_agreement`, which weighs date and place 0.4 each and type and perpetrator only 0.1
    each, so that type and perpetrator accuracy are also measured on pairs that disagree on them.
    """
    return _assign(gold, pred, lambda g, p: event_agreement(g, p) if admissible(g, p) else None)


def _assign(
    gold: Sequence[Mapping[str, Any]],
    pred: Sequence[Mapping[str, Any]],
    weigh: Callable[[Mapping[str, Any], Mapping[str, Any]], float | None],
) -> list[tuple[int, int]]:
    """Maximum-cardinality, then maximum-weight one-to-one pairing; `weigh` gives None to forbid a pair.

    Weights must lie in 0..1; each allowed pair gets a bonus larger than any total of weights, so
    one more pair always beats any gain in weight.
    """
    if not gold or not pred:
        return []
    bonus = 1.0 + min(len(gold), len(pred))
    matrix = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            weight = weigh(g, p)
            if weight is not None:
                matrix[i, j] = bonus + weight
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if matrix[i, j] > 0]


# --- claim matching --------------------------------------------------------------------------


def claims_compatible(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> bool:
    """Same quantity and the same value, or the same (low, high) when either bound is given."""
    if not _same(gold, pred, "quantity"):
        return False
    value = _number(gold.get("value"))
    if value is not None and value == _number(pred.get("value")):
        return True
    bounds = _number(gold.get("low")), _number(gold.get("high"))
    return bounds != (None, None) and bounds == (_number(pred.get("low")), _number(pred.get("high")))


def match_claims(
    gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """Pair one document's gold and predicted claims one-to-one on (quantity, value).

    A claim whose `low`/`high` are given is a range and matches on (quantity, low, high); a point
    figure matches on (quantity, value). Among equal figures, the same `subject` and
    `attributed_to` break ties.
    """

    def weigh(g: Mapping[str, Any], p: Mapping[str, Any]) -> float | None:
        """Tie-break weight of a compatible claim pair."""
        if not claims_compatible(g, p):
            return None
        return 0.5 * _same(g, p, "subject") + 0.5 * _same(g, p, "attributed_to")

    return _assign(gold, pred, weigh)


# --- field accuracy over matched pairs -------------------------------------------------------


def _equal_field(
    field: str, normalise: Callable[[object], object]
) -> Callable[[Record, Record], bool | None]:
    """A scorer comparing one field after `normalise`; None (unscored) when gold's value is null."""

    def check(gold: Record, pred: Record) -> bool | None:
        """Whether pred has gold's value for the field."""
        expected = normalise(gold.get(field))
        return None if expected is None else expected == normalise(pred.get(field))

    return check


def _count(value: object) -> int | None:
    """A casualty figure as int; None when null or not a whole number."""
    number = _number(value)
    return None if number is None or not number.is_integer() else int(number)


def _killed_within_one(gold: Record, pred: Record) -> bool | None:
    """Predicted `killed` is within ±1 of gold's."""
    expected, got = _count(gold.get("killed")), _count(pred.get("killed"))
    if expected is None:
        return None
    return got is not None and abs(got - expected) <= 1


def _coords_near(gold: Record, pred: Record) -> bool | None:
    """Coordinates within NEAR_KM; scored only where both events have coordinates."""
    distance = _distance_km(gold, pred)
    return None if distance is None else distance <= NEAR_KM


FIELD_SCORERS: dict[str, Callable[[Record, Record], bool | None]] = {
    "type": _equal_field("event_type", _key),
    "perpetrator": _equal_field("perpetrator", _key),
    "admin1": _equal_field("admin1_code", _key),
    "country": _equal_field("country", _key),
    "coords <=25 km": _coords_near,
    "date": _equal_field("date_start", _parse_date),
    "killed exact": _equal_field("killed", _count),
    "killed +-1": _killed_within_one,
    "wounded exact": _equal_field("wounded", _count),
}


# --- scoring ---------------------------------------------------------------------------------


def score(gold_docs: Sequence[Record], predictions: Mapping[str, Mapping[str, Any]]) -> Record:
    """Score predictions (doc_id → {"events": [...], "claims": [...]}) against gold documents.

    A gold document with no prediction counts as one with no events and no claims; predictions
    for unknown doc_ids are listed and otherwise ignored. Returns a JSON-ready dict:
    `documents`, `missing_predictions`, `unknown_predictions`, `events` and `claims` (tp, fp, fn,
    precision, recall, f1), `fields` (name → correct, total, accuracy over matched pairs whose
    gold value is not null; coordinates only where both sides have them) and `per_document`.
    A ratio with a zero denominator is None.
    """
    gold_ids = [_doc_id(doc, f"gold document {index}") for index, doc in enumerate(gold_docs)]
    per_document = [
        _score_document(doc, predictions.get(doc_id, {}))
        for doc, doc_id in zip(gold_docs, gold_ids, strict=True)
    ]
    fields = {name: [0, 0] for name in FIELD_SCORERS}
    for detail in per_document:
        for name, (correct, total) in detail["fields"].items():
            fields[name][0] += correct
            fields[name][1] += total
    known = set(gold_ids)
    return {
        "documents": len(gold_docs),
        "missing_predictions": [doc_id for doc_id in gold_ids if doc_id not in predictions],
        "unknown_predictions": sorted(doc_id for doc_id in predictions if doc_id not in known),
        "events": _prf_counts(_sum_counts(per_document, "event_counts")),
        "fields": {
            name: {"correct": c, "total": t, "accuracy": _ratio(c, t)} for name, (c, t) in fields.items()
        },
        "claims": _prf_counts(_sum_counts(per_document, "claim_counts")),
        "per_document": per_document,
    }


def _score_document(doc: Record, prediction: Mapping[str, Any]) -> Record:
    """Matching, counts and field errors for one gold document."""
    gold_events, pred_events = list(doc.get("events") or []), list(prediction.get("events") or [])
    gold_claims, pred_claims = list(doc.get("claims") or []), list(prediction.get("claims") or [])
    event_pairs = match_events(gold_events, pred_events)
    claim_pairs = match_claims(gold_claims, pred_claims)
    fields = {name: [0, 0] for name in FIELD_SCORERS}
    pairs: list[Record] = []
    for gi, pi in event_pairs:
        wrong = []
        for name, scorer in FIELD_SCORERS.items():
            verdict = scorer(gold_events[gi], pred_events[pi])
            if verdict is not None:
                fields[name][0] += verdict
                fields[name][1] += 1
                if not verdict:
                    wrong.append(name)
        pairs.append({"gold": gi, "pred": pi, "wrong": wrong})
    event_counts = _tp_fp_fn(len(event_pairs), len(pred_events), len(gold_events))
    claim_counts = _tp_fp_fn(len(claim_pairs), len(pred_claims), len(gold_claims))
    errors = sum(len(p["wrong"]) for p in pairs) + sum(
        event_counts[k] + claim_counts[k] for k in ("fp", "fn")
    )
    return {
        "doc_id": doc["doc_id"],
        "errors": errors,
        "event_counts": event_counts,
        "claim_counts": claim_counts,
        "fields": fields,
        "pairs": pairs,
        "claim_pairs": [[gi, pi] for gi, pi in claim_pairs],
        "gold_events": gold_events,
        "pred_events": pred_events,
        "gold_claims": gold_claims,
        "pred_claims": pred_claims,
    }


def _tp_fp_fn(tp: int, predicted: int, expected: int) -> dict[str, int]:
    """True positives, false positives and false negatives from the matched, predicted and gold counts."""
    return {"tp": tp, "fp": predicted - tp, "fn": expected - tp}


def _sum_counts(per_document: Iterable[Record], key: str) -> dict[str, int]:
    """Add up one kind of tp/fp/fn counts over documents."""
    total: Counter[str] = Counter({"tp": 0, "fp": 0, "fn": 0})
    for detail in per_document:
        total.update(detail[key])
    return dict(total)


def _ratio(numerator: float, denominator: float) -> Ratio:
    """numerator / denominator, None when the denominator is 0."""
    return numerator / denominator if denominator else None


def _f1(precision: Ratio, recall: Ratio) -> Ratio:
    """Harmonic mean of precision and recall; None when either is undefined, 0 when both are 0."""
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _prf_counts(counts: dict[str, int]) -> Record:
    """tp/fp/fn with precision, recall and F1."""
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
    }


# --- reports ---------------------------------------------------------------------------------


def _figure(label: str, value: Ratio, count: str) -> str:
    """One report line: label, value to 3 decimals (n/a when undefined) and its count."""
    shown = "n/a" if value is None else f"{value:.3f}"
    return f"{label:<{LABEL_WIDTH}}{shown} ({count})"


def _prf_lines(name: str, prf: Record) -> list[str]:
    """Precision, recall and F1 lines, each with its count."""
    tp, fp, fn = prf["tp"], prf["fp"], prf["fn"]
    return [
        _figure(f"{name} precision", prf["precision"], f"{tp}/{tp + fp}"),
        _figure(f"{name} recall", prf["recall"], f"{tp}/{tp + fn}"),
        _figure(f"{name} F1", prf["f1"], f"tp {tp}, fp {fp}, fn {fn}"),
    ]


def format_report(report: Record) -> str:
    """The report as plain-text lines, each figure with its count, e.g. `type            0.870 (412/474)`."""
    missing = len(report["missing_predictions"])
    lines = [f"{'documents':<{LABEL_WIDTH}}{report['documents']} (without predictions {missing})"]
    lines += _prf_lines("event", report["events"])
    for name, figure in report["fields"].items():
        lines.append(_figure(name, figure["accuracy"], f"{figure['correct']}/{figure['total']}"))
    lines += _prf_lines("claim", report["claims"])
    if report["unknown_predictions"]:
        lines.append(
            f"{'ignored':<{LABEL_WIDTH}}{len(report['unknown_predictions'])} predicted documents not in gold"
        )
    return "\n".join(lines)


def worst_documents(report: Record, n: int) -> list[Record]:
    """The n documents with the most errors (ties by doc_id), gold and predicted events side by side.

    Each entry holds `doc_id`, `errors`, `event_counts`, `claim_counts`, `rows` (matched pairs
    in gold order with the fields they got wrong, then missed gold events, then spurious
    predicted ones; the absent side is None) and the unmatched `missed_claims` and
    `spurious_claims`. Documents without errors are left out.
    """
    ranked = sorted(
        (d for d in report["per_document"] if d["errors"]), key=lambda d: (-d["errors"], d["doc_id"])
    )
    return [_side_by_side(detail) for detail in ranked[:n]]


def _side_by_side(detail: Record) -> Record:
    """One document's events as rows of (gold, pred, wrong fields)."""
    gold, pred = detail["gold_events"], detail["pred_events"]
    matched_gold = {p["gold"] for p in detail["pairs"]}
    matched_pred = {p["pred"] for p in detail["pairs"]}
    rows = [
        {"gold": gold[p["gold"]], "pred": pred[p["pred"]], "wrong": p["wrong"]}
        for p in sorted(detail["pairs"], key=lambda p: p["gold"])
    ]
    rows += [{"gold": e, "pred": None, "wrong": []} for i, e in enumerate(gold) if i not in matched_gold]
    rows += [{"gold": None, "pred": e, "wrong": []} for i, e in enumerate(pred) if i not in matched_pred]
    claimed_gold = {gi for gi, _ in detail["claim_pairs"]}
    claimed_pred = {pi for _, pi in detail["claim_pairs"]}
    return {
        "doc_id": detail["doc_id"],
        "errors": detail["errors"],
        "event_counts": detail["event_counts"],
        "claim_counts": detail["claim_counts"],
        "rows": rows,
        "missed_claims": [c for i, c in enumerate(detail["gold_claims"]) if i not in claimed_gold],
        "spurious_claims": [c for i, c in enumerate(detail["pred_claims"]) if i not in claimed_pred],
    }


def _event_summary(event: Mapping[str, Any] | None) -> str:
    """One event on one line: type, dates, place, perpetrator, casualties."""
    if event is None:
        return "-"
    dates = str(event.get("date_start"))
    if event.get("date_end") not in (None, event.get("date_start")):
        dates += f"..{event.get('date_end')}"
    return (
        f"{event.get('event_type')} {dates} {event.get('location')!r} "
        f"[{event.get('admin1_code')} {event.get('country')} {event.get('lat')},{event.get('lon')}] "
        f"by {event.get('perpetrator')} killed {event.get('killed')} wounded {event.get('wounded')}"
    )


def _claim_summary(claim: Mapping[str, Any]) -> str:
    """One claim on one line: quantity, figure, subject."""
    figure = (
        claim.get("value") if claim.get("value") is not None else f"{claim.get('low')}-{claim.get('high')}"
    )
    return f"{claim.get('quantity')} {figure} ({claim.get('subject')}, said by {claim.get('attributed_to')})"


def format_errors(documents: Sequence[Record]) -> str:
    """Plain text for `worst_documents` output: each document, then gold and predicted events paired."""
    blocks = []
    for doc in documents:
        ev, cl = doc["event_counts"], doc["claim_counts"]
        lines = [
            (f"{doc['doc_id']}  errors {doc['errors']}  events tp {ev['tp']} fp {ev['fp']} fn {ev['fn']}  "
             f"claims tp {cl['tp']} fp {cl['fp']} fn {cl['fn']}")
        ]
        for row in doc["rows"]:
            lines.append(f"  gold: {_event_summary(row['gold'])}")
            wrong = f"   wrong: {', '.join(row['wrong'])}" if row["wrong"] else ""
            lines.append(f"  pred: {_event_summary(row['pred'])}{wrong}")
        lines += [f"  missed claim: {_claim_summary(c)}" for c in doc["missed_claims"]]
        lines += [f"  spurious claim: {_claim_summary(c)}" for c in doc["spurious_claims"]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# --- incident clustering (issue 5) ------------------------------------------------------------


def _joint_labels(
    gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]
) -> list[tuple[Hashable, Hashable]]:
    """(gold cluster, pred cluster) per gold item; an item the prediction lacks is a singleton there."""
    return [
        (("gold", label), ("pred", pred[item]) if item in pred else ("alone", item))
        for item, label in gold.items()
    ]


def pairwise_counts(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> tuple[int, int, int]:
    """Same-cluster item pairs: (in both, in pred, in gold), over gold's items (see `pairwise_prf`)."""
    joint = _joint_labels(gold, pred)

    def pairs(counts: Iterable[int]) -> int:
        """Unordered pairs within groups of these sizes."""
        return sum(size * (size - 1) // 2 for size in counts)

    both = pairs(Counter(joint).values())
    return both, pairs(Counter(p for _, p in joint).values()), pairs(Counter(g for g, _ in joint).values())


def pairwise_prf(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> PRF:
    """Pairwise precision, recall and F1 of a clustering (item → cluster id) against gold's.

    A pair of items is positive when both sit in one cluster. Only gold's items are scored: an
    item missing from `pred` counts as a predicted singleton (it lowers recall, not precision),
    and predicted items absent from gold are ignored. A ratio with no pairs to count is None.
    """
    both, predicted, expected = pairwise_counts(gold, pred)
    precision, recall = _ratio(both, predicted), _ratio(both, expected)
    return precision, recall, _f1(precision, recall)


def bcubed(gold: Mapping[Item, Hashable], pred: Mapping[Item, Hashable]) -> PRF:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998) of a clustering against gold's.

    Per item, precision is the share of its predicted cluster that shares its gold cluster and
    recall the share of its gold cluster that shares its predicted cluster; both are averaged
    over items. Items are handled as in `pairwise_prf` (gold's items only, missing ones as
    predicted singletons); None for all three when gold is empty.
    """
    joint = _joint_labels(gold, pred)
    if not joint:
        return None, None, None
    overlap = Counter(joint)
    gold_sizes, pred_sizes = Counter(g for g, _ in joint), Counter(p for _, p in joint)
    precision = sum(overlap[(g, p)] / pred_sizes[p] for g, p in joint) / len(joint)
    recall = sum(overlap[(g, p)] / gold_sizes[g] for g, p in joint) / len(joint)
    return precision, recall, _f1(precision, recall)
