"""trend indexes: one covering index per grouping field of `conflictlens trends`

Revision ID: 0002
Revises: 0001

Each index starts with the grouping field(s), then week, month and date_start, and holds the
columns a trend query reads (date_precision, killed, country), so that a GROUP BY over
1,000,000 events streams through one index in key order without a temporary B-tree or a
table lookup (see store/aggregate.py and benchmarks/trend_query_benchmark.py).
"""

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_TAIL = ['week', 'month', 'date_start', 'date_precision', 'killed', 'country']
TREND_INDEXES = {
    'ix_events_trend_all': [],
    'ix_events_trend_country': ['country'],
    'ix_events_trend_admin1': ['admin1_code', 'admin1'],
    'ix_events_trend_admin2': ['admin2'],
    'ix_events_trend_actor': ['perpetrator'],
    'ix_events_trend_target_type': ['target_type'],
    'ix_events_trend_event_type': ['event_type'],
}


def upgrade() -> None:
    for name, head in TREND_INDEXES.items():
        op.create_index(name, 'events', head + [c for c in _TAIL if c not in head], unique=False)


def downgrade() -> None:
    for name in TREND_INDEXES:
        op.drop_index(name, table_name='events')
