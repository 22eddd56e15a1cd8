import datetime as dt

import pytest
from sqlalchemy import select

from conflictlens.errors import StoreError
from conflictlens.model import Claim, Document, Extraction, Mention, Place, Span
from conflictlens.store import schema as t
from conflictlens.store.db import Store, database_url
from conflictlens.store.queries import list_documents

TEXT = "Rockets hit Ain al-Asad base on Tuesday. No one was hurt."


def _doc(text: str = TEXT, url: str | None = "https://example.org/a") -> Document:
    from conflictlens.ingest.document import content_hash

    return Document(doc_id="d1", text=text, content_hash=content_hash(text), url=url, source="example.org",
                    published=dt.date(2024, 7, 3), input_name="test")


def _extraction() -> Extraction:
    mention = Mention(
        event_type="shelling", date_start=dt.date(2024, 7, 2), date_end=dt.date(2024, 7, 2), date_precision="day",
        place=Place(name="Ain al-Asad base", country="IQ", admin1="Anbar", admin1_code="IQ-AN", lat=33.8, lon=42.4,
                    precision=1),
        killed=0, evidence=(Span(0, 40, TEXT[:40]),), field_spans=(("event_type", Span(0, 7, "Rockets")),),
    )
    return Extraction(mentions=(mention,), claims=(Claim(quantity="attacks", value=5),))


def _rich_extraction() -> Extraction:
    """Two mentions (one with two evidence spans, one with none) and two claims."""
    first = Mention(
        event_type="shelling", date_start=dt.date(2024, 7, 2), date_end=None, date_precision="day",
        evidence=(Span(0, 39, TEXT[:39]), Span(41, 57, TEXT[41:57])),
        field_spans=(("event_type", Span(0, 7, "Rockets")), ("location", Span(12, 24, "Ain al-Asad ")),),
    )
    second = Mention(event_type="armed_assault", date_start=None, date_end=None, date_precision=None, wounded=2)
    claims = (Claim(quantity="attacks", value=5), Claim(quantity="killed", value=None, low=3, high=4,
                                                                evidence=Span(0, 7, "Rockets")))
    return Extraction(mentions=(first, second), claims=claims)


def _count(store: Store, table: t.Table) -> int:
    return len(store.rows(select(table)))


def test_store_write_is_idempotent(store: Store):
    assert store.write(_doc(), _extraction()).status == "stored"
    before = store.counts()
    assert store.write(_doc(), _extraction()).status == "duplicate"
    assert store.counts() == before
    assert before["documents"] == 1 and before["mentions"] == 1 and before["evidence"] == 1


def test_store_changed_text_same_url_is_new_version(store: Store):
    store.write(_doc(), Extraction())
    result = store.write(_doc(TEXT + " Police opened an inquiry."), Extraction())
    assert (result.status, result.version) == ("stored", 2)
    versions = sorted(r["version"] for r in list_documents(store))
    assert versions == [1, 2]


def test_store_document_and_extraction_land_together_or_not_at_all(store: Store):
    broken = Extraction(mentions=(Mention(event_type=None, date_start=None, date_end=None,  # type: ignore[arg-type]
                                          date_precision=None),))
    with pytest.raises(StoreError, match="test: cannot store document"):
        store.write(_doc(), broken)
    assert _count(store, t.documents) == 0 and _count(store, t.mentions) == 0


def test_store_writes_every_mention_evidence_and_claim_row(store: Store):
    result = store.write(_doc(), _rich_extraction())
    assert (result.mentions, result.claims) == (2, 2)
    m, ev, c = t.mentions.c, t.evidence.c, t.claims.c
    mentions = store.rows(select(m.mention_id, m.event_type, m.wounded, m.field_spans))
    by_type = {row["event_type"]: row for row in mentions}
    assert by_type["armed_assault"]["wounded"] == 2
    assert by_type["shelling"]["field_spans"] == [
        {"field": "event_type", "start": 0, "end": 7, "text": "Rockets"},
        {"field": "location", "start": 12, "end": 24, "text": "Ain al-Asad "},
    ]
    evidence = store.rows(select(ev.mention_id, ev.start, ev.end, ev.sentence).order_by(ev.id))
    assert evidence == [
        {"mention_id": by_type["shelling"]["mention_id"], "start": 0, "end": 39, "sentence": TEXT[:39]},
        {"mention_id": by_type["shelling"]["mention_id"], "start": 41, "end": 57, "sentence": TEXT[41:57]},
    ]
    claims = {row["quantity"]: row for row in store.rows(select(t.claims).order_by(c.claim_id))}
    assert claims["attacks"]["value"] == 5 and claims["attacks"]["evidence"] is None
    assert (claims["killed"]["low"], claims["killed"]["high"], claims["killed"]["evidence_end"]) == (3, 4, 7)


def test_store_row_ids_depend_only_on_content(store: Store, tmp_path):
    other = Store(str(tmp_path / "other.sqlite"))
    try:
        store.write(_doc(), _rich_extraction())
        other.write(_doc(), _rich_extraction())
        ids = [sorted(r["mention_id"] for r in s.rows(select(t.mentions.c.mention_id))) +
               sorted(r["claim_id"] for r in s.rows(select(t.claims.c.claim_id))) for s in (store, other)]
        assert ids[0] == ids[1] and len(set(ids[0])) == 4
    finally:
        other.close()


def test_store_source_row_is_shared_by_documents_of_one_source(store: Store):
    store.write(_doc(), Extraction())
    store.write(_doc(TEXT + " Later update."), Extraction())
    assert store.rows(select(t.sources.c.name)) == [{"name": "example.org"}]
    source_ids = {r["source_id"] for r in store.rows(select(t.documents.c.source_id))}
    assert len(source_ids) == 1 and None not in source_ids


def test_store_sqlite_uses_wal(store: Store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_store_database_url_forms(tmp_path):
    assert database_url(str(tmp_path / "x.sqlite")).startswith("sqlite:///")
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_store_unopenable_path_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Exception, match="file"):
        Store(str(blocker / "sub" / "db.sqlite"))


@pytest.mark.postgres
def test_store_postgres_round_trip(pg_url: str):
    store = Store(pg_url)
    try:
        with store.engine.begin() as conn:
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(table.delete())
        assert store.write(_doc(), _rich_extraction()).status == "stored"
        assert store.write(_doc(), _rich_extraction()).status == "duplicate"
        assert store.write(_doc(TEXT + " Update."), Extraction()).version == 2
        counts = store.counts()
        assert counts["documents"] == 2 and counts["mentions"] == 2 and counts["claims"] == 2
        assert counts["evidence"] == 2 and counts["sources"] == 1
    finally:
        store.close()
