"""indexes for the dashboard: the events table's default order, and claim checks (one perpetrator, a period)

Revision ID: 0005_page_indexes
Revises: 0004_trend_filters
"""

from alembic import op

revision = '0005_page_indexes'
down_revision = '0004_trend_filters'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_date_id', 'events', ['date_start', 'event_id'])
    op.create_index('ix_events_actor_date', 'events', ['perpetrator', 'date_start', 'date_precision'])


def downgrade() -> None:
    op.drop_index('ix_events_actor_date', table_name='events')
    op.drop_index('ix_events_date_id', table_name='events')
