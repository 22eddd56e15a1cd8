"""The event store: open SQLite or PostgreSQL, migrate, write a document and its extraction atomically, read."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, bindparam, create_engine, event, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..codebook import mention_fields
from ..errors import StoreError
from ..model import Claim, Document, Extraction, Mention
from . import schema as t

Rows = list[dict[str, Any]]


def database_url(db: str) -> str:
    """A SQLAlchemy URL for a path or URL: plain paths are SQLite files, postgresql:// uses psycopg 3."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    path = Path(db).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the dashboard read while an ingest writes; NORMAL keeps each commit durable against crashes
    # of the process (not of the OS), which is what a killed batch needs.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _row_id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:24]


# Statements built once and executed with parameters (a list of rows for executemany): building a Core
# expression per row, as `insert(table).values(...)` does, cost more than the database work itself.
_DOC_BY_HASH = select(t.documents.c.id).where(t.documents.c.content_hash == bindparam("content_hash"))
_LATEST_VERSION = select(func.max(t.documents.c.version)).where(t.documents.c.doc_id == bindparam("doc_id"))
_SOURCE_BY_NAME = select(t.sources.c.source_id).where(t.sources.c.name == bindparam("name"))
_INSERT_SOURCE = insert(t.sources)
_INSERT_DOCUMENT = insert(t.documents)
_INSERT_MENTIONS = insert(t.mentions)
_INSERT_EVIDENCE = insert(t.evidence)
_INSERT_CLAIMS = insert(t.claims)


def _source_id(conn: Connection, name: str | None) -> int | None:
    """The id of the named source, added to the sources table if new."""
    if not name:
        return None
    found = conn.execute(_SOURCE_BY_NAME, {"name": name}).scalar()
    if found is not None:
        return int(found)
    return int(conn.execute(_INSERT_SOURCE, {"name": name}).inserted_primary_key[0])


def _upgrade_sqlite(config: Config, connection: Connection) -> None:
    """Migrate a SQLite file in one BEGIN IMMEDIATE transaction: all of it or none, one migrator at a time.

    pysqlite commits before each CREATE TABLE on its own, so an ingest killed mid-migration left tables
    without their alembic_version row ("table events already exists" on the next run), and two ingests
    starting on a fresh file both created the tables. BEGIN IMMEDIATE takes the write lock first (the
    other waits out busy_timeout), and with the driver's own transaction handling off, DDL stays inside it.
    """
    raw = connection.connection.driver_connection
    level = raw.isolation_level  # type: ignore[union-attr]
    raw.isolation_level = None  # type: ignore[union-attr]
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        command.upgrade(config, "head")
        connection.commit()
    finally:
        raw.isolation_level = level  # type: ignore[union-attr]


@dataclass(frozen=True)
class WriteResult:
    """What writing one document did: stored (with its version) or skipped as a duplicate."""

    status: str
    doc_id: str
    version: int
    mentions: int = 0
    claims: int = 0


class Store:
    """One event store, embedded SQLite or a PostgreSQL server."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        self.is_sqlite = self.url.startswith("sqlite")
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"{db}: cannot open store ({exc})") from exc
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    def migrate(self) -> None:
        """Bring the schema up to the newest Alembic revision."""
        config = Config()
        config.set_main_option("script_location", str(resources.files(__package__).joinpath("migrations")))
        try:
            with self.engine.connect() as connection:
                config.attributes["connection"] = connection
                if self.is_sqlite:
                    _upgrade_sqlite(config, connection)
                else:
                    with connection.begin():
                        command.upgrade(config, "head")
        except (OperationalError, SQLAlchemyError) as exc:
            raise StoreError(f"{self.url}: cannot migrate store ({exc.__class__.__name__}: {exc})") from exc

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are already stored."""
        wanted = list(set(hashes))
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.documents.c.content_hash).where(t.documents.c.content_hash.in_(wanted)))
            return {row[0] for row in rows}

    def write(self, doc: Document, extraction: Extraction) -> WriteResult:
        """Store one document with everything extracted from it in one transaction; skip known content."""
        try:
            with self.engine.begin() as conn:
                return self._write(conn, doc, extraction)
        except IntegrityError as exc:
            if self.known_hashes([doc.content_hash]):
                # another process stored the same content between our check and our insert
                return WriteResult("duplicate", doc.doc_id, 0)
            raise StoreError(f"{doc.input_name}: cannot store document ({exc.orig})") from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"{doc.input_name}: cannot store document ({exc.__class__.__name__})") from exc

    def _write(self, conn: Connection, doc: Document, extraction: Extraction) -> WriteResult:
        if conn.execute(_DOC_BY_HASH, {"content_hash": doc.content_hash}).first():
            return WriteResult("duplicate", doc.doc_id, 0)
        version = (conn.execute(_LATEST_VERSION, {"doc_id": doc.doc_id}).scalar() or 0) + 1
        source_id = _source_id(conn, doc.source)
        row = document_row(doc, extraction, version, source_id)
        document_id = conn.execute(_INSERT_DOCUMENT, row).inserted_primary_key[0]
        mentions, evidence, claims = extraction_rows(doc.content_hash, document_id, extraction)
        # one executemany per table; mentions go first, as the evidence rows refer to them
        for statement, rows in ((_INSERT_MENTIONS, mentions), (_INSERT_EVIDENCE, evidence), (_INSERT_CLAIMS, claims)):
            if rows:
                conn.execute(statement, rows)
        return WriteResult("stored", doc.doc_id, version, len(mentions), len(claims))

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        tables = {"documents": t.documents, "mentions": t.mentions, "claims": t.claims,
                  "events": t.events, "evidence": t.evidence, "sources": t.sources}
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar() or 0
                    for name, table in tables.items()}

    def rows(self, query: Any) -> list[dict[str, Any]]:
        """Run a select and return its rows as dicts."""
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def stream(self, query: Any, batch: int = 5000) -> Iterator[dict[str, Any]]:
        """Run a select and yield its rows as dicts without holding them all."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
            for row in result:
                yield dict(row._mapping)


def document_row(doc: Document, extraction: Extraction, version: int, source_id: int | None) -> dict[str, Any]:
    """The documents-table columns of one document version."""
    return {
        "doc_id": doc.doc_id, "version": version, "content_hash": doc.content_hash, "url": doc.url,
        "source_id": source_id, "published": doc.published, "title": doc.title, "author": doc.author,
        "section": doc.section, "language": doc.language, "input_name": doc.input_name,
        "notes": list(doc.notes + extraction.notes), "text": doc.text, "ingested_at": dt.datetime.now(dt.UTC),
    }


def extraction_rows(content_hash: str, document_id: int, extraction: Extraction) -> tuple[Rows, Rows, Rows]:
    """The mentions, evidence and claims rows of one document's extraction, ids derived from its content."""
    mentions: Rows = []
    evidence: Rows = []
    for index, mention in enumerate(extraction.mentions):
        mention_id = _row_id(content_hash, "m", index)
        mentions.append({"mention_id": mention_id, "document_id": document_id, **mention_row(mention)})
        evidence.extend({"mention_id": mention_id, "start": s.start, "end": s.end, "sentence": s.text}
                        for s in mention.evidence)
    claims = [{"claim_id": _row_id(content_hash, "c", index), "document_id": document_id, **claim_row(claim)}
              for index, claim in enumerate(extraction.claims)]
    return mentions, evidence, claims


def mention_row(mention: Mention) -> dict[str, Any]:
    """The mentions-table columns of one mention: the codebook's fields, the geocoder's trace, the field spans."""
    return {
        **mention_fields(mention),
        "geo_trace": mention.place.trace if mention.place else None,
        "field_spans": [{"field": name, "start": span.start, "end": span.end, "text": span.text}
                        for name, span in mention.field_spans],
    }


def claim_row(claim: Claim) -> dict[str, Any]:
    """The claims-table columns of one claim."""
    row = {k: v for k, v in asdict(claim).items() if k != "evidence"}
    span = claim.evidence
    row.update(
        evidence_start=span.start if span else None,
        evidence_end=span.end if span else None,
        evidence=span.text if span else None,
    )
    return row
