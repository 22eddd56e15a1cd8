"""Property tests of the extractors on generated text: no undocumented exception, offsets inside the text."""

from __future__ import annotations

import datetime as dt

from fuzz_inputs import FUZZ, any_text
from hypothesis import given
from hypothesis import strategies as st

from conflictlens.extract.actors import load_actors
from conflictlens.extract.claims import extract_claims
from conflictlens.extract.dates import find_dates, find_period, shifted_dates
from conflictlens.extract.numbers import KINDS, find_casualties
from conflictlens.extract.quantities import MAX_VALUE, iter_quantities

published = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@FUZZ
@given(any_text)
def test_quantities_spans_inside_the_text(text: str) -> None:
    for start, end, q in iter_quantities(text):
        assert 0 <= start < end <= len(text)
        assert all(v is None or 0 <= v <= MAX_VALUE for v in (q.value, q.low, q.high))


def test_quantities_too_large_to_be_a_count_are_skipped() -> None:
    # found by benchmarks/fuzz.py: float('1' + '0' * 400) is inf, and round(inf) raised OverflowError
    assert list(iter_quantities("1" + "0" * 400 + " soldiers were killed")) == []
    assert [q.value for *_, q in iter_quantities("2,000 soldiers were killed")] == [2000]


@FUZZ
@given(any_text)
def test_casualties_have_a_kind_and_a_span_inside_the_sentence(text: str) -> None:
    for c in find_casualties(text):
        assert c.kind in KINDS
        assert 0 <= c.start <= c.end <= len(text)


@FUZZ
@given(any_text, published)
def test_dates_and_periods_start_before_they_end(text: str, day: dt.date) -> None:
    found = find_dates(text, day)
    for d in found:
        assert d.start <= d.end and 0 <= d.span_start <= d.span_end <= len(text)
        assert text[d.span_start:d.span_end] == d.text
    if found:
        shifted_dates(text, found[0], day)
    period = find_period(text, day)
    if period is not None:
        assert period.start <= period.end


def test_month_after_publication_is_not_a_date() -> None:
    # found by benchmarks/fuzz.py: "in July 2024" in a report of 1 June 2024 gave July 1 .. June 1
    assert find_dates("Elections are due in July 2024.", dt.date(2024, 6, 1)) == []
    assert find_period("since July 2024", dt.date(2024, 6, 1)) is None
    assert [d.start for d in find_dates("in May 2024", dt.date(2024, 6, 1))] == [dt.date(2024, 5, 1)]


@FUZZ
@given(any_text, st.none() | published)
def test_claims_evidence_is_the_text_at_its_offsets(text: str, day: dt.date | None) -> None:
    sentences, start = [], 0
    for k, c in enumerate(text):
        if c in ".\n":
            sentences.append((start, k + 1))
            start = k + 1
    if start < len(text):
        sentences.append((start, len(text)))
    for claim in extract_claims(text, sentences, day, load_actors()):
        if claim.evidence is not None:
            assert text[claim.evidence.start:claim.evidence.end] == claim.evidence.text
