"""process scenarios: stored with each draft and each deployed version

Revision ID: c3f5a7e9b1d2
Revises: eef742307428
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'c3f5a7e9b1d2'
down_revision = 'eef742307428'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    for table in ('process_draft', 'process_version'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('scenarios', JSON, nullable=False,
                                          server_default=sa.text("'[]'")))


def downgrade():
    for table in ('process_version', 'process_draft'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('scenarios')
