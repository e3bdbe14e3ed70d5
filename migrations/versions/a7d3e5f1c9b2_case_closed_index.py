"""case closed index: the studio's replay reads the newest finished cases of a model

`domain/processes/replay.recorded_cases` orders a model's finished cases by `closed_at`
(then id), newest first, and takes N: without an index that sorts every finished case
(nearly all of a million). An index on (`closed_at`, `id`), the query's whole order, lets
PostgreSQL and SQLite walk it backwards and stop after N matching rows.

Revision ID: a7d3e5f1c9b2
Revises: f2c7a1d4e8b5
Create Date: 2026-12-08 02:10:00

"""
from alembic import op


revision = 'a7d3e5f1c9b2'
down_revision = 'f2c7a1d4e8b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_case_closed', 'case', ['closed_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_case_closed', table_name='case')
