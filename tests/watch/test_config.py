"""WATCH.toml parsing: a full file read right, and each kind of mistake one ConfigError naming file, table and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conflictlens.errors import ConfigError
from conflictlens.watch.config import AlertTarget, SurgeWatch, WatchRule, WatchSource, load_watch, parse_watch

FILE = Path("WATCH.toml")
GOOD = """
[[source]]
url = "https://observatory.example.org/feed.xml"
interval = 900
outlet = "Observatory"

[[source]]
url = "https://ministry.example.gov/statements"
fetch_pages = true

[[rule]]
name = "big attacks in the Sahel"
place = "Mali"
min_killed = 10

[[rule]]
actor = "Al-Shabaab"
type = "bombing"

[[alert]]
kind = "file"
path = "alerts.jsonl"

[[alert]]
kind = "webhook"
url = "https://hooks.example.net/conflictlens"
"""


def test_full_watch_file() -> None:
    config = parse_watch(GOOD, FILE)
    assert config.sources == (
        WatchSource("https://observatory.example.org/feed.xml", 900.0, "Observatory", False),
        WatchSource("https://ministry.example.gov/statements", 3600.0, None, True),
    )
    assert config.rules == (
        WatchRule("big attacks in the Sahel", place="Mali", min_killed=10),
        WatchRule("WATCH.toml: [[rule]] #2", actor="Al-Shabaab", event_type="bombing"),
    )
    assert config.alerts == (AlertTarget("file", path="alerts.jsonl"),
                             AlertTarget("webhook", url="https://hooks.example.net/conflictlens"))


def test_alerts_default_to_stdout() -> None:
    config = parse_watch('[[source]]\nurl = "http://wire.example.com/rss"\n', FILE)
    assert config.alerts == (AlertTarget("stdout"),) and config.rules == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\n", "not valid TOML"),
        ("", "no [[source]] to watch"),
        ('[[source]]\nurl = "ftp://x.example/feed"\n', "#1: url must be an http or https URL"),
        ('[[source]]\nurl = "file:///etc/passwd"\n', "url must be an http or https URL"),
        ('[[source]]\nurl = "http://a.example/f"\ninterval = 5\n', "interval must be a number of seconds, at least 60"),
        ('[[source]]\nurl = "http://a.example/f"\ninterval = "hourly"\n', "interval must be"),
        ('[[source]]\nurl = "http://a.example/f"\nfetch_pages = "yes"\n', "fetch_pages must be true or false"),
        ('[[source]]\nurl = "http://a.example/f"\nevery = 60\n', "unknown key 'every'"),
        ('[[source]]\nurl = "http://a.example/f"\n[[source]]\nurl = "http://a.example/f"\n', "listed twice"),
        ('[[source]]\nurl = "http://a.example/f"\n[[rule]]\nname = "all"\n', "needs at least one of"),
        ('[[source]]\nurl = "http://a.example/f"\n[[rule]]\nmin_killed = -1\n', "min_killed must be a whole number"),
        ('[[source]]\nurl = "http://a.example/f"\n[[alert]]\nkind = "email"\n', "kind must be stdout, file or webhook"),
        ('[[source]]\nurl = "http://a.example/f"\n[[alert]]\nkind = "file"\n', "a file target needs a path"),
        ('source = "http://a.example/f"\n', "[[source]] must be a list of tables"),
        ('[[source]]\nurl = "http://a.example/f"\n[settings]\n', "unknown key 'settings'"),
    ],
)
def test_bad_watch_files_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_watch(text, FILE)
    assert str(caught.value).startswith("WATCH.toml") and message in str(caught.value)


def test_unreadable_watch_file_named(tmp_path: Path) -> None:
    bad = tmp_path / "WATCH.toml"
    bad.write_bytes(b"\xff\xfe[[source]]")
    with pytest.raises(ConfigError, match="WATCH.toml: cannot read watch file"):
        load_watch(bad)
    with pytest.raises(ConfigError, match="missing.toml: cannot read"):
        load_watch(tmp_path / "missing.toml")


SRC = '[[source]]\nurl = "http://a.example/f"\n'


def test_surges_table_read_and_defaults() -> None:
    assert parse_watch(SRC, FILE).surges == SurgeWatch()
    got = parse_watch(SRC + '[surges]\nby = "all"\nfreq = "month"\nbaseline = 6\nfdr = 0.1\n', FILE).surges
    assert got == SurgeWatch(by=None, freq="month", baseline=6, fdr=0.1)


@pytest.mark.parametrize(("table", "message"), [
    ('by = "province"', "by must be one of all, country"),
    ('freq = "year"', "freq must be one of day, week, month"),
    ("baseline = 1", "baseline must be a whole number, 2 or more"),
    ("fdr = 1.5", "fdr must be a number between 0 and 1"),
    ("window = 3", "unknown key 'window'"),
])
def test_bad_surges_table_names_the_key(table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape("WATCH.toml: [surges]") + ".*" + re.escape(message)):
        parse_watch(SRC + "[surges]\n" + table + "\n", FILE)
