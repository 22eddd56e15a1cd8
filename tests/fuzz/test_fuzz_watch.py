"""Property tests of WATCH.toml parsing: any text, and well-formed TOML with odd values, raise only ConfigError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzz_inputs import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from conflictlens.errors import ConfigError
from conflictlens.watch.config import parse_watch

value = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(json.dumps),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.floats().map(lambda f: {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(str(f), repr(f))),
    st.booleans().map(lambda b: str(b).lower()),
    st.sampled_from(['"http://[::1"', '"https://a.]b/"', '"https://a.example/f"', "[1, 2]", "{a = 1}"]),
)
KEYS = ("url", "interval", "outlet", "fetch_pages", "name", "actor", "place", "min_killed", "kind", "path", "by",
        "freq", "fdr", "recent", "baseline", "min_count")


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["[[source]]", "[[rule]]", "[[alert]]", "[surges]"]),
                          st.dictionaries(st.sampled_from(KEYS), value, max_size=4)), max_size=4))
def test_watch_tables_raise_only_config_error(tables: list) -> None:
    text = "".join(f"{head}\n" + "".join(f"{k} = {v}\n" for k, v in body.items()) for head, body in tables)
    try:
        parse_watch(text, Path("WATCH.toml"))
    except ConfigError:
        pass


@FUZZ
@given(st.text(max_size=200))
def test_watch_any_text(text: str) -> None:
    try:
        parse_watch(text, Path("WATCH.toml"))
    except ConfigError:
        pass


@pytest.mark.parametrize("line", ['url = "https://hooks.example]].net/x"', "interval = 1" + "0" * 400])
def test_watch_crashes_found_by_the_fuzzer(line: str) -> None:
    text = ("[[source]]\n" + line + "\n") if line.startswith("url") else f'[[source]]\nurl = "https://a.example/f"\n{line}\n'
    with pytest.raises(ConfigError, match="url must be|interval must be"):
        parse_watch(text, Path("WATCH.toml"))
