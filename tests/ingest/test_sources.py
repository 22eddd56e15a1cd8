import http.server
import json
import socket
import threading
from pathlib import Path

import pytest

from conflictlens.errors import InputError
from conflictlens.ingest.document import build_document, normalise_url
from conflictlens.ingest.sources import RawInput, iter_inputs, read_file
from conflictlens.ingest.text import decode_bytes

MB = 1_000_000


def _inputs(*targets: str, max_bytes: int = 5 * MB, timeout: float = 2.0):
    return list(iter_inputs(list(targets), timeout, max_bytes, allow_private=True))


def test_sources_plain_text_file(data_dir: Path):
    (raw,) = _inputs(str(data_dir / "ingest" / "report.txt"))
    doc = build_document(raw)
    assert doc.title.startswith("Gunmen kidnap four shepherds")
    assert doc.author == "Karim Abbas" and doc.section == "Security"
    assert doc.text.count("A photo of the grazing area") == 1
    assert "Related articles" not in doc.text and "Thank you" not in doc.text
    assert "Do you like" not in doc.text


def test_sources_html_page_text_and_metadata(data_dir: Path):
    (raw,) = _inputs(str(data_dir / "ingest" / "page.html"))
    assert raw.html is not None
    doc = build_document(raw)
    assert doc.published.isoformat() == "2024-03-12"
    assert doc.author == "Layla Haddad"
    assert "Tigris Courier & other outlets" in doc.text
    for furniture in ("cookie", "Share on", "helpful", "Stay safe", "Injected by script", "Home |"):
        assert furniture not in doc.text


def test_sources_json_lines_records_and_bad_lines(data_dir: Path):
    items = _inputs(str(data_dir / "ingest" / "records.jsonl"))
    good = [i for i in items if isinstance(i, RawInput)]
    bad = [str(i) for i in items if isinstance(i, InputError)]
    assert len(good) == 2 and good[0].url == "https://example.org/news/1" and good[1].html
    assert any("records.jsonl:2: invalid JSON" in b for b in bad)
    assert any("records.jsonl:4: record has neither" in b for b in bad)


def test_sources_json_file_with_list(tmp_path: Path):
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": "Gunmen attacked a checkpoint."}, {"text": 5}]))
    items = _inputs(str(path))
    assert isinstance(items[0], RawInput)
    assert "batch.json[1]: field 'text' must be a string" in str(items[1])


def test_sources_folder_is_recursive(data_dir: Path):
    names = sorted(Path(i.name).name for i in _inputs(str(data_dir / "ingest" / "folder")))
    assert names == ["one.txt", "two.txt"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty input"), (b"   \n\t\n", "empty input"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file")],
)
def test_sources_bad_files_named_with_reason(tmp_path: Path, content: bytes, reason: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (item,) = list(read_file(path, MB))
    assert isinstance(item, InputError)
    assert str(item) == f"{path}: {reason}" or str(item).startswith(f"{path}: {reason}")


def test_sources_oversized_page_refused(tmp_path: Path):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.write(b"<html><body><p>" + b"word " * (50 * MB // 5) + b"</p></body></html>")
    (item,) = _inputs(str(path), max_bytes=20 * MB)
    assert isinstance(item, InputError) and "larger than the 20 MB input limit" in str(item)


def test_sources_missing_path_named():
    (item,) = _inputs("/no/such/file.txt")
    assert str(item) == "/no/such/file.txt: no such file, folder or URL"


def test_decode_mixed_and_broken_encodings():
    mixed = "Explosion in Mosul — two dead.\n".encode() + "Caf\xe9 owner wounded in Hilla.\n".encode("cp1252")
    text = decode_bytes(mixed, "mixed.txt")
    assert "— two dead" in text and "Café owner" in text
    assert decode_bytes(b"\xef\xbb\xbfBOM first line", "bom.txt") == "BOM first line"


def test_html_with_entities_and_scripts_only_no_text(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>alert('x')</script></head><body><div>&nbsp;</div></body></html>")
    (raw,) = _inputs(str(path))
    with pytest.raises(InputError, match="empty.html: no article text found"):
        build_document(raw)


def test_non_english_stored_with_note(data_dir: Path):
    (raw,) = _inputs(str(data_dir / "ingest" / "french.txt"))
    doc = build_document(raw)
    assert doc.language != "en"
    assert any("not extracted" in note for note in doc.notes)


def test_normalise_url_drops_tracking_and_fragment():
    assert normalise_url("HTTPS://Example.org/a/b/?utm_source=x&id=3#top") == "https://example.org/a/b?id=3"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = (b"<html><head><title>Raid</title></head><body><article><p>Security forces raided a hideout in "
                b"the Hamrin mountains on Sunday and arrested two suspects, the army said.</p></article></body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_sources_url_fetched_from_loopback_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        (raw,) = _inputs(f"http://127.0.0.1:{server.server_port}/news/raid")
        doc = build_document(raw)
        assert "Hamrin mountains" in doc.text and doc.url.endswith("/news/raid")
    finally:
        server.shutdown()


def test_sources_unreachable_url_named():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (item,) = _inputs(f"http://127.0.0.1:{port}/gone", timeout=1.0)
    assert isinstance(item, InputError) and str(item).startswith(f"http://127.0.0.1:{port}/gone: unreachable")
