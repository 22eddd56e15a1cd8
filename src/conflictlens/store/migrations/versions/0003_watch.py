"""watch tables: each followed source's fetch state, the feed entries seen, and the alerts raised once

Revision ID: 0003_watch
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_watch'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('watch_sources',
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('last_fetch', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_result', sa.Text(), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_due', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('url')
    )
    op.create_table('watch_seen',
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('entry_key', sa.String(length=64), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('url', 'entry_key')
    )
    op.create_table('watch_alerts',
    sa.Column('alert_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('alert_id')
    )


def downgrade() -> None:
    op.drop_table('watch_alerts')
    op.drop_table('watch_seen')
    op.drop_table('watch_sources')
