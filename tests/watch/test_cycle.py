"""Watch cycles against counting 127.0.0.1 servers: changing feeds, 304s, failing hosts, restarts, alerts once."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlalchemy import select

from conflictlens.config import Settings
from conflictlens.ingest import document
from conflictlens.ingest.fetch import FetchOptions
from conflictlens.model import Document, Extraction, Mention, Place, Span
from conflictlens.store import schema as t
from conflictlens.store.db import Store
from conflictlens.store.queries import list_documents
from conflictlens.watch.config import parse_watch
from conflictlens.watch.cycle import Watcher, run_cycle
from conflictlens.watch.polite import PoliteFetcher
from conflictlens.watch.sinks import Sink, file_sink, webhook_sink
from conflictlens.watch.state import load_states

FILE = Path("WATCH.toml")
NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)  # a Friday; its week starts on Monday 2026-11-30
PLACES = {  # name: country, admin1, admin1 code, lat, lon
    "Kirkuk": ("IQ", "Kirkuk", "IQ-KI", 35.47, 44.39),
    "Maiduguri": ("NG", "Borno", "NG-BO", 11.85, 13.16),
    "Palma": ("MZ", "Cabo Delgado", "MZ-P", -10.77, 40.47),
    "Idlib": ("SY", "Idlib", "SY-ID", 35.93, 36.63),
}
CODED = re.compile(r"in (?P<place>[A-Z]\w+) on (?P<day>\d{4}-\d\d-\d\d), killing (?P<killed>\d+)")


def coded(docs: Sequence[Document], _batch: int) -> list[Extraction]:
    """A stand-in extractor: one armed assault per 'in PLACE on DAY, killing N' (the cycle, not NLP, is tested)."""
    found = []
    for doc in docs:
        mentions = []
        for m in CODED.finditer(doc.text):
            country, admin1, code, lat, lon = PLACES[m["place"]]
            day = dt.date.fromisoformat(m["day"])
            place = Place(m["place"], country, admin1, code, lat=lat, lon=lon, precision=1)
            mentions.append(Mention("armed_assault", day, day, "day", perpetrator="Islamic State",
                                    perpetrator_attribution="claimed", location=m["place"], place=place,
                                    killed=int(m["killed"]), evidence=(Span(m.start(), m.end(), m.group(0)),)))
        found.append(Extraction(tuple(mentions)))
    return found


def item(n: int, place: str, day: str, killed: int, link: str | None = None) -> dict[str, str]:
    """A feed entry reporting one attack."""
    when = dt.datetime.fromisoformat(day).replace(hour=9, tzinfo=dt.UTC)
    return {"link": link or f"https://wire.example.org/news/{n}", "title": f"Attack near {place} ({n})",
            "text": f"Militants attacked an army checkpoint in {place} on {day}, killing {killed} soldiers. "
                    f"Security officials said the attackers fled before reinforcements arrived.",
            "published": email.utils.format_datetime(when)}


def watcher(store: Store, settings: Settings, toml: str, sinks: Sequence[tuple[str, Sink]] = (),
            deadline: float = 5.0, extractor: Callable[..., list[Extraction]] = coded) -> Watcher:
    fetcher = PoliteFetcher(FetchOptions(allow_private=True, deadline=deadline), min_delay=0.0)
    return Watcher(parse_watch(toml, FILE), store, settings, fetcher, list(sinks), extractor)


def source(url: str, interval: int = 600, **extra: object) -> str:
    lines = [f'url = "{url}"', f"interval = {interval}"] + [f"{k} = {json.dumps(v)}" for k, v in extra.items()]
    return "[[source]]\n" + "\n".join(lines) + "\n"


def later(minutes: float) -> dt.datetime:
    return NOW + dt.timedelta(minutes=minutes)


def test_changing_feed_new_and_edited_entries_land_once_and_304_fetches_nothing(serve, store, settings) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = [item(1, "Kirkuk", "2026-11-23", 3), item(2, "Maiduguri", "2026-11-24", 2)]
    w = watcher(store, settings, source(base + "/feed.xml", outlet="Test Wire"))
    first = run_cycle(w, NOW)
    assert (first.batch.stored, first.new_entries, first.failed) == (2, 2, False)
    assert run_cycle(w, later(5)).polled == 0  # not due: nothing asked of the server
    site.feeds["/feed.xml"] = [item(3, "Palma", "2026-11-25", 5), item(1, "Kirkuk", "2026-11-23", 4),
                               item(2, "Maiduguri", "2026-11-24", 2)]
    second = run_cycle(w, later(11))
    assert (second.batch.stored, second.new_entries, second.batch.duplicates) == (2, 2, 0)
    third = run_cycle(w, later(22))
    assert (third.not_modified, third.batch.stored, third.new_entries) == (1, 0, 0)
    assert site.hits == Counter({"/robots.txt": 1, "/feed.xml": 3}) and site.not_modified["/feed.xml"] == 1
    docs = list_documents(store)
    versions = sorted((d["url"], d["version"]) for d in docs)
    assert versions == [("https://wire.example.org/news/1", 1), ("https://wire.example.org/news/1", 2),
                        ("https://wire.example.org/news/2", 1), ("https://wire.example.org/news/3", 1)]
    assert {d["source"] for d in docs} == {"Test Wire"}
    (state,) = load_states(store).values()
    assert state.etag and state.failures == 0 and state.last_result == "not modified"
    assert state.next_due == later(32)


def test_slow_busy_broken_and_robots_refused_sources_fail_alone(serve, store, settings) -> None:
    good, base = serve()
    slow, slow_base = serve("127.0.0.2")
    busy, busy_base = serve("127.0.0.3")
    good.feeds["/feed.xml"] = [item(1, "Idlib", "2026-11-23", 2)]
    good.feeds["/private/feed.xml"] = [item(2, "Idlib", "2026-11-24", 3)]
    good.raw["/broken.xml"] = (200, b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>x',
                               "application/rss+xml", {})
    slow.feeds["/feed.xml"] = [item(3, "Kirkuk", "2026-11-23", 1)]
    slow.slow.add("/feed.xml")
    busy.raw["/feed.xml"] = (503, b"busy", "text/plain", {"Retry-After": "7200"})
    toml = "".join(source(u) for u in (slow_base + "/feed.xml", busy_base + "/feed.xml", base + "/broken.xml",
                                       base + "/private/feed.xml", base + "/feed.xml"))
    w = watcher(store, settings, toml, deadline=1.0)
    report = run_cycle(w, NOW)
    assert report.batch.stored == 1 and report.polled == 5
    expected = [(slow_base + "/feed.xml", "timed out"), (busy_base + "/feed.xml", "HTTP 503"),
                (base + "/broken.xml", "malformed feed XML"), (base + "/private/feed.xml", "disallowed by robots.txt")]
    assert len(report.source_errors) == len(expected)
    for error, (url, reason) in zip(report.source_errors, expected, strict=True):
        assert error.startswith(url + ": ") and reason in error
    assert good.hits["/private/feed.xml"] == 0
    states = load_states(store)
    assert states[busy_base + "/feed.xml"].next_due >= NOW + dt.timedelta(seconds=7190)  # Retry-After beats 600 s
    assert states[slow_base + "/feed.xml"].next_due == later(10)
    assert all(states[u].failures == 1 for u in states if u != base + "/feed.xml")
    again = run_cycle(w, later(11))
    assert busy.hits["/feed.xml"] == 1  # still backing off: not asked again
    assert again.polled == 4 and states[base + "/feed.xml"].failures == 0
    assert load_states(store)[slow_base + "/feed.xml"].failures == 2
    assert load_states(store)[slow_base + "/feed.xml"].next_due == later(11 + 20)  # doubled


class _Crash(BaseException):
    """Stands for the process being killed: nothing in the pipeline catches it."""


@pytest.mark.parametrize("how", ["signal", "crash"])
def test_restart_in_the_middle_loses_no_entry(serve, settings, how: str) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = [item(n, "Kirkuk", f"2026-11-{10 + n}", n) for n in range(1, 6)]
    store = Store(settings.db)
    asked = Counter[str]()

    def stop() -> bool:  # asked once before the source, then before each entry: stop after two entries
        asked["stop"] += 1
        return asked["stop"] > 3

    def crashing(docs: Sequence[Document], batch: int) -> list[Extraction]:
        asked["docs"] += len(docs)
        if asked["docs"] > 2:
            raise _Crash
        return coded(docs, batch)

    if how == "signal":
        first = run_cycle(watcher(store, settings, source(base + "/feed.xml")), NOW, stop)
        assert first.stopped and first.batch.stored == 2
        assert load_states(store)[base + "/feed.xml"].etag is None  # validators kept back: the feed comes in full
    else:
        with pytest.raises(_Crash):
            run_cycle(watcher(store, settings, source(base + "/feed.xml"), extractor=crashing), NOW)
    store.close()
    store = Store(settings.db)  # a new process
    second = run_cycle(watcher(store, settings, source(base + "/feed.xml")), later(1))
    assert second.batch.stored == 3 and second.batch.duplicates == (0 if how == "signal" else 2)
    assert site.hits["/feed.xml"] == 2 and site.not_modified["/feed.xml"] == 0
    assert store.counts()["documents"] == 5 and store.counts()["events"] == 5
    assert run_cycle(watcher(store, settings, source(base + "/feed.xml")), later(12)).not_modified == 1
    store.close()


def _weekly(place: str, weeks: int, first: int) -> list[dict[str, str]]:
    """One attack a week in place over the weeks before NOW's week (Mondays)."""
    monday = dt.date(2026, 11, 30)
    return [item(first + i, place, (monday - dt.timedelta(weeks=i + 1)).isoformat(), 1 + i % 2)
            for i in range(weeks)]


def test_injected_surge_raises_exactly_one_alert_at_the_local_webhook(serve, store, settings) -> None:
    site, base = serve()
    baseline = _weekly("Kirkuk", 12, 100) + _weekly("Maiduguri", 12, 200)
    this_week = [item(300, "Kirkuk", "2026-11-30", 2), item(301, "Maiduguri", "2026-12-01", 1)]
    site.feeds["/feed.xml"] = baseline + this_week
    sinks = [("hook", webhook_sink(base + "/hook", FetchOptions(allow_private=True)))]
    toml = source(base + "/feed.xml") + "[surges]\nby = \"admin1\"\nfreq = \"week\"\n"
    w = watcher(store, settings, toml, sinks)
    assert run_cycle(w, NOW).alerts == 0 and site.posts == []
    surge = [item(310 + d, "Kirkuk", f"2026-12-0{d}", d) for d in range(1, 5)]  # 5 this week against ~1.5
    site.feeds["/feed.xml"] = surge + baseline + this_week
    report = run_cycle(w, later(11))
    assert report.alerts == 1 and report.batch.stored == 4
    (alert,) = site.posts
    assert (alert["kind"], alert["series"], alert["by"], alert["freq"]) == ("surge", "IQ-KI", "admin1", "week")
    assert (alert["period_start"], alert["observed"], alert["incident_count"]) == ("2026-11-30", 5, 5)
    assert alert["p_value"] < 0.01 and alert["test"].startswith(("poisson", "negative binomial"))
    assert all(i["evidence"] and i["links"][0].startswith("https://wire.example.org/news/")
               for i in alert["incidents"])
    site.feeds["/feed.xml"].insert(0, item(320, "Kirkuk", "2026-12-04", 6))  # still surging: no second alert
    assert run_cycle(w, later(22)).alerts == 0
    assert run_cycle(w, later(33)).alerts == 0 and len(site.posts) == 1 and site.hits["POST /hook"] == 1


def test_rule_alert_once_with_evidence_and_link(serve, store, settings, tmp_path) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = [item(1, "Palma", "2026-11-23", 7), item(2, "Palma", "2026-11-27", 1),
                               item(3, "Idlib", "2026-11-25", 9)]
    out = tmp_path / "alerts.jsonl"
    toml = (source(base + "/feed.xml")
            + '[[rule]]\nname = "deadly in Mozambique"\nplace = "cabo delgado"\nmin_killed = 5\n')
    w = watcher(store, settings, toml, [(str(out), file_sink(out))])
    assert run_cycle(w, NOW).alerts == 1
    site.feeds["/feed.xml"].append(item(4, "Idlib", "2026-11-26", 2))
    assert run_cycle(w, later(11)).alerts == 0  # the Palma incident is not alerted again
    (line,) = out.read_text().splitlines()
    alert = json.loads(line)
    assert alert["rule"] == "deadly in Mozambique" and alert["incident"]["killed"] == 7
    assert alert["incident"]["evidence"] == ["in Palma on 2026-11-23, killing 7"]
    assert alert["incident"]["links"] == ["https://wire.example.org/news/1"]


def test_webhook_on_a_private_address_refused_and_the_alert_sent_once_allowed(serve, store, settings) -> None:
    site, base = serve()
    site.feeds["/feed.xml"] = [item(1, "Palma", "2026-11-23", 7)]
    toml = source(base + "/feed.xml") + '[[rule]]\nplace = "Palma"\n'
    refused = watcher(store, settings, toml, [("hook", webhook_sink(base + "/hook", FetchOptions()))])
    report = run_cycle(refused, NOW)
    assert report.alerts == 0 and "resolves to a loopback address" in report.alert_errors[0]
    assert site.posts == [] and store.rows(select(t.watch_alerts.c.kind)) == [{"kind": "rule_pending"}]
    hook = webhook_sink(base + "/hook", FetchOptions(allow_private=True))
    allowed = watcher(store, settings, toml, [("hook", hook)])
    assert run_cycle(allowed, later(11)).alerts == 1  # the feed is unchanged (304): the pending alert goes out
    assert run_cycle(allowed, later(22)).alerts == 0
    assert len(site.posts) == 1 and site.posts[0]["rule"] == "WATCH.toml: [[rule]] #1"
    assert store.rows(select(t.watch_alerts.c.kind)) == [{"kind": "rule"}]


def test_fetch_pages_stores_the_linked_article_or_the_summary_when_gone(serve, store, settings) -> None:
    site, base = serve()
    site.pages["/news/1"] = ("<html><head><title>Palma attack</title></head><body><article><h1>Palma attack</h1>"
                             "<p>Insurgents raided the port district of Palma overnight.</p>"
                             "<p>Residents said several houses near the market were burned and families fled "
                             "towards the airfield, where troops regrouped before dawn.</p></article></body></html>")
    site.feeds["/feed.xml"] = [item(1, "Palma", "2026-11-23", 3, link=base + "/news/1"),
                               item(2, "Idlib", "2026-11-24", 2, link=base + "/news/2")]
    w = watcher(store, settings, source(base + "/feed.xml", fetch_pages=True))
    report = run_cycle(w, NOW)
    assert report.batch.stored == 2 and site.hits["/news/1"] == 1 and site.hits["/news/2"] == 1
    texts = {d["url"]: d["text"] for d in list_documents(store, with_text=True)}
    assert "families fled towards the airfield" in texts[base + "/news/1"]
    assert "in Idlib on 2026-11-24" in texts[base + "/news/2"]  # 404: the feed's summary stands in


def test_surge_carrying_on_into_the_next_week_is_recorded_not_sent(serve, store, settings, monkeypatch) -> None:
    # the second cycle runs a week after NOW: its reports' dates must not be refused as lying in the future
    monkeypatch.setattr(document, "latest_publication_date", lambda: NOW.date() + dt.timedelta(days=9))
    site, base = serve()
    site.feeds["/feed.xml"] = _weekly("Kirkuk", 12, 100) + [
        item(310 + d, "Kirkuk", f"2026-12-0{d}", d) for d in range(1, 6)]
    sinks = [("hook", webhook_sink(base + "/hook", FetchOptions(allow_private=True)))]
    w = watcher(store, settings, source(base + "/feed.xml"), sinks)
    assert run_cycle(w, NOW).alerts == 1
    next_week = [item(400 + i, "Kirkuk", f"2026-12-{7 + i % 5:02d}", 1 + 3 * i) for i in range(10)]
    site.feeds["/feed.xml"] = next_week + site.feeds["/feed.xml"]
    report = run_cycle(w, NOW + dt.timedelta(days=7))
    kinds = sorted(r["kind"] for r in store.rows(select(t.watch_alerts.c.kind)))
    assert kinds == ["surge", "surge_continued"] and report.alerts == 0 and len(site.posts) == 1
