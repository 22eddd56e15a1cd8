"""trend filters: the trend indexes also hold the filter columns, so a filtered trend query reads no table rows

Revision ID: 0004_trend_filters
Revises: 0003_watch

Migration 0002 gave each grouping field of `conflictlens trends` a covering index (the field, then week,
month, date_start, date_precision, killed, country). A query with an actor, event type or admin1 filter
still read each event's table row to test the filter (5 s for month x admin2 with an actor filter at
1,000,000 events). Each index now also holds event_type, perpetrator, admin1_code and admin1, so every
query with one filter is a single scan of one index in group order (benchmarks/trend_query_benchmark.py).
"""

from alembic import op

revision = '0004_trend_filters'
down_revision = '0003_watch'
branch_labels = None
depends_on = None

_HEADS = {
    'ix_events_trend_all': [],
    'ix_events_trend_country': ['country'],
    'ix_events_trend_admin1': ['admin1_code', 'admin1'],
    'ix_events_trend_admin2': ['admin2'],
    'ix_events_trend_actor': ['perpetrator'],
    'ix_events_trend_target_type': ['target_type'],
    'ix_events_trend_event_type': ['event_type'],
}
_OLD_TAIL = ['week', 'month', 'date_start', 'date_precision', 'killed', 'country']
_NEW_TAIL = [*_OLD_TAIL, 'event_type', 'perpetrator', 'admin1_code', 'admin1']


def _rebuild(tail: list[str]) -> None:
    for name, head in _HEADS.items():
        op.drop_index(name, table_name='events')
        op.create_index(name, 'events', head + [c for c in tail if c not in head], unique=False)


def upgrade() -> None:
    _rebuild(_NEW_TAIL)


def downgrade() -> None:
    _rebuild(_OLD_TAIL)
