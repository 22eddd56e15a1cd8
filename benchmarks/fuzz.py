"""Fuzz every parser with mutated realistic inputs; print parser, inputs, unhandled exceptions, seconds.

    python benchmarks/fuzz.py                    # every parser at its default N
    python benchmarks/fuzz.py --n 10000          # the same N for every parser
    python benchmarks/fuzz.py --only dates --n 200000 --seed 7

Inputs come from a seeded random generator: a realistic seed string (a report sentence, a feed, a page,
a watch file) with one to six mutations (characters inserted, deleted, duplicated, swapped; tokens that
parsers trip on spliced in: odd digits, huge numbers, month names, entities, brackets, NUL, BOM, bidi
marks; two seeds spliced together; a cut at a random place). The same seed gives the same inputs.

An exception counts as unhandled unless it is one of the project's documented errors (errors.py). An
invariant broken (an offset outside the text, a span whose text is not the text at its offsets, a date
range that ends before it starts) counts separately. The first example of each distinct failure
(exception type and the file:line it came from) is printed under the table with the input that caused it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import multiprocessing as mp
import random
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.setrecursionlimit(10_000)

PUBLISHED = dt.date(2024, 6, 1)

SENTENCES = (
    "At least 12 people, including three soldiers, were killed and 40 wounded on Monday near Baiji, police said.",
    "Gunmen killed between 5 and 7 villagers and abducted two dozen others in Borno state on March 3, 2024.",
    "The ministry said more than 1,200 fighters had been killed since January, up from 900 last year.",
    "A car bomb exploded outside a hotel in Mogadishu on Tuesday, killing five people and injuring 30.",
    "Islamic State claimed 4,000 attacks so far this year, the group's weekly al-Naba said on 12 May 2023.",
    "Some 2.5 million dollars was seized; nearly two hundred and fifty militants were detained last week.",
    "Three days ago, on 2/3/24, up to 150 civilians died; fewer than ten were wounded, officials said.",
    "The Syrian Observatory said 1.2m people were displaced between June 1 and July 15 and 300 killed.",
    "Eleven policemen and a civilian died in the attack late on Sunday, and about 20 were hurt.",
    "In 2019-2021 the army carried out 340 air strikes, killing hundreds, the monitor said in a report.",
    "On July 25 and 26, militants attacked two checkpoints; one soldier was killed, 4 were missing.",
    "Dozens were killed and scores wounded, the hospital said on the night of 30 February.",
)
FEEDS = (
    ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    "<link>https://wire.example/</link><item><title>Attack near Baiji</title><link>/news/1</link>"
    "<pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate><author>desk@wire.example (Desk)</author>"
    "<description>&lt;p&gt;Gunmen attacked a police checkpoint near Baiji, killing two.&lt;/p&gt;</description>"
    "</item></channel></rss>"),
    ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor</title>'
    '<link href="https://monitor.example/"/><entry><title>Blast</title><link href="https://monitor.example/2"/>'
    "<updated>2024-06-02T08:00:00Z</updated><author><name>Staff</name></author>"
    '<content type="html"><![CDATA[<p>A car bomb killed <b>five</b> in Mogadishu.</p><script>x()</script>]]>'
    "</content></entry></feed>"),
    ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>R</title>'
    "</channel><item><title>Raid</title><link>https://r.example/3</link><dc:date>2024-05-30</dc:date>"
    "<description>Militants raided a village near Menaka.</description></item></rdf:RDF>"),
)
PAGES = (
    ("<html><head><title>Attack near Baiji | Wire</title><meta property='og:site_name' content='Wire'>"
    "<meta name='date' content='2024-06-03'></head><body><nav>Home | World</nav><article><h1>Attack</h1>"
    "<p>Gunmen attacked a police checkpoint near Baiji on Monday, killing two officers.</p>"
    "<p>Rate this article: ★★★★☆</p><p>Share on Facebook</p></article>"
    "<div class='comments'><p>John wrote: terrible</p></div></body></html>"),
    ("<!DOCTYPE html><html lang=en><body><main><p>A car bomb exploded outside a hotel in Mogadishu, "
    "killing five.</p><p>Related: <a href='/x'>More</a></p><script>var a='<p>';</script></main></body></html>"),
)
TEXTS = (
    ("Attack near Baiji\nBy Jane Doe\nJune 3, 2024\n\nGunmen attacked a police checkpoint near Baiji on Monday.\n"
    "Share this article\nRate this: 4.5/5\nRelated stories\nComments (3)\nAhmed 2 hours ago: shame\n"),
    ("MOGADISHU (Reuters) - A car bomb exploded outside a hotel on Tuesday, killing five people.\n\n"
    "Please verify you are a human\nAdvertisement\nSign up for our newsletter\n"),
)
WATCH = (
    ('[[source]]\nurl = "https://observatory.example.org/feed.xml"\ninterval = 900\noutlet = "Obs"\n\n'
    '[[rule]]\nname = "sahel"\nplace = "Mali"\nmin_killed = 10\n\n[[alert]]\nkind = "webhook"\n'
    'url = "https://hooks.example.net/x"\n\n[surges]\nby = "country"\nfreq = "week"\nfdr = 0.05\n'),
    '[[source]]\nurl = "http://a.example/"\nfetch_pages = true\n[[alert]]\nkind = "file"\npath = "a.jsonl"\n',
)
JSONS = (
    '{"text": "Gunmen attacked a checkpoint near Baiji.", "url": "https://w.example/1", "published": "2024-06-03"}',
    '[{"html": "<p>Blast in Mogadishu killed five.</p>", "title": "Blast", "source": "Wire"}]',
)
TOKENS = (
    "0", "1", "12", "1,000", "1,000,000", "99999999999999999999999", "-3", "1.5", ".5", "2.5m", "3bn",
    "٣", "²", "Ⅻ", "½", "๓", "𝟗", "one", "two", "twenty-one", "hundred", "thousand", "million", "billion",
    "dozens", "scores", "a dozen", "at least", "more than", "up to", "nearly", "between", "and", "to", "-",
    "–", "—", "/", ",", ".", "killed", "wounded", "kidnapped", "died", "attacks", "fighters", "$", "USD",
    "January", "Feb", "30 February", "31/02/2024", "0000", "9999", "2024-13-45", "year", "last week", "ago",
    "since", "so far this year", "Monday", "yesterday", "tonight", "the night of", "early", "late",
    "<", ">", "&amp;", "&#0;", "&#x110000;", "&#xD800;", "<![CDATA[", "]]>", "<!ENTITY x 'y'>", "<!--", "-->",
    "<script>", "</p>", "<p>", "<br/>", "xmlns:a='x'", '"', "'", "'''", '"""', "[", "]", "[[", "]]", "{", "}",
    "=", "\\u0000", "\\", "\x00", "\ufeff", "\u202e", "\u200b", "\ud7ff", "\r", "\n", "\n\n", "\t", " " * 40,
    "http://[::1", "https://", "https://a:99999/", "file:///etc/passwd", "javascript:alert(1)", "inf", "nan",
    "1e999", "true", "false",
)
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-'\"()[]{}<>/&;:=!?\n\t$%£€é中ا"


def mutate(rng: random.Random, seeds: tuple[str, ...]) -> str:
    """One generated input: a seed with one to six random mutations."""
    s = rng.choice(seeds)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(9)
        i = rng.randint(0, len(s))
        j = rng.randint(i, min(len(s), i + rng.randint(0, 40)))
        if op == 0:
            s = s[:i] + rng.choice(TOKENS) + s[i:]
        elif op == 1:
            s = s[:i] + rng.choice(TOKENS) + " " + rng.choice(TOKENS) + s[j:]
        elif op == 2:
            s = s[:i] + s[j:]
        elif op == 3:
            s = s[:i] + s[i:j] * rng.randint(2, 20) + s[j:]
        elif op == 4:
            s = s[:i] + "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 8))) + s[j:]
        elif op == 5:
            other = rng.choice(seeds)
            k = rng.randint(0, len(other))
            s = s[:i] + other[k:]
        elif op == 6:
            s = s[:i]
        elif op == 7:
            s = s[:i] + chr(rng.randint(0, 0x10FFFF)) + s[i:]
        else:
            digits = [k for k, c in enumerate(s) if c.isdigit()]
            if digits:
                k = rng.choice(digits)
                s = s[:k] + str(rng.choice((0, 10 ** rng.randint(1, 30), rng.randint(0, 10_000)))) + s[k + 1:]
    return s


def mutate_bytes(rng: random.Random, seeds: tuple[str, ...]) -> bytes:
    """A generated input as bytes: mostly UTF-8, sometimes another encoding or a few random bytes spliced in."""
    text = mutate(rng, seeds)
    pick = rng.randrange(10)
    if pick == 0:
        return text.encode("utf-16", errors="surrogatepass")
    data = text.encode("utf-8", errors="surrogatepass")
    if pick == 1:
        k = rng.randint(0, len(data))
        data = data[:k] + rng.randbytes(rng.randint(1, 8)) + data[k:]
    elif pick == 2:
        data = b"\xef\xbb\xbf" + data
    return data


class Invariant(AssertionError):
    """A parser returned without error but broke one of its own conventions."""


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise Invariant(what)


def _span_in(text: str, start: int, end: int, what: str) -> None:
    _check(0 <= start <= end <= len(text), f"{what}: offsets {start}:{end} outside a text of {len(text)}")


# --------------------------------------------------------------------------- one runner per parser


def run_quantities(text: str) -> None:
    from conflictlens.extract.quantities import iter_quantities

    for start, end, q in iter_quantities(text):
        _span_in(text, start, end, "quantity")
        _check(q.hedge is not None, "quantity without hedge")


def run_casualties(text: str) -> None:
    from conflictlens.extract.numbers import KINDS, find_casualties

    for c in find_casualties(text):
        _span_in(text, c.start, c.end, "casualty")
        _check(c.kind in KINDS, f"casualty kind {c.kind!r}")
        _check(c.value is None or c.value >= 0, f"negative casualty value {c.value}")


def run_dates(text: str) -> None:
    from conflictlens.extract.dates import find_dates, find_period, shifted_dates

    found = find_dates(text, PUBLISHED)
    for d in found:
        _span_in(text, d.span_start, d.span_end, "date")
        _check(d.start <= d.end, f"date range {d.start}..{d.end} ends before it starts")
    if found:
        shifted_dates(text, found[0], PUBLISHED)
    period = find_period(text, PUBLISHED)
    if period is not None:
        _span_in(text, period.span_start, period.span_end, "period")
        _check(period.start <= period.end, f"period {period.start}..{period.end} ends before it starts")


def _naive_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for k, c in enumerate(text):
        if c in ".!?\n":
            if k + 1 > start:
                spans.append((start, k + 1))
            start = k + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def run_claims(text: str) -> None:
    from conflictlens.extract.actors import load_actors
    from conflictlens.extract.claims import extract_claims

    for claim in extract_claims(text, _naive_sentences(text), PUBLISHED, load_actors()):
        if claim.evidence is not None:
            ev = claim.evidence
            _span_in(text, ev.start, ev.end, "claim evidence")
            _check(text[ev.start:ev.end] == ev.text, "claim evidence text is not the text at its offsets")


def run_furniture(text: str) -> None:
    from conflictlens.ingest.furniture import looks_like_comment, strip_furniture

    clean = strip_furniture(text, title=text[:30] or None)
    words = set(text.split())
    _check(all(w in words for w in clean.text.split()), "furniture removal added a word")
    for line in text.splitlines()[:5]:
        looks_like_comment(line)


def run_text(data: bytes) -> None:
    from conflictlens.errors import InputError
    from conflictlens.ingest.text import decode_bytes, looks_binary, normalise_text, to_utf8

    looks_binary(data)
    try:
        text = decode_bytes(to_utf8(data, "x"), "x")
    except InputError:
        return
    normalise_text(text)


def run_feeds(data: bytes) -> None:
    from conflictlens.ingest.feeds import feed_entries, fragment_text, is_feed

    is_feed(data)
    for entry in feed_entries(data, "feed", url="https://wire.example/feed"):
        _check(isinstance(entry.text, str) and entry.text != "", "feed entry without text")
    fragment_text(data.decode("utf-8", errors="replace")[:2000], "fragment")


def run_html(text: str) -> None:
    from conflictlens.ingest.html import looks_like_html, parse_html

    looks_like_html(text.encode("utf-8", errors="surrogatepass"))
    parse_html(text, "page.html", url="https://wire.example/news/1")


def run_watch(text: str) -> None:
    from conflictlens.watch.config import parse_watch

    parse_watch(text, Path("WATCH.toml"))


def run_records(data: bytes) -> None:
    """Bytes as a fetched body (feed, page, JSON or text) through to Documents, as ingest builds them."""
    from conflictlens.errors import ConflictlensError
    from conflictlens.ingest.document import build_document
    from conflictlens.ingest.sources import _json_records, fetched_records

    items = list(fetched_records(data, "https://wire.example/x"))
    text = data.decode("utf-8", errors="replace")
    items += list(_json_records(text, "x.jsonl", lines=True)) + list(_json_records(text, "x.json", lines=False))
    for item in items:
        if isinstance(item, ConflictlensError):
            continue
        try:
            doc = build_document(item)
        except ConflictlensError:
            continue
        _check(bool(doc.text.strip()), "a document with no text")


def run_pipeline(text: str) -> None:
    """Garbled text through the in-memory pipeline: document, spaCy, every extractor; offsets checked."""
    from conflictlens.errors import ConflictlensError
    from conflictlens.extract.document import extract_batch
    from conflictlens.ingest.document import build_document
    from conflictlens.ingest.sources import RawInput

    try:
        doc = build_document(RawInput(name="garbled.txt", text=text))
    except ConflictlensError:
        return
    if doc.language != "en":
        return
    (extraction,) = extract_batch([doc], 1)
    spans = [s for m in extraction.mentions for s in m.evidence]
    spans += [s for m in extraction.mentions for _, s in m.field_spans]
    spans += [c.evidence for c in extraction.claims if c.evidence is not None]
    for s in spans:
        _span_in(doc.text, s.start, s.end, "evidence")
        _check(doc.text[s.start:s.end] == s.text, f"evidence {s.text!r} is not the text at {s.start}:{s.end}")


@dataclass(frozen=True)
class Target:
    """One parser under fuzz: its seeds, how inputs are made, its runner and its default number of inputs."""

    name: str
    seeds: tuple[str, ...]
    run: Callable[[Any], None]
    default_n: int
    as_bytes: bool = False


REPORT = tuple(SENTENCES) + tuple(" ".join(SENTENCES[i:i + 3]) for i in range(0, len(SENTENCES), 3))
TARGETS = {
    t.name: t
    for t in (
        Target("quantities", SENTENCES, run_quantities, 1_000_000),
        Target("casualties", SENTENCES, run_casualties, 1_000_000),
        Target("dates", SENTENCES, run_dates, 1_000_000),
        Target("furniture", TEXTS + SENTENCES, run_furniture, 1_000_000),
        Target("text", TEXTS + JSONS + FEEDS, run_text, 1_000_000, as_bytes=True),
        Target("feeds", FEEDS, run_feeds, 1_000_000, as_bytes=True),
        Target("watch", WATCH, run_watch, 1_000_000),
        Target("claims", REPORT, run_claims, 100_000),
        Target("records", JSONS + TEXTS + FEEDS + PAGES, run_records, 20_000, as_bytes=True),
        Target("html", PAGES, run_html, 10_000),
        Target("pipeline", REPORT + TEXTS, run_pipeline, 1_000),
    )
}


def _documented(exc: BaseException) -> bool:
    from conflictlens.errors import ConflictlensError

    return isinstance(exc, ConflictlensError) and not isinstance(exc, Invariant)


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "conflictlens" in f.filename]
    frame = (frames or traceback.extract_tb(exc.__traceback__) or [None])[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"


def _chunk(args: tuple[str, int, int]) -> tuple[int, int, int, dict[str, tuple[str, str]]]:
    """Run n inputs of one parser from one seed: (inputs, unhandled, invariants broken, first examples)."""
    name, n, seed = args
    target = TARGETS[name]
    rng = random.Random(f"{name}:{seed}")
    unhandled = broken = 0
    examples: dict[str, tuple[str, str]] = {}
    make = mutate_bytes if target.as_bytes else mutate
    for _ in range(n):
        value = make(rng, target.seeds)
        try:
            target.run(value)
        except Invariant as exc:
            broken += 1
            examples.setdefault(f"invariant: {exc}"[:120], (repr(value)[:300], ""))
        except Exception as exc:  # noqa: BLE001 - counting every escape is the point
            if _documented(exc):
                continue
            unhandled += 1
            key = f"{exc.__class__.__name__} at {_where(exc)}"
            examples.setdefault(key, (repr(value)[:300], f"{exc}"[:200]))
    return n, unhandled, broken, examples


def _warm(name: str) -> None:
    """Load what the parser loads once (rules, model), outside the timing."""
    target = TARGETS[name]
    try:
        target.run(target.seeds[0].encode() if target.as_bytes else target.seeds[0])
    except Exception:  # noqa: BLE001, S110 - a warm-up failure is counted when the same input is fuzzed
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="inputs per parser (default: each parser's own, see the table)")
    parser.add_argument("--only", action="append", choices=sorted(TARGETS), help="fuzz only this parser")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=mp.cpu_count())
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # skipped feed entries and the like are logged; the counts are the output
    rows = []
    failures: dict[str, tuple[str, str, str]] = {}
    with mp.get_context("fork").Pool(args.jobs) as pool:
        pool.map(_warm, [name for name in (args.only or TARGETS) for _ in range(args.jobs)], chunksize=1)
        for name in args.only or TARGETS:
            n = args.n or TARGETS[name].default_n
            size = max(1, min(20_000, n // (args.jobs * 4)))
            chunks = [(name, min(size, n - k), args.seed * 1_000_003 + k) for k in range(0, n, size)]
            started = time.perf_counter()
            done = unhandled = broken = 0
            for got, bad, odd, examples in pool.imap_unordered(_chunk, chunks):
                done, unhandled, broken = done + got, unhandled + bad, broken + odd
                for key, (value, message) in examples.items():
                    failures.setdefault(f"{name}: {key}", (name, value, message))
            seconds = time.perf_counter() - started
            rows.append((name, done, unhandled, broken, seconds))
            print(f"{name:<12} {done:>10,} {unhandled:>10,} {broken:>10,} {seconds:>9.1f}", file=sys.stderr)
    print(f"\n| parser | inputs | unhandled exceptions | invariants broken | seconds ({args.jobs} processes) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, done, unhandled, broken, seconds in rows:
        print(f"| {name} | {done:,} | {unhandled:,} | {broken:,} | {seconds:.1f} |")
    for key, (_, value, message) in sorted(failures.items()):
        print(f"\n{key}\n  input: {value}\n  error: {message}")
    return 1 if any(r[2] or r[3] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
