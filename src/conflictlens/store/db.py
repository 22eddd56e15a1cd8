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
from sqlalchemy import Engine, create_engine, event, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from ..codebook import place_fields
from ..errors import StoreError
from ..model import Claim, Document, Extraction, Mention
from . import schema as t


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
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
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
        docs = t.documents.c
        if conn.execute(select(docs.id).where(docs.content_hash == doc.content_hash)).first():
            return WriteResult("duplicate", doc.doc_id, 0)
        version = conn.execute(select(func.max(docs.version)).where(docs.doc_id == doc.doc_id)).scalar() or 0
        document_id = conn.execute(
            insert(t.documents).values(
                doc_id=doc.doc_id,
                version=version + 1,
                content_hash=doc.content_hash,
                url=doc.url,
                source_id=self._source_id(conn, doc.source),
                published=doc.published,
                title=doc.title,
                author=doc.author,
                section=doc.section,
                language=doc.language,
                input_name=doc.input_name,
                notes=list(doc.notes + extraction.notes),
                text=doc.text,
                ingested_at=dt.datetime.now(dt.UTC),
            )
        ).inserted_primary_key[0]
        for index, mention in enumerate(extraction.mentions):
            mention_id = _row_id(doc.content_hash, "m", index)
            conn.execute(insert(t.mentions).values(mention_id=mention_id, document_id=document_id,
                                                   **mention_row(mention)))
            if mention.evidence:
                conn.execute(
                    insert(t.evidence),
                    [{"mention_id": mention_id, "start": s.start, "end": s.end, "sentence": s.text}
                     for s in mention.evidence],
                )
        for index, claim in enumerate(extraction.claims):
            conn.execute(
                insert(t.claims).values(
                    claim_id=_row_id(doc.content_hash, "c", index), document_id=document_id, **claim_row(claim)
                )
            )
        return WriteResult("stored", doc.doc_id, version + 1, len(extraction.mentions), len(extraction.claims))

    def _source_id(self, conn: Connection, name: str | None) -> int | None:
        if not name:
            return None
        found = conn.execute(select(t.sources.c.source_id).where(t.sources.c.name == name)).scalar()
        if found is not None:
            return int(found)
        return int(conn.execute(insert(t.sources).values(name=name)).inserted_primary_key[0])

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


def mention_row(mention: Mention) -> dict[str, Any]:
    """The mentions-table columns of one mention."""
    place = mention.place
    return {
        "event_type": mention.event_type,
        "date_start": mention.date_start,
        "date_end": mention.date_end,
        "date_precision": mention.date_precision,
        "perpetrator": mention.perpetrator,
        "perpetrator_attribution": mention.perpetrator_attribution,
        "target": mention.target,
        "target_type": mention.target_type,
        "location": mention.location,
        **place_fields(place),
        "geo_trace": place.trace if place else None,
        "killed": mention.killed,
        "killed_low": mention.killed_low,
        "killed_high": mention.killed_high,
        "wounded": mention.wounded,
        "kidnapped": mention.kidnapped,
        "field_spans": [{"field": name, **asdict(span)} for name, span in mention.field_spans],
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
