"""A folder mixing good inputs with hostile ones: the good ones land, each bad one is named once, exit 3."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

from typer.testing import CliRunner

from conflictlens.cli import app
from conflictlens.ingest.sources import display_name
from conflictlens.store.db import Store

GOOD = {
    "iraq.txt": "Gunmen attacked a police checkpoint near Baiji on Monday, killing two officers, police said.",
    "somalia.txt": "A car bomb exploded outside a hotel in Mogadishu on Tuesday, killing five people.",
    "sahel.txt": "Militants raided a village near Menaka in Mali on Sunday and burned the market.",
}


def _feed(title: str, text: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>{title}</title><link>https://wire.example/1</link><description>{text}</description>"
        "</item></channel></rss>"
    )


def _hostile_folder(folder: Path) -> tuple[int, list[str]]:
    """Write good and bad inputs; return how many documents should land and the bad inputs' names."""
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    # UTF-16 with a byte-order mark, as a text file and as a feed: both are read
    (folder / "yemen16.txt").write_bytes(
        codecs.BOM_UTF16_LE + "An air strike hit a market in Saada on Friday, killing nine civilians.".encode("utf-16-le")
    )
    lake_chad = "Boko Haram fighters attacked a military base near Monguno in Borno State on Saturday."
    (folder / "feed16.xml").write_bytes(codecs.BOM_UTF16_LE + _feed("Base attacked", lake_chad).encode("utf-16-le"))
    # invalid UTF-8 inside English text: decoded line by line, lands
    (folder / "mixed.txt").write_bytes(
        b"Insurgents attacked a convoy in Cabo Delgado on Wednesday, killing three soldiers.\n"
        + b"Caf\xe9 owners in Mocimboa da Praia said the road was closed after the attack.\n"
    )
    # an odd but readable file name: lands
    os.makedirs(folder / "sub")
    (folder / "sub" / "new\nline.txt").write_text(
        "A roadside bomb struck a patrol in Helmand on Thursday, wounding four soldiers.", encoding="utf-8"
    )
    records = [
        {"text": "Shelling hit homes in Idlib on Monday, killing six people, rescuers said.", "url": "https://a.example/1"},
    ]
    lines = [json.dumps(r) for r in records] + ['{"text": "broken', json.dumps({"title": "no text"}),
                                                 json.dumps({"text": "Fighting near Goma.", "published": "9999-12-31"})]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = len(GOOD) + 5
    bad = {
        "empty.txt": b"",
        "blob.txt": bytes(range(256)) * 10,
        "huge.html": b"<html><body><p>" + b"a " * 11_000_000 + b"</p></body></html>",
        "nested.html": b"<html><body>" + b"<div>" * 100_000 + b"x" + b"</div>" * 100_000 + b"</body></html>",
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "broken.json": b'{"text": ',
        "cut.rss": b'<?xml version="1.0"?><rss><channel><title>T</title><item><description>Half',
        "doctype.rss": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel></channel></rss>',
        "bad\xff\nname.txt": b"   \n",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    os.symlink("loop.txt", folder / "loop.txt")
    names = [display_name(folder / name) for name in bad] + [
        display_name(folder / "loop.txt"), f"{folder / 'records.jsonl'}:2", f"{folder / 'records.jsonl'}:3",
        f"{folder / 'records.jsonl'}:4",
    ]
    return good, names


def test_hostile_folder_good_inputs_land_each_bad_one_named_once(tmp_path: Path):
    good, bad_names = _hostile_folder(tmp_path / "in")
    db = str(tmp_path / "s.sqlite")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--published", "2024-08-01"])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    for name in bad_names:
        assert result.output.count(f"{name}: ") == 1, (name, result.output)
    assert f"{len(bad_names)} of {good + len(bad_names)} inputs skipped" in result.output
    assert Store(db).counts()["documents"] == good
    assert "larger than the 20 MB input limit" in result.output
    assert "publication date 9999-12-31 is out of range" in result.output


def test_display_name_escapes_newlines_undecodable_bytes_and_bidi():
    assert display_name(os.fsdecode(b"a\xffb")) == "a\\xffb"
    assert display_name("new\nline\u202etxt") == "new\\nline\\u202etxt"
