"""statistics rollup: case_rollup, each case's mark in it, and its first follow-up

The statistics pages read `case_rollup` (one row per day x agency x unit x category x
region x kind x channel x confidential x status x closed day x working days to the first
follow-up) instead of grouping the case table per request. The rows are kept by the flush
listener in `domain/stats/rollup.py`; existing cases are counted by `flask stats rebuild`
(the first follow-up of cases answered before this revision stays unknown).

Revision ID: c4f1d2e3a5b6
Revises: b7e2a9d3c4f0
Create Date: 2026-12-04 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4f1d2e3a5b6'
down_revision = 'b7e2a9d3c4f0'
branch_labels = None
depends_on = None

COUNTERS = ('n', 'late', 'escalated', 'reopened', 'rating_n', 'rating_sum', 'ff_on_time')


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_follow_up_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('first_follow_up_days', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('first_follow_up_late', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('rollup', sa.String(length=255), nullable=True))
    op.create_table(
        'case_rollup',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=64), nullable=False),
        sa.Column('region_code', sa.String(length=16), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('confidential', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('closed_day', sa.Date(), nullable=True),
        sa.Column('ff_days', sa.SmallInteger(), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS],
        sa.PrimaryKeyConstraint('key', name=op.f('pk_case_rollup')),
    )
    op.create_index('ix_case_rollup_day', 'case_rollup', ['day'])
    op.create_index('ix_case_rollup_agency_day', 'case_rollup', ['agency_id', 'day'])
    op.create_index('ix_case_rollup_unit_day', 'case_rollup', ['unit_id', 'day'])
    op.create_index('ix_case_rollup_closed_day', 'case_rollup', ['closed_day'])


def downgrade():
    op.drop_table('case_rollup')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('rollup')
        batch_op.drop_column('first_follow_up_late')
        batch_op.drop_column('first_follow_up_days')
        batch_op.drop_column('first_follow_up_at')
