"""Plain text and byte decoding: turn raw bytes into clean Unicode text or say why not."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import InputError

_BINARY_CONTROL = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"}
# Longest run of UTF-32 first: its little-endian BOM starts with UTF-16's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARATION = re.compile(rb"\A<\?xml[^>]*\?>")
_SURROGATE = re.compile("[\ud800-\udfff]")


def to_utf8(data: bytes, name: str) -> bytes:
    """UTF-16 or UTF-32 bytes that open with a byte-order mark as UTF-8 (an XML declaration saying so); others as they are."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {encoding.upper()} text ({exc.reason})") from exc
            utf8 = text.encode("utf-8", errors="replace")
            return _XML_DECLARATION.sub(b'<?xml version="1.0" encoding="utf-8"?>', utf8, count=1)
    return data


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text: NUL bytes or many control characters near the start."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(b in _BINARY_CONTROL for b in head)
    return bool(head) and control / len(head) > 0.05


def decode_bytes(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or BOM-marked UTF-16/32, falling back line by line to cp1252."""
    data = to_utf8(data, name)
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if looks_binary(data):
        raise InputError(f"{name}: binary file, not text or HTML")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # a page pasted together from two encodings: decode each line on its own
        text = "".join(_decode_line(line) for line in data.splitlines(keepends=True))
    return normalise_text(text)


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def normalise_text(text: str) -> str:
    """NFC-normalise and drop control characters, keeping newlines and tabs."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C" or ch == "\u200f")


def without_surrogates(text: str) -> str:
    """The text with each lone surrogate (which no UTF-8 encoder or database accepts) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)
