"""The store's tables, as SQLAlchemy Core metadata (the Alembic migrations create the same)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("source_id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("source_id", Integer, ForeignKey("sources.source_id")),
    Column("published", Date),
    Column("title", Text),
    Column("author", Text),
    Column("section", Text),
    Column("language", String(8), nullable=False),
    Column("input_name", Text, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("doc_id", "version", name="uq_documents_doc_version"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("mention_id", String(40), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", String(32), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("perpetrator", String(120), nullable=False),
    Column("perpetrator_attribution", String(12), nullable=False),
    Column("target", String(120)),
    Column("target_type", String(20), nullable=False),
    Column("location", Text),
    Column("country", String(2)),
    Column("admin1", String(80)),
    Column("admin1_code", String(8)),
    Column("admin2", String(80)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("geo_trace", Text),
    Column("killed", Integer),
    Column("killed_low", Integer),
    Column("killed_high", Integer),
    Column("wounded", Integer),
    Column("kidnapped", Integer),
    Column("field_spans", JSON, nullable=False),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_date", "date_start"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("mention_id", String(40), ForeignKey("mentions.mention_id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Index("ix_evidence_mention", "mention_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("claim_id", String(40), primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("quantity", String(16), nullable=False),
    Column("value", Integer),
    Column("low", Integer),
    Column("high", Integer),
    Column("subject", String(120)),
    Column("region", Text),
    Column("period", Text),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("attributed_to", String(200), nullable=False),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence", Text),
    Index("ix_claims_document", "document_id"),
)

events = Table(
    "events",
    metadata,
    Column("event_id", String(40), primary_key=True),
    Column("event_type", String(32), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("week", Date),
    Column("month", Date),
    Column("perpetrator", String(120), nullable=False),
    Column("perpetrator_attribution", String(12), nullable=False),
    Column("target", String(120)),
    Column("target_type", String(20), nullable=False),
    Column("location", Text),
    Column("country", String(2)),
    Column("admin1", String(80)),
    Column("admin1_code", String(8)),
    Column("admin2", String(80)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer),
    Column("killed", Integer),
    Column("killed_low", Integer),
    Column("killed_high", Integer),
    Column("wounded", Integer),
    Column("kidnapped", Integer),
    Column("n_mentions", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Index("ix_events_week", "week", "country", "admin1_code"),
    Index("ix_events_month", "month", "country", "admin1_code"),
    Index("ix_events_date", "date_start"),
    # migration 0005: the events table's default order, and claim checks (one perpetrator over a period)
    Index("ix_events_date_id", "date_start", "event_id"),
    Index("ix_events_actor_date", "perpetrator", "date_start", "date_precision"),
)

# Covering indexes for `conflictlens trends`, one per grouping field, holding the filter columns too
# (created by migration 0002, widened by 0004_trend_filters).
_TREND_TAIL = ["week", "month", "date_start", "date_precision", "killed", "country", "event_type", "perpetrator",
               "admin1_code", "admin1"]
for _name, _head in {
    "all": [], "country": ["country"], "admin1": ["admin1_code", "admin1"], "admin2": ["admin2"],
    "actor": ["perpetrator"], "target_type": ["target_type"], "event_type": ["event_type"],
}.items():
    Index(f"ix_events_trend_{_name}", *(_head + [c for c in _TREND_TAIL if c not in _head]))._set_parent(events)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("event_id", String(40), ForeignKey("events.event_id", ondelete="CASCADE"), nullable=False),
    Column("mention_id", String(40), ForeignKey("mentions.mention_id", ondelete="CASCADE"), primary_key=True),
    Index("ix_event_mentions_event", "event_id"),
)

incident_overrides = Table(
    "incident_overrides",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(8), nullable=False),
    Column("mention_ids", JSON, nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# watch mode (revision 0003_watch): each followed source's fetch state, the entries seen, the alerts raised
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("url", String(1000), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_fetch", DateTime(timezone=True)),
    Column("last_result", Text),
    Column("failures", Integer, nullable=False, default=0),
    Column("next_due", DateTime(timezone=True)),
)

watch_seen = Table(
    "watch_seen",
    metadata,
    Column("url", String(1000), primary_key=True),
    Column("entry_key", String(64), primary_key=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
)

watch_alerts = Table(
    "watch_alerts",
    metadata,
    Column("alert_id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
