"""Tests of the self-contained HTML report: escaping, offline assets, aggregation and size."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from report_samples import INJECTED, make_event

from conflictlens.errors import InputError
from conflictlens.report import html
from conflictlens.report.html import encode_events, json_for_script, map_bins, render_report

GENERATED = dt.datetime(2024, 8, 1, 9, 30)


def _render(events: list[dict[str, Any]], **kwargs: Any) -> str:
    """A report with empty extras unless given."""
    args: dict[str, Any] = {"surges": [], "claims": [], "series_by_type": [], "series_by_actor": []}
    args.update(kwargs)
    return render_report(events, title="Test report", generated_at=GENERATED, **args)


def _block(page: str, block_id: str) -> Any:
    """The parsed JSON of one data block of the page."""
    match = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', page, re.DOTALL)
    assert match, block_id
    return json.loads(match.group(1))


def test_html_report_holds_every_section(events, surges, claims, series) -> None:
    page = render_report(events, surges, claims, series, series, "Anbar weekly", GENERATED)
    for element_id in ("map", "chart-type", "chart-actor", "surges", "claims", "event-table", "event-search"):
        assert f'id="{element_id}"' in page
    assert "2024-08-01T09:30:00" in page
    assert _block(page, "cl-surges")[0]["incident_ids"] == ["ev-000000", "ev-000002", "ev-000005"]
    assert _block(page, "cl-claims")[0]["counted"] == 40
    assert len(_block(page, "cl-series-type")) == len(series)


def test_html_report_never_emits_report_markup_raw(events, surges, claims) -> None:
    page = render_report(events, surges, claims, [], [], "<script>alert(1)</script> title", GENERATED)
    assert "<script>window.__pwned" not in page
    assert 'onerror="window.__pwned' not in page
    assert "<img src=x" not in page
    assert "<b>Bridge</b>" not in page and "<i>since January</i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; title" in page
    assert page.count("</script>") == page.count("<script")


def test_html_report_data_blocks_round_trip_the_text(events) -> None:
    page = _render(events)
    data = _block(page, "cl-events")
    assert data["cols"]["ev"][0] == [INJECTED]
    location = data["dict"]["location"][data["cols"]["location"][0]]
    assert location == "<b>Bridge</b> & post"


def test_json_for_script_escapes_markup_characters() -> None:
    text = str(json_for_script({"a": "</script><!-- & >", "b": "\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >", "b": "\u2028"}


def test_html_report_needs_no_network(events) -> None:
    page = _render(events)
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page)
    assert "<link" not in page
    assert not re.search(r"url\((?!#)", page)
    assert "Leaflet 1.9.4" in page
    assert "default-src 'none'" in page


def test_html_report_embeds_admin1_only_for_countries_present(events) -> None:
    page = _render(events)
    admin1 = _block(page, "cl-admin1")["features"]
    assert admin1 and {f["properties"]["c"] for f in admin1} == {"IQ"}
    assert any(f["properties"]["k"] == "IQ-AN" for f in admin1)
    assert len(_block(page, "cl-countries")["features"]) > 150


def test_html_report_without_events_still_renders() -> None:
    page = _render([])
    assert _block(page, "cl-events")["n"] == 0
    assert _block(page, "cl-bins") is None


def test_encode_events_keeps_full_detail_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "FULL_DETAIL_MAX", 3)
    few = encode_events([make_event(i) for i in range(3)])
    assert few["evidence_limit"] is None and len(few["cols"]["ev"][0]) == 2 and "doc" in few["cols"]
    many = encode_events([make_event(i, evidence=["x" * 500, "second"]) for i in range(4)])
    limit = many["evidence_limit"]
    assert limit is not None and "doc" not in many["cols"]
    assert all(len(ev) == 1 and len(ev[0]) <= limit for ev in many["cols"]["ev"])
    assert many["dict"]["sources"] == ["news.example", "wire.example"]
    assert many["cols"]["kidnapped"] == {"i": [], "v": []}


def test_map_bins_replace_points_beyond_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAP_POINTS_MAX", 10)
    evs = [make_event(i) for i in range(40)] + [make_event(99, lat=None, lon=None)]
    bins = map_bins(encode_events(evs))
    assert bins is not None and bins["deg"] == html.BIN_DEGREES
    assert sum(cell[2] for cell in bins["cells"]) == 40
    assert map_bins(encode_events(evs[:10])) is None


def test_encode_events_rejects_bad_numbers() -> None:
    with pytest.raises(InputError, match="ev-000001"):
        encode_events([make_event(1, killed="many")])


def test_html_report_stays_small_per_event(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 20_000
    # cut evidence as it would be cut for 100,000 events, then scale the size up
    monkeypatch.setattr(html, "EVIDENCE_BUDGET", html.EVIDENCE_BUDGET * n // 100_000)
    page = _render([make_event(i, evidence=["A long sentence " * 20]) for i in range(n)])
    overhead = len(_render([]).encode())
    per_event = (len(page.encode()) - overhead) / n
    assert per_event * 100_000 + overhead < 20_000_000, per_event
