"""Garbled text through the in-memory pipeline (documents, spaCy, every extractor): spans are the text's own."""

from __future__ import annotations

import pytest
from fuzz_inputs import SLOW_FUZZ, any_text
from hypothesis import given

from conflictlens.errors import InputError
from conflictlens.extract.document import extract_batch
from conflictlens.ingest.document import build_document
from conflictlens.ingest.sources import RawInput

pytestmark = pytest.mark.model


@SLOW_FUZZ
@given(any_text)
def test_garbled_text_extracts_with_spans_inside_the_text(text: str) -> None:
    try:
        doc = build_document(RawInput(name="garbled.txt", text=text))
    except InputError:
        return
    if doc.language != "en":
        return
    (extraction,) = extract_batch([doc], 1)
    spans = [s for m in extraction.mentions for s in m.evidence]
    spans += [s for m in extraction.mentions for _, s in m.field_spans]
    spans += [c.evidence for c in extraction.claims if c.evidence is not None]
    for s in spans:
        assert doc.text[s.start:s.end] == s.text
