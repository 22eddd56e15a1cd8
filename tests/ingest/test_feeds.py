import datetime as dt
import http.server
import logging
import shutil
import threading
from pathlib import Path

import pytest

from conflictlens.config import Settings
from conflictlens.errors import InputError
from conflictlens.ingest.document import build_document
from conflictlens.ingest.feeds import feed_entries, fragment_text, is_feed
from conflictlens.ingest.sources import RawInput, count_inputs, iter_inputs
from conflictlens.model import Extraction
from conflictlens.pipeline import run_batch
from conflictlens.store.db import Store

DATA = Path(__file__).parent / "data"
MB = 1_000_000


def _inputs(*targets: Path | str) -> list[RawInput | InputError]:
    return list(iter_inputs([str(t) for t in targets], 2.0, 5 * MB, allow_private=True))


def _no_events(docs: list, batch_size: int) -> list[Extraction]:
    return [Extraction() for _ in docs]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0"><channel/></rss>', True),
        (b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom"></feed>', True),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
        (b'<!DOCTYPE rss SYSTEM "x.dtd">\n<rss version="0.91">', True),
        (b"<html><body><p>A page that mentions <rss> in passing.</p></body></html>", False),
        (b'<?xml version="1.0"?><settings><feed/></settings>', False),
        (b"Gunmen attacked a checkpoint.", False),
    ],
)
def test_is_feed_sniffs_the_root_element(head: bytes, expected: bool):
    assert is_feed(head) is expected


def test_rss_entry_fields_dates_and_html_stripped():
    entries = feed_entries((DATA / "news.rss").read_bytes(), "news.rss")
    assert [e.name for e in entries] == ["news.rss[0]", "news.rss[2]"]
    bomb, arrests = entries
    assert bomb.title == "Roadside bomb hits supply convoy near Qara Tepe"
    assert bomb.link == "https://monitor.example.net/security/convoy-bomb?utm_source=rss"
    assert bomb.published == dt.date(2024, 5, 14) and bomb.author == "Samir Talib"
    assert bomb.source == "Northern Valley Monitor"
    assert "<p>" not in bomb.text and "trackReader" not in bomb.text
    assert bomb.text.startswith("A roadside bomb struck a fuel convoy")
    assert arrests.text.startswith("Police in Kifri") and "Short summary" not in arrests.text
    assert arrests.author == "Huda Karim" and arrests.published == dt.date(2024, 5, 16)


def test_atom_entry_fields_links_and_dates():
    guard, depot = feed_entries((DATA / "news.atom").read_bytes(), "news.atom")
    assert guard.title == "Gunmen kill village guard in Tal Sahra"
    assert guard.link == "https://wire.example.org/news/village-guard"
    assert guard.published == dt.date(2024, 6, 2) and guard.author == "Rana Yusuf"
    assert guard.source == "Hill Districts Wire"
    assert depot.link == "https://wire.example.org/news/depot-strike"
    assert depot.published == dt.date(2024, 6, 4)
    assert depot.text == "A drone struck a fuel depot outside Hamam al Alil at dawn on Tuesday, residents said."


def test_entry_without_text_skipped_with_note(caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.INFO, logger="conflictlens.ingest.feeds"):
        entries = feed_entries((DATA / "news.atom").read_bytes(), "news.atom")
    assert "news.atom[1]" not in [e.name for e in entries]
    assert "news.atom[1]: entry has no text, skipped" in caplog.text


def test_fragment_text_plain_and_markup():
    assert fragment_text("Two killed &amp; five hurt", "x") == "Two killed & five hurt"
    assert fragment_text("<p>First.</p><style>p{}</style><p>Second.</p>", "x") == "First.\nSecond."


def test_feed_file_yields_documents_with_entry_links_and_furniture_removed():
    raws = _inputs(DATA / "news.rss")
    assert all(isinstance(r, RawInput) for r in raws) and len(raws) == 2
    bomb = build_document(raws[0])
    assert bomb.url == "https://monitor.example.net/security/convoy-bomb"
    assert bomb.source == "Northern Valley Monitor" and bomb.author == "Samir Talib"
    assert bomb.published == dt.date(2024, 5, 14) and bomb.title.startswith("Roadside bomb")
    assert "Share on" not in bomb.text and bomb.input_name == f"{DATA / 'news.rss'}[0]"


def test_doctype_rejected_naming_the_file():
    (item,) = _inputs(DATA / "doctype.rss")
    assert isinstance(item, InputError)
    assert str(item) == f"{DATA / 'doctype.rss'}: DOCTYPE or ENTITY declarations are not accepted in a feed"


def test_malformed_feed_is_one_error_and_the_batch_goes_on():
    items = _inputs(DATA / "broken.xml", DATA / "news.atom")
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and str(errors[0]).startswith(f"{DATA / 'broken.xml'}: malformed feed XML")
    assert [Path(i.name).name for i in items if isinstance(i, RawInput)] == ["news.atom[0]", "news.atom[2]"]


def test_xml_file_that_is_not_a_feed_is_named():
    (item,) = _inputs(DATA / "notes.xml")
    assert str(item) == f"{DATA / 'notes.xml'}: not an RSS or Atom feed"


def test_feed_sniffed_by_content_whatever_the_suffix(tmp_path: Path):
    path = tmp_path / "download.txt"
    shutil.copy(DATA / "news.atom", path)
    assert len(_inputs(path)) == 2


def test_folder_takes_xml_files_only_when_they_are_feeds(tmp_path: Path):
    for name in ("news.rss", "notes.xml"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "report.txt").write_text("Gunmen attacked a checkpoint near Baiji on Monday.\n")
    names = sorted(Path(i.name).name for i in _inputs(tmp_path))
    assert names == ["news.rss[0]", "news.rss[2]", "report.txt"]
    assert count_inputs([str(DATA / "news.rss")]) is None


def test_reingesting_a_feed_changes_nothing(tmp_path: Path):
    db = str(tmp_path / "store.sqlite")
    store = Store(db)
    try:
        settings = Settings(db=db, batch_size=8)
        first = run_batch([str(DATA / "news.rss"), str(DATA / "news.atom")], settings, store, extractor=_no_events)
        counts = store.counts()
        again = run_batch([str(DATA / "news.rss"), str(DATA / "news.atom")], settings, store, extractor=_no_events)
        assert first.stored == 4 and not first.failed
        assert again.stored == 0 and again.duplicates == 4
        assert store.counts() == counts and counts["documents"] == 4
    finally:
        store.close()


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (DATA / "news.atom").read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_feed_url_sniffed_and_entries_not_fetched():
    server = http.server.HTTPServer(("127.0.0.1", 0), _FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/feeds/hill.xml"
        raws = _inputs(url)
    finally:
        server.shutdown()
    assert [r.name for r in raws] == [f"{url}[0]", f"{url}[2]"]
    assert raws[1].url == "https://wire.example.org/news/depot-strike"
