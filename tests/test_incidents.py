"""Tests of merging mentions into incidents."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from conflictlens.errors import InputError
from conflictlens.incidents import (
    Incident,
    MentionRecord,
    Overrides,
    assign_incidents,
)
from conflictlens.model import Mention, Place

D = dt.date
TOWN_A = Place("Qaryat Alif", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.00, 40.00, 1)
# About 15 km east of TOWN_A: the next town.
TOWN_B = Place("Qaryat Ba", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.00, 40.165, 1)
PROVINCE = Place("Deir ez-Zor countryside", "SY", "Deir ez-Zor", "SY-DY", None, 35.3, 40.1, 3)
ELSEWHERE = Place("Qaryat Jim", "IQ", "Anbar", "IQ-AN", "Rutba", 33.0, 40.3, 1)
# A district-level region the geocoder could not put in one province: admin2 only.
REGION = Place("Wadi Dal", "SY", None, None, "Mayadin", 35.02, 40.05, 3)
OTHER_DISTRICT = Place("Wadi Ha", "SY", None, None, "Bukamal", 34.5, 40.9, 3)


def rec(
    mid: str,
    doc: str,
    day: D,
    *,
    place: Place = TOWN_A,
    etype: str = "armed_assault",
    perp: str = "Islamic State",
    attr: str = "stated",
    killed: int | None = 4,
    published: D | None = None,
    precision: str = "day",
    end: D | None = None,
    target_type: str = "military",
    **extra: object,
) -> MentionRecord:
    """A mention record with sensible defaults."""
    mention = Mention(
        event_type=etype,
        date_start=day,
        date_end=end or day,
        date_precision=precision,
        perpetrator=perp,
        perpetrator_attribution=attr,
        target_type=target_type,
        location=place.name,
        place=place,
        killed=killed,
        **extra,  # type: ignore[arg-type]
    )
    return MentionRecord(mid, doc, f"outlet-{doc}", published, mention)


def groups(incidents: list[Incident]) -> set[frozenset[str]]:
    """The incidents as sets of mention ids."""
    return {frozenset(inc.mention_ids) for inc in incidents}


def test_incidents_yesterday_and_date_merge() -> None:
    told_yesterday = rec("m1", "d1", D(2025, 6, 10), published=D(2025, 6, 11))
    told_with_date = rec("m2", "d2", D(2025, 6, 11), published=D(2025, 6, 11))
    [incident] = assign_incidents([told_yesterday, told_with_date], [], Overrides())
    assert incident.mention_ids == ("m1", "m2")
    assert incident.sources == ("outlet-d1", "outlet-d2")
    assert incident.summary.date_start == D(2025, 6, 10)


def test_incidents_same_town_next_day_stays_apart() -> None:
    day_one = rec("m1", "d1", D(2025, 6, 10), published=D(2025, 6, 10))
    day_two = rec("m2", "d2", D(2025, 6, 11), published=D(2025, 6, 11))
    assert len(assign_incidents([day_one, day_two], [], Overrides())) == 2


def test_incidents_next_day_with_other_toll_stays_apart() -> None:
    day_one = rec("m1", "d1", D(2025, 6, 10), killed=2)
    day_two = rec("m2", "d2", D(2025, 6, 11), killed=9)
    assert len(assign_incidents([day_one, day_two], [], Overrides())) == 2


def test_incidents_same_day_next_town_stays_apart() -> None:
    here = rec("m1", "d1", D(2025, 6, 10))
    next_town = rec("m2", "d2", D(2025, 6, 10), place=TOWN_B)
    assert len(assign_incidents([here, next_town], [], Overrides())) == 2


def test_incidents_same_document_never_merges() -> None:
    first = rec("m1", "d1", D(2025, 6, 10))
    second = rec("m2", "d1", D(2025, 6, 10))
    assert len(assign_incidents([first, second], [], Overrides())) == 2


def test_incidents_bombing_and_shelling_differ_but_assault_and_clash_merge() -> None:
    bombing = rec("m1", "d1", D(2025, 6, 10), etype="bombing")
    shelling = rec("m2", "d2", D(2025, 6, 10), etype="shelling")
    assert len(assign_incidents([bombing, shelling], [], Overrides())) == 2
    assault = rec("m3", "d3", D(2025, 6, 10), etype="armed_assault")
    clash = rec("m4", "d4", D(2025, 6, 10), etype="armed_clash")
    assert len(assign_incidents([assault, clash], [], Overrides())) == 1


def test_incidents_different_stated_perpetrators_stay_apart() -> None:
    one = rec("m1", "d1", D(2025, 6, 10), perp="Islamic State")
    other = rec("m2", "d2", D(2025, 6, 10), perp="Syrian Democratic Forces")
    assert len(assign_incidents([one, other], [], Overrides())) == 2


def test_incidents_far_places_stay_apart() -> None:
    here = rec("m1", "d1", D(2025, 6, 10))
    far = rec("m2", "d2", D(2025, 6, 10), place=ELSEWHERE)
    assert len(assign_incidents([here, far], [], Overrides())) == 2


def test_incidents_province_level_mention_joins_precise_one() -> None:
    precise = rec("m1", "d1", D(2025, 6, 10), attr="suspected", perp="unknown")
    vague = rec("m2", "d2", D(2025, 6, 10), place=PROVINCE, attr="claimed")
    [incident] = assign_incidents([precise, vague], [], Overrides())
    assert incident.summary.place == TOWN_A
    assert incident.summary.perpetrator == "Islamic State"
    assert incident.summary.perpetrator_attribution == "claimed"


def test_incidents_month_date_overlaps_day_date() -> None:
    background = rec("m1", "d1", D(2025, 6, 1), precision="month", end=D(2025, 6, 30))
    dated = rec("m2", "d2", D(2025, 6, 18))
    [incident] = assign_incidents([background, dated], [], Overrides())
    assert incident.summary.date_start == D(2025, 6, 18)
    assert incident.summary.date_precision == "day"


def test_incidents_no_chaining_across_three_days() -> None:
    days = [rec(f"m{i}", f"d{i}", D(2025, 6, 10 + i)) for i in range(3)]
    result = assign_incidents(days, [], Overrides())
    assert len(result) == 2
    assert all(len(inc.mention_ids) <= 2 for inc in result)


def test_incidents_combined_casualties_use_upper_median() -> None:
    records = [
        rec("m1", "d1", D(2025, 6, 10), killed=3, killed_low=3, killed_high=None),
        rec("m2", "d2", D(2025, 6, 10), killed=4),
        rec("m3", "d3", D(2025, 6, 10), killed=4, killed_high=6, wounded=7),
        rec("m4", "d4", D(2025, 6, 10), killed=5, wounded=9),
    ]
    [incident] = assign_incidents(records, [], Overrides())
    assert (incident.killed_low, incident.killed_best, incident.killed_high) == (3, 4, 6)
    assert incident.summary.killed == 4
    assert incident.summary.wounded == 9


def test_incidents_ids_come_from_content() -> None:
    records = [rec("m2", "d2", D(2025, 6, 10)), rec("m1", "d1", D(2025, 6, 10))]
    first = assign_incidents(records, [], Overrides())
    again = assign_incidents(list(reversed(records)), [], Overrides())
    assert first[0].incident_id == again[0].incident_id
    assert first[0].incident_id.startswith("inc_")


def _scenario() -> list[MentionRecord]:
    """Several events, each told by one to three documents, plus look-alikes."""
    out = []
    for event in range(12):
        day = D(2025, 3, 1) + dt.timedelta(days=3 * (event % 4))
        place = (TOWN_A, TOWN_B, ELSEWHERE)[event % 3]
        for copy in range(1 + event % 3):
            shifted = day + dt.timedelta(days=copy % 2)
            out.append(
                rec(
                    f"e{event:02}c{copy}",
                    f"doc{event}-{copy}",
                    shifted,
                    place=place,
                    killed=event,
                    published=day + dt.timedelta(days=1),
                )
            )
    out.append(rec("odd", "doc-odd", D(2025, 3, 1), etype="bombing"))
    return out


def _crowded(seed: int) -> list[MentionRecord]:
    """Random mentions packed into a few places and days, so that matches compete and chain."""
    rng = random.Random(seed)
    out = []
    for i in range(60):
        day = D(2025, 3, 1) + dt.timedelta(days=rng.randrange(6))
        out.append(
            rec(
                f"r{i:02}",
                f"doc{rng.randrange(20)}",
                day,
                place=rng.choice((TOWN_A, TOWN_B, PROVINCE)),
                etype=rng.choice(("armed_assault", "armed_clash", "bombing")),
                perp=rng.choice(("Islamic State", "unknown")),
                attr=rng.choice(("stated", "suspected")),
                killed=rng.choice((None, 1, 2, 5)),
                published=day + dt.timedelta(days=rng.randrange(2)),
            )
        )
    return out


@pytest.mark.parametrize("records", [_scenario(), _crowded(1), _crowded(2)])
def test_incidents_order_does_not_matter(records: list[MentionRecord]) -> None:
    expected = assign_incidents(records, [], Overrides())
    for seed in range(5):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        assert assign_incidents(shuffled, [], Overrides()) == expected


@pytest.mark.parametrize("records", [_scenario(), _crowded(1), _crowded(2)])
def test_incidents_incremental_equals_batch(records: list[MentionRecord]) -> None:
    batch = assign_incidents(records, [], Overrides())
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    incidents: list[Incident] = []
    for start in range(0, len(shuffled), 5):
        incidents = assign_incidents(shuffled[start : start + 5], incidents, Overrides())
    assert incidents == batch
    assert any(len(inc.mention_ids) > 1 for inc in batch)


def test_incidents_never_hold_one_document_twice() -> None:
    for incident in assign_incidents(_crowded(3), [], Overrides()):
        assert len(incident.doc_ids) == len(incident.mention_ids)


def test_incidents_incremental_keeps_untouched_incidents() -> None:
    old = assign_incidents([rec("m1", "d1", D(2025, 1, 5))], [], Overrides())
    new = assign_incidents([rec("m2", "d2", D(2025, 6, 10))], old, Overrides())
    assert old[0] in new
    assert len(new) == 2


def test_incidents_same_record_twice_is_idempotent() -> None:
    records = _scenario()
    first = assign_incidents(records, [], Overrides())
    assert assign_incidents(records[:4], first, Overrides()) == first


def test_incidents_conflicting_duplicate_id_is_an_error() -> None:
    with pytest.raises(InputError, match="m1"):
        assign_incidents(
            [rec("m1", "d1", D(2025, 6, 10)), rec("m1", "d1", D(2025, 6, 11))], [], Overrides()
        )


def test_incidents_split_override_forces_a_mention_out() -> None:
    records = [rec(f"m{i}", f"d{i}", D(2025, 6, 10)) for i in range(3)]
    merged = assign_incidents(records, [], Overrides())
    assert len(merged) == 1
    split = assign_incidents([], merged, Overrides(split=(frozenset({"m1"}),)))
    assert groups(split) == {frozenset({"m0", "m2"}), frozenset({"m1"})}
    assert groups(assign_incidents(records, [], Overrides(split=(frozenset({"m1"}),)))) == groups(
        split
    )


def test_incidents_split_override_keeps_a_pair_apart() -> None:
    records = [rec(f"m{i}", f"d{i}", D(2025, 6, 10)) for i in range(2)]
    apart = Overrides(split=(frozenset({"m0", "m1"}),))
    assert len(assign_incidents(records, [], apart)) == 2


def test_incidents_merge_override_joins_and_split_wins() -> None:
    here = rec("m1", "d1", D(2025, 6, 10))
    next_town = rec("m2", "d2", D(2025, 6, 10), place=TOWN_B)
    apart = assign_incidents([here, next_town], [], Overrides())
    assert len(apart) == 2
    merge = frozenset({"m1", "m2"})
    joined = assign_incidents([], apart, Overrides(merge=(merge,)))
    assert groups(joined) == {merge}
    both = Overrides(merge=(merge,), split=(frozenset({"m2"}),))
    assert len(assign_incidents([here, next_town], [], both)) == 2


def test_incidents_new_mention_joins_an_override_merged_incident() -> None:
    here = rec("m1", "d1", D(2025, 6, 10))
    next_town = rec("m2", "d2", D(2025, 6, 10), place=TOWN_B)
    late_report = rec("m3", "d3", D(2025, 6, 10))
    merge = Overrides(merge=(frozenset({"m1", "m2"}),))
    existing = assign_incidents([here, next_town], [], merge)
    incremental = assign_incidents([late_report], existing, merge)
    assert incremental == assign_incidents([here, next_town, late_report], [], merge)
    assert groups(incremental) == {frozenset({"m1", "m2", "m3"})}


def test_incidents_dropped_override_takes_effect_when_touched() -> None:
    here = rec("m1", "d1", D(2025, 6, 10))
    next_town = rec("m2", "d2", D(2025, 6, 10), place=TOWN_B)
    existing = assign_incidents([here, next_town], [], Overrides(merge=(frozenset({"m1", "m2"}),)))
    touched = assign_incidents([rec("m3", "d3", D(2025, 6, 10))], existing, Overrides())
    assert groups(touched) == {frozenset({"m1", "m3"}), frozenset({"m2"})}


def test_incidents_assault_and_bombing_merge_with_agreeing_toll_and_place() -> None:
    gunmen = rec("m1", "d1", D(2025, 6, 10), etype="armed_assault", killed=6)
    bomb = rec("m2", "d2", D(2025, 6, 10), etype="bombing", killed=6)
    assert len(assign_incidents([gunmen, bomb], [], Overrides())) == 1


@pytest.mark.parametrize(
    ("second_killed", "second_place"),
    [(None, TOWN_A), (2, TOWN_A), (6, TOWN_B)],
    ids=["toll missing", "toll differs", "next town"],
)
def test_incidents_assault_and_bombing_without_support_stay_apart(
    second_killed: int | None, second_place: Place
) -> None:
    gunmen = rec("m1", "d1", D(2025, 6, 10), etype="armed_assault", killed=6)
    bomb = rec(
        "m2", "d2", D(2025, 6, 10), etype="bombing", killed=second_killed, place=second_place
    )
    assert len(assign_incidents([gunmen, bomb], [], Overrides())) == 2


def test_incidents_air_strike_and_shelling_need_support() -> None:
    drone = rec("m1", "d1", D(2025, 6, 10), etype="air_strike", killed=2, perp="unknown")
    shell = rec("m2", "d2", D(2025, 6, 10), etype="shelling", killed=2, perp="unknown")
    assert len(assign_incidents([drone, shell], [], Overrides())) == 1
    untold = rec("m3", "d3", D(2025, 6, 10), etype="shelling", killed=None, perp="unknown")
    assert len(assign_incidents([drone, untold], [], Overrides())) == 2


def test_incidents_place_without_admin1_matches_by_admin2() -> None:
    district = Place("Mayadin district", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.0, 40.4, 3)
    vague = rec("m1", "d1", D(2025, 6, 10), place=district)
    region = rec("m2", "d2", D(2025, 6, 10), place=REGION)
    assert len(assign_incidents([vague, region], [], Overrides())) == 1
    elsewhere = rec("m3", "d3", D(2025, 6, 10), place=OTHER_DISTRICT)
    assert len(assign_incidents([vague, elsewhere], [], Overrides())) == 2


def test_incidents_joint_operation_names_differ_but_merge() -> None:
    raid = "security_operation"
    local = rec("m1", "d1", D(2025, 6, 10), etype=raid, perp="Syrian Democratic Forces")
    partner = rec("m2", "d2", D(2025, 6, 10), etype=raid, perp="International coalition")
    assert len(assign_incidents([local, partner], [], Overrides())) == 1


@pytest.mark.parametrize(("first", "later", "merged"), [(4, 7, True), (7, 4, False)])
def test_incidents_rising_toll_agrees_falling_one_does_not(
    first: int, later: int, merged: bool
) -> None:
    day = D(2025, 6, 10)
    early = rec("m1", "d1", day, place=PROVINCE, perp="unknown", killed=first, published=day)
    later_day = D(2025, 6, 12)
    late = rec("m2", "d2", day, place=PROVINCE, perp="unknown", killed=later, published=later_day)
    assert len(assign_incidents([early, late], [], Overrides())) == (1 if merged else 2)


def test_incidents_next_day_with_close_toll_stays_apart() -> None:
    day_one = rec("m1", "d1", D(2025, 6, 10), killed=2, published=D(2025, 6, 12))
    day_two = rec("m2", "d2", D(2025, 6, 11), killed=1, published=D(2025, 6, 12))
    assert len(assign_incidents([day_one, day_two], [], Overrides())) == 2


def _vague(mid: str, doc: str) -> MentionRecord:
    """A province-level report with too little agreement to score as an edge."""
    return rec(
        mid, doc, D(2025, 6, 10), place=PROVINCE, perp="unknown", killed=None,
        target_type="civilians",
    )


def test_incidents_province_level_joins_its_only_candidate() -> None:
    precise = rec("m1", "d1", D(2025, 6, 10), perp="unknown", killed=None)
    [incident] = assign_incidents([precise, _vague("m2", "d2")], [], Overrides())
    assert incident.mention_ids == ("m1", "m2")
    assert incident.summary.place == TOWN_A


def test_incidents_province_level_with_two_candidates_stays_alone() -> None:
    here = rec("m1", "d1", D(2025, 6, 10), perp="unknown", killed=None)
    next_town = rec("m3", "d3", D(2025, 6, 10), place=TOWN_B, perp="unknown", killed=None)
    result = assign_incidents([here, next_town, _vague("m2", "d2")], [], Overrides())
    assert groups(result) == {frozenset({"m1"}), frozenset({"m2"}), frozenset({"m3"})}


def test_incidents_second_candidate_detaches_province_level_incrementally() -> None:
    here = rec("m1", "d1", D(2025, 6, 10), perp="unknown", killed=None)
    next_town = rec("m3", "d3", D(2025, 6, 10), place=TOWN_B, perp="unknown", killed=None)
    first = assign_incidents([here, _vague("m2", "d2")], [], Overrides())
    assert len(first) == 1
    assert assign_incidents([next_town], first, Overrides()) == assign_incidents(
        [here, next_town, _vague("m2", "d2")], [], Overrides()
    )


def test_incidents_time_zone_day_gap_merges_town_with_its_province() -> None:
    local = rec("m1", "d1", D(2025, 6, 11), published=D(2025, 6, 11), killed=3)
    desk = rec("m2", "d2", D(2025, 6, 10), published=D(2025, 6, 10), killed=5, place=PROVINCE)
    assert len(assign_incidents([local, desk], [], Overrides())) == 1
    other_type = rec("m3", "d3", D(2025, 6, 10), published=D(2025, 6, 10), place=PROVINCE, etype="abduction")
    assert len(assign_incidents([local, other_type], [], Overrides())) == 2
    far_toll = rec("m4", "d4", D(2025, 6, 10), published=D(2025, 6, 10), killed=20, place=PROVINCE)
    assert len(assign_incidents([local, far_toll], [], Overrides())) == 2


def test_incidents_supported_types_with_the_same_toll_merge_town_and_province() -> None:
    strike = rec("m1", "d1", D(2025, 6, 10), etype="air_strike", killed=6)
    shelled = rec("m2", "d2", D(2025, 6, 10), etype="shelling", killed=6, place=PROVINCE)
    assert len(assign_incidents([strike, shelled], [], Overrides())) == 1
    close_toll = rec("m3", "d3", D(2025, 6, 10), etype="shelling", killed=4, place=PROVINCE)
    assert len(assign_incidents([strike, close_toll], [], Overrides())) == 2
