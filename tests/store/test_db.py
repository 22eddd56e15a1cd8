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
        assert store.write(_doc(), _extraction()).status == "stored"
        assert store.write(_doc(), _extraction()).status == "duplicate"
        assert store.write(_doc(TEXT + " Update."), Extraction()).version == 2
        counts = store.counts()
        assert counts["documents"] == 2 and counts["mentions"] == 1 and counts["claims"] == 1
    finally:
        store.close()
