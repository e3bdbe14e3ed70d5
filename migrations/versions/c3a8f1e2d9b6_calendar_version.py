"""calendar version: a token each declared-day change replaces, so processes cache the calendar

Revision ID: c3a8f1e2d9b6
Revises: b7e2a9d3c4f0
Create Date: 2026-12-04 18:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a8f1e2d9b6'
down_revision = 'b7e2a9d3c4f0'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('calendar_version',
        sa.Column('id', sa.SmallInteger(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_version')),
    )
    op.bulk_insert(table, [{'id': 1, 'token': 'initial'}])


def downgrade():
    op.drop_table('calendar_version')
