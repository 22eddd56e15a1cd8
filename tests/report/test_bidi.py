"""Bidi control characters cannot reorder text in the report: each is written as a visible code point."""

from __future__ import annotations

import datetime as dt

from report_samples import make_event

from conflictlens.report.html import render_report, visible_bidi

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_visible_bidi_names_every_control_and_keeps_other_text():
    assert visible_bidi("gpj\u202e.exe") == "gpj[U+202E].exe"
    assert visible_bidi("\u0628\u063a\u062f\u0627\u062f \u200f") == "\u0628\u063a\u062f\u0627\u062f \u200f"


def test_report_holds_no_bidi_control_from_titles_places_actors_or_sources():
    event = make_event(1, location="Hit\u202eevil", perpetrator="\u2066Islamic State\u2069",
                       sources=["https://x.example/\u202egpj.exe"], evidence=["Gunmen \u202dattacked\u202c a post."])
    page = render_report([event], [], [], [], [], "Title \u202e gnirts", dt.datetime(2024, 8, 1))
    assert not any(ch in page for ch in BIDI)
    assert "[U+202E]" in page and "[U+2066]" in page
