"""Made-up reports for the dashboard tests (written for these tests; events fictional, places real)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conflictlens.ingest.document import content_hash
from conflictlens.model import Claim, Document, Extraction, Mention, Place, Span
from conflictlens.store.db import Store
from conflictlens.store.incident_store import update_incidents

D = dt.date
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'
HOSTILE_URL = "javascript:window.__pwned=3"


@dataclass(frozen=True)
class Told:
    """One event as a report tells it: the sentence and the words each field is read from."""

    sentence: str
    event_type: str
    day: D
    place: Place
    perpetrator: str = "unknown"
    attribution: str = "unknown"
    target_type: str = "unknown"
    killed: int | None = None
    trigger: str = ""
    actor_words: str = ""
    place_words: str = ""
    killed_words: str = ""


def _span(text: str, words: str, after: int = 0) -> Span:
    """The span of ``words`` in ``text`` (searched from ``after``)."""
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def write_report(store: Store, name: str, source: str | None, published: D, told: list[Told],
                 title: str | None = None, url: str | None = None, claims: tuple[Claim, ...] = ()) -> str:
    """Store one handmade report whose text is its sentences; each field span points into that text."""
    text = " ".join(t.sentence for t in told) + (" " + " ".join(c.evidence.text for c in claims if c.evidence)
                                                 if claims else "")
    mentions = []
    offset = 0
    for t in told:
        base = text.index(t.sentence, offset)
        offset = base + len(t.sentence)
        spans = [("event_type", _span(text, t.trigger, base))]
        if t.actor_words:
            spans.append(("perpetrator", _span(text, t.actor_words, base)))
        if t.place_words:
            spans.append(("location", _span(text, t.place_words, base)))
        if t.killed_words:
            spans.append(("killed", _span(text, t.killed_words, base)))
        mentions.append(Mention(
            event_type=t.event_type, date_start=t.day, date_end=t.day, date_precision="day",
            perpetrator=t.perpetrator, perpetrator_attribution=t.attribution, target_type=t.target_type,
            location=t.place.name, place=t.place, killed=t.killed,
            evidence=(Span(base, base + len(t.sentence), t.sentence),), field_spans=tuple(spans)))
    placed = []
    for c in claims:
        assert c.evidence is not None
        start = text.index(c.evidence.text)
        placed.append(Claim(**{**c.__dict__, "evidence": Span(start, start + len(c.evidence.text), c.evidence.text)}))
    doc = Document(doc_id=name, text=text, content_hash=content_hash(text), source=source, published=published,
                   title=title, url=url, input_name=name)
    assert store.write(doc, Extraction(mentions=tuple(mentions), claims=tuple(placed))).status == "stored"
    return name


HIT = Place("Hit", "IQ", "Anbar", "IQ-AN", "Hit", 33.64, 42.83, 1)
MAYADIN = Place("Mayadin", "SY", "Deir ez-Zor", "SY-DY", "Mayadin", 35.02, 40.45, 1)
MAIDUGURI = Place("Maiduguri", "NG", "Borno", "NG-BO", None, 11.85, 13.16, 1)
MOCIMBOA = Place("Mocimboa da Praia", "MZ", "Cabo Delgado", "MZ-P", None, -11.35, 40.35, 1)
MOGADISHU = Place("Mogadishu", "SO", "Banaadir", "SO-BN", None, 2.04, 45.34, 1)
BENI = Place("Beni", "CD", "Nord-Kivu", "CD-NK", None, 0.49, 29.47, 1)


def seed(store: Store) -> dict[str, str]:
    """Seven reports in six theatres: two outlets tell one raid near Hit; returns names of interest."""
    raid_a = Told("Islamic State gunmen attacked an army post near Hit on Monday, killing four soldiers.",
                  "armed_assault", D(2024, 7, 1), HIT, "Islamic State", "stated", "military", 4,
                  trigger="attacked", actor_words="Islamic State", place_words="Hit", killed_words="four")
    raid_b = Told("Four soldiers died when Islamic State fighters stormed a post outside Hit.",
                  "armed_assault", D(2024, 7, 1), HIT, "Islamic State", "stated", "military", 4,
                  trigger="stormed", actor_words="Islamic State", place_words="Hit", killed_words="Four")
    write_report(store, "doc-hit-a", "Euphrates Wire", D(2024, 7, 2), [raid_a], title="Post attacked near Hit",
                 url="https://example.org/hit-a")
    write_report(store, "doc-hit-b", "Anbar Daily", D(2024, 7, 2), [raid_b], title="Soldiers killed outside Hit")
    write_report(store, "doc-mayadin", "Valley Monitor", D(2024, 7, 5), [
        Told("A roadside bomb struck a militia vehicle in Mayadin, killing two fighters.", "bombing",
             D(2024, 7, 4), MAYADIN, target_type="militia", killed=2, trigger="roadside bomb",
             place_words="Mayadin", killed_words="two")])
    write_report(store, "doc-borno", "Lake Chad Bulletin", D(2024, 7, 8), [
        Told("Boko Haram militants abducted eleven farmers outside Maiduguri.", "abduction", D(2024, 7, 7),
             MAIDUGURI, "Boko Haram", "stated", "civilians", trigger="abducted", actor_words="Boko Haram",
             place_words="Maiduguri")])
    write_report(store, "doc-cabo", "Coast Courier", D(2024, 7, 9), [
        Told("Insurgents torched houses in Mocimboa da Praia overnight.", "attack_on_property", D(2024, 7, 8),
             MOCIMBOA, "Ahlu Sunnah Wa-Jama", "suspected", "civilians", trigger="torched",
             place_words="Mocimboa da Praia")])
    write_report(store, "doc-mogadishu", "Horn Radio", D(2024, 7, 10), [
        Told("Al-Shabaab fighters shelled a base in Mogadishu, killing one soldier.", "shelling", D(2024, 7, 10),
             MOGADISHU, "al-Shabaab", "stated", "military", 1, trigger="shelled", actor_words="Al-Shabaab",
             place_words="Mogadishu", killed_words="one")],
        claims=(Claim("attacks", 40, subject="al-Shabaab", region=None, period="this year",
                      period_start=D(2024, 1, 1), period_end=D(2024, 7, 10), attributed_to="A Horn Radio analyst",
                      evidence=Span(0, 0, "A Horn Radio analyst counted 40 al-Shabaab attacks this year.")),))
    write_report(store, "doc-beni", "Kivu Today", D(2024, 7, 12), [
        Told("ADF rebels killed nine villagers near Beni.", "armed_assault", D(2024, 7, 11), BENI,
             "Allied Democratic Forces", "stated", "civilians", 9, trigger="killed", actor_words="ADF",
             place_words="Beni", killed_words="nine")])
    update_incidents(store)
    return {"raid": "doc-hit-a"}


def seed_hostile(store: Store) -> None:
    """Reports whose titles, sources, URLs, places and actors carry markup and script URLs."""
    evil = Place(f"Hit{HOSTILE_IMG}", "IQ", f"Anbar{HOSTILE_SCRIPT}", "IQ-AN", f"x{HOSTILE_IMG}", 33.6, 42.8, 1)
    told = Told(f"Gunmen {HOSTILE_SCRIPT} attacked a post near Hit{HOSTILE_IMG} at dawn.", "armed_assault",
                D(2024, 7, 3), evil, f"Cell{HOSTILE_SCRIPT}", "stated", "military", 2, trigger="attacked",
                actor_words="Gunmen", place_words=f"Hit{HOSTILE_IMG}")
    write_report(store, "doc-evil", f"Outlet{HOSTILE_SCRIPT}", D(2024, 7, 4), [told],
                 title=f"Title {HOSTILE_IMG}{HOSTILE_SCRIPT}", url=HOSTILE_URL,
                 claims=(Claim("attacks", 5, subject=f"Cell{HOSTILE_SCRIPT}", period="this month",
                               period_start=D(2024, 7, 1), period_end=D(2024, 7, 4),
                               attributed_to=f"Speaker{HOSTILE_IMG}",
                               evidence=Span(0, 0, f"Speaker{HOSTILE_IMG} counted 5 attacks {HOSTILE_SCRIPT}.")),))
    update_incidents(store)
