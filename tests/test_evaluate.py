"""Tests for conflictlens.evaluate: matching, scoring arithmetic, reports and cluster scores."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conflictlens.errors import InputError
from conflictlens.evaluate import (
    bcubed,
    format_errors,
    format_report,
    haversine_km,
    load_gold,
    load_predictions,
    match_claims,
    match_events,
    pairwise_counts,
    pairwise_prf,
    prediction_line,
    score,
    worst_documents,
)

# Made-up places: 0.1 degree of latitude is about 11.1 km.
NORTH = (36.0, 43.0)
SOUTH = (35.0, 43.0)  # about 111 km south of NORTH


def event(**fields: Any) -> dict[str, Any]:
    """A codebook-shaped event with neutral defaults, overridden by `fields`."""
    base: dict[str, Any] = {
        "event_type": "bombing",
        "date_start": "2024-05-10",
        "date_end": "2024-05-10",
        "date_precision": "day",
        "perpetrator": "Islamic State",
        "location": "Alpha",
        "admin1_code": "IQ-NI",
        "country": "IQ",
        "lat": NORTH[0],
        "lon": NORTH[1],
        "killed": None,
        "wounded": None,
    }
    base.update(fields)
    return base


def claim(
    quantity: str, value: int | None, low: int | None = None, high: int | None = None
) -> dict[str, Any]:
    """A codebook-shaped claim."""
    return {"quantity": quantity, "value": value, "low": low, "high": high, "subject": "Islamic State"}


def gold_doc(
    doc_id: str, events: list[dict[str, Any]], claims: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A gold document holding these events and claims."""
    return {
        "doc_id": doc_id,
        "text": "Some report.",
        "published": "2024-05-11",
        "events": events,
        "claims": claims or [],
    }


# --- matching --------------------------------------------------------------------------------


def test_evaluate_match_prefers_date_and_place_over_type() -> None:
    gold = [
        event(event_type="bombing"),
        event(event_type="shelling", location="Beta", lat=SOUTH[0], lon=SOUTH[1]),
    ]
    # Each prediction has the other gold event's type: pairing on type would swap them.
    pred = [
        event(event_type="shelling"),
        event(event_type="bombing", location="Beta", lat=SOUTH[0], lon=SOUTH[1]),
    ]
    assert sorted(match_events(gold, pred)) == [(0, 0), (1, 1)]


def test_evaluate_match_is_one_to_one() -> None:
    gold = [event()]
    pred = [event(), event()]
    pairs = match_events(gold, pred)
    assert len(pairs) == 1
    assert pairs[0][0] == 0


def test_evaluate_match_rejects_events_sharing_nothing() -> None:
    # Only event on each side, but 30 days and 111 km apart with different names and provinces.
    gold = [event()]
    pred = [
        event(
            date_start="2024-06-09",
            date_end="2024-06-09",
            location="Beta",
            admin1_code="IQ-KI",
            lat=SOUTH[0],
            lon=SOUTH[1],
        )
    ]
    assert match_events(gold, pred) == []


def test_evaluate_match_same_place_tolerates_a_few_days_only() -> None:
    gold = [event()]
    five_days = [event(date_start="2024-05-15", date_end="2024-05-15")]
    ten_days = [event(date_start="2024-05-20", date_end="2024-05-20")]
    assert match_events(gold, five_days) == [(0, 0)]
    assert match_events(gold, ten_days) == []


def test_evaluate_match_same_day_needs_places_not_to_contradict() -> None:
    gold = [event(lat=None, lon=None)]
    other_country = [event(location="Beta", admin1_code="SY-DY", country="SY", lat=None, lon=None)]
    assert match_events(gold, other_country) == []
    # With coordinates on both sides the distance decides: 111 km is within the 300 km limit.
    gold_with_point = [event()]
    other_country_near = [
        event(location="Beta", admin1_code="SY-DY", country="SY", lat=SOUTH[0], lon=SOUTH[1])
    ]
    assert match_events(gold_with_point, other_country_near) == [(0, 0)]


def test_evaluate_match_month_precision_covers_the_month() -> None:
    gold = [
        event(
            date_start="2024-05-01",
            date_end="2024-05-31",
            date_precision="month",
            location="Beta",
            lat=None,
            lon=None,
            admin1_code=None,
        )
    ]
    pred = [
        event(
            date_start="2024-05-20",
            date_end="2024-05-20",
            location="Gamma",
            lat=None,
            lon=None,
            admin1_code=None,
        )
    ]
    assert match_events(gold, pred) == [(0, 0)]


def test_evaluate_match_maximises_pairs_before_agreement() -> None:
    gold = [
        event(),
        event(
            event_type="shelling",
            perpetrator="unknown",
            location="Beta",
            admin1_code="IQ-KI",
            lat=SOUTH[0],
            lon=SOUTH[1],
        ),
    ]
    pred = [
        event(),  # agrees fully with gold 0 (1.0), shares only the day with gold 1 (0.44)
        # shares only gold 0's province, 6 days later (0.3)
        event(
            event_type="armed_assault",
            perpetrator="unknown",
            date_start="2024-05-16",
            date_end="2024-05-16",
            location="Delta",
            lat=None,
            lon=None,
        ),
    ]
    # Best single pair is (0, 0), but (0, 1) + (1, 0) matches both gold events.
    assert sorted(match_events(gold, pred)) == [(0, 1), (1, 0)]


def test_evaluate_match_claims_on_value_and_range() -> None:
    gold = [claim("fighters", None, 2000, 4000), claim("attacks", 57), claim("killed", 57)]
    pred = [
        claim("killed", 57),
        claim("fighters", None, 2000, 4000),
        claim("attacks", 58),
        claim("fighters", 3000),
    ]
    assert sorted(match_claims(gold, pred)) == [(0, 1), (2, 0)]


def test_evaluate_match_claims_one_to_one() -> None:
    assert len(match_claims([claim("attacks", 9)], [claim("attacks", 9), claim("attacks", 9)])) == 1


def test_evaluate_haversine_one_degree_of_latitude() -> None:
    # Mean Earth radius 6371.0088 km times pi/180 rad = 111.195 km.
    assert haversine_km((10.0, 20.0), (11.0, 20.0)) == pytest.approx(111.195, abs=0.01)


# --- scoring ---------------------------------------------------------------------------------


def test_evaluate_score_precision_recall_f1_arithmetic() -> None:
    gold = [
        gold_doc("a", [event(), event(location="Beta", admin1_code="IQ-KI", lat=SOUTH[0], lon=SOUTH[1])]),
        gold_doc("b", [event(), event(date_start="2024-05-12", date_end="2024-05-12")]),
    ]
    spurious = event(
        date_start="2023-01-01",
        date_end="2023-01-01",
        location="Far",
        admin1_code="IQ-BA",
        lat=30.5,
        lon=47.8,
    )
    predictions = {
        "a": {
            "events": [
                event(),
                event(location="Beta", admin1_code="IQ-KI", lat=SOUTH[0], lon=SOUTH[1]),
                spurious,
            ]
        }
    }
    report = score(gold, predictions)
    # tp 2, fp 1, fn 2: precision 2/3, recall 2/4, F1 = 2 * (2/3) * (1/2) / (2/3 + 1/2) = 4/7.
    assert {k: report["events"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 1, "fn": 2}
    assert report["events"]["precision"] == pytest.approx(2 / 3)
    assert report["events"]["recall"] == pytest.approx(0.5)
    assert report["events"]["f1"] == pytest.approx(4 / 7)
    assert report["missing_predictions"] == ["b"]


def test_evaluate_score_null_gold_is_not_scored() -> None:
    gold = [gold_doc("a", [event(event_type=None, killed=None, wounded=None, admin1_code=None)])]
    predictions = {"a": {"events": [event(event_type="shelling", killed=4, wounded=2, admin1_code="IQ-KI")]}}
    fields = score(gold, predictions)["fields"]
    for name in ("type", "admin1", "killed exact", "killed +-1", "wounded exact"):
        assert fields[name] == {"correct": 0, "total": 0, "accuracy": None}
    assert fields["date"] == {"correct": 1, "total": 1, "accuracy": 1.0}


def test_evaluate_score_field_counts() -> None:
    gold = [
        gold_doc("a", [event(killed=10, wounded=3, perpetrator="Islamic State")]),
        gold_doc("b", [event(killed=2, wounded=None, event_type="shelling", admin1_code="IQ-AN")]),
        gold_doc("c", [event(killed=5, wounded=0)]),
    ]
    predictions = {
        "a": {"events": [event(killed=11, wounded=3, perpetrator="  islamic state ")]},
        "b": {"events": [event(killed=2, event_type="air_strike", admin1_code="IQ-NI", country="SY")]},
        "c": {"events": [event(killed=None, wounded=1, date_start="2024-05-11", date_end="2024-05-11")]},
    }
    fields = score(gold, predictions)["fields"]
    # killed: gold 10/2/5, pred 11/2/null → exact 1 of 3, within ±1 2 of 3 (a null prediction is wrong).
    assert (fields["killed exact"]["correct"], fields["killed exact"]["total"]) == (1, 3)
    assert (fields["killed +-1"]["correct"], fields["killed +-1"]["total"]) == (2, 3)
    # wounded: gold 3/null/0 → 2 scored; pred 3 and 1 → 1 of 2.
    assert (fields["wounded exact"]["correct"], fields["wounded exact"]["total"]) == (1, 2)
    assert (fields["type"]["correct"], fields["type"]["total"]) == (2, 3)
    assert (fields["perpetrator"]["correct"], fields["perpetrator"]["total"]) == (3, 3)
    assert (fields["admin1"]["correct"], fields["admin1"]["total"]) == (2, 3)
    assert (fields["country"]["correct"], fields["country"]["total"]) == (2, 3)
    assert (fields["date"]["correct"], fields["date"]["total"]) == (2, 3)
    assert fields["date"]["accuracy"] == pytest.approx(2 / 3)


def test_evaluate_score_coordinates_within_25_km_where_both_have_them() -> None:
    gold = [gold_doc(doc_id, [event()]) for doc_id in ("near", "far", "none")]
    predictions = {
        "near": {"events": [event(lat=NORTH[0] + 0.2)]},  # 22.2 km
        "far": {"events": [event(lat=NORTH[0] + 0.3)]},  # 33.4 km
        "none": {"events": [event(lat=None, lon=None)]},  # not scored
    }
    coords = score(gold, predictions)["fields"]["coords <=25 km"]
    assert (coords["correct"], coords["total"]) == (1, 2)


def test_evaluate_score_claims_prf() -> None:
    gold = [gold_doc("a", [], [claim("attacks", 40), claim("funds_usd", None, 1000, 2000)])]
    predictions = {
        "a": {
            "events": [],
            "claims": [claim("funds_usd", None, 1000, 2000), claim("killed", 40), claim("other", 1)],
        }
    }
    claims = score(gold, predictions)["claims"]
    # tp 1, fp 2, fn 1: precision 1/3, recall 1/2, F1 = 2 * (1/3) * (1/2) / (5/6) = 2/5.
    assert (claims["tp"], claims["fp"], claims["fn"]) == (1, 2, 1)
    assert claims["f1"] == pytest.approx(0.4)


def test_evaluate_score_empty_sides_give_undefined_ratios() -> None:
    report = score([gold_doc("a", [])], {"a": {"events": []}, "zz": {"events": [event()]}})
    assert report["events"]["precision"] is None
    assert report["events"]["f1"] is None
    assert report["unknown_predictions"] == ["zz"]
    json.dumps(report)  # the report is JSON-ready


def test_evaluate_format_report_prints_each_figure_with_its_count() -> None:
    gold = [gold_doc("a", [event(), event(location="Beta", lat=SOUTH[0], lon=SOUTH[1], admin1_code="IQ-KI")])]
    predictions = {"a": {"events": [event(event_type="shelling")]}}
    text = format_report(score(gold, predictions))
    assert "type            0.000 (0/1)" in text.splitlines()
    assert "event precision 1.000 (1/1)" in text.splitlines()
    assert "event recall    0.500 (1/2)" in text.splitlines()
    assert "claim precision n/a (0/0)" in text.splitlines()


def test_evaluate_worst_documents_side_by_side() -> None:
    gold = [
        gold_doc("good", [event()]),
        gold_doc("bad", [event(), event(location="Beta", admin1_code="IQ-KI", lat=SOUTH[0], lon=SOUTH[1])]),
        gold_doc("meh", [event()]),
    ]
    predictions = {
        "good": {"events": [event()]},
        "bad": {"events": [event(event_type="shelling", perpetrator="unknown")]},
        "meh": {"events": [event(perpetrator="unknown")]},
    }
    worst = worst_documents(score(gold, predictions), 5)
    assert [d["doc_id"] for d in worst] == ["bad", "meh"]
    rows = worst[0]["rows"]
    assert rows[0]["wrong"] == ["type", "perpetrator"]
    assert rows[1]["gold"]["location"] == "Beta" and rows[1]["pred"] is None
    text = format_errors(worst[:1])
    assert "wrong: type, perpetrator" in text
    assert "  pred: -" in text


# --- reading and writing ---------------------------------------------------------------------


def test_evaluate_load_gold_reads_text_file_relative_to_gold(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "one.txt").write_text("Gunmen attacked a post — two died.", encoding="utf-8")
    line = {
        "doc_id": "one",
        "text_file": "texts/one.txt",
        "published": "2024-01-02",
        "events": [],
        "weapon_notes": "kept",
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(line) + "\n\n", encoding="utf-8")
    [doc] = load_gold(path)
    assert doc["text"].endswith("two died.")
    assert doc["claims"] == [] and doc["weapon_notes"] == "kept"


@pytest.mark.parametrize(
    "second_line",
    [
        "{not json",
        json.dumps({"doc_id": "two", "text": "x"}),  # no events
        json.dumps({"doc_id": "two", "events": []}),  # no text
        json.dumps({"doc_id": "two", "text_file": "missing.txt", "events": []}),
        json.dumps({"doc_id": "two", "text": "x", "events": [{"date_start": "May 5"}]}),
        json.dumps({"doc_id": "one", "text": "x", "events": []}),  # duplicate
    ],
)
def test_evaluate_load_gold_names_the_bad_line(tmp_path: Path, second_line: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps({"doc_id": "one", "text": "x", "events": []}) + "\n" + second_line + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=f"{path}:2"):
        load_gold(path)


def test_evaluate_prediction_line_round_trip(tmp_path: Path) -> None:
    line = prediction_line("d1", [event(date_start=dt.date(2024, 5, 10))], [claim("attacks", 3)])
    assert json.loads(line)["events"][0]["date_start"] == "2024-05-10"
    path = tmp_path / "pred.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert load_predictions(path)["d1"]["claims"] == [claim("attacks", 3)]


# --- incident clustering ---------------------------------------------------------------------

GOLD_CLUSTERS = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
PRED_CLUSTERS = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_evaluate_pairwise_known_example() -> None:
    # Gold pairs ab ac bc de (4); predicted pairs ab cd ce de (4); shared ab de (2): P = R = F1 = 0.5.
    assert pairwise_counts(GOLD_CLUSTERS, PRED_CLUSTERS) == (2, 4, 4)
    assert pairwise_prf(GOLD_CLUSTERS, PRED_CLUSTERS) == pytest.approx((0.5, 0.5, 0.5))


def test_evaluate_bcubed_known_example() -> None:
    # Precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 → 11/3 / 5 = 11/15.
    # Recall per item: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 → 11/3 / 5 = 11/15; F1 = 11/15.
    assert bcubed(GOLD_CLUSTERS, PRED_CLUSTERS) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


def test_evaluate_cluster_scores_all_in_one_against_singletons() -> None:
    gold = {"a": 1, "b": 2, "c": 3, "d": 4}
    pred = {"a": 0, "b": 0, "c": 0, "d": 0}
    # B-cubed: each item's predicted cluster holds 4, 1 of them right → P = 1/4; R = 1; F1 = 2/5.
    assert bcubed(gold, pred) == pytest.approx((0.25, 1.0, 0.4))
    # Pairwise: 6 predicted pairs, none in gold, and gold has no pairs → P 0, R undefined.
    assert pairwise_prf(gold, pred) == (0.0, None, None)


def test_evaluate_cluster_items_missing_from_prediction_are_singletons() -> None:
    gold = {"a": 1, "b": 1, "c": 1}
    pred = {"a": "x", "b": "x", "zz": "x"}  # c missing (a singleton), zz not in gold (ignored)
    # Pairwise: gold ab ac bc (3), predicted ab (1), shared 1 → P 1, R 1/3, F1 = 2 * (1/3) / (4/3) = 1/2.
    assert pairwise_prf(gold, pred) == pytest.approx((1.0, 1 / 3, 0.5))
    # B-cubed: P 1 for all; R a 2/3, b 2/3, c 1/3 → 5/9; F1 = 2 * 5/9 / (14/9) = 5/7.
    assert bcubed(gold, pred) == pytest.approx((1.0, 5 / 9, 5 / 7))
