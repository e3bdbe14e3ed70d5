"""agencies and units can be deactivated

Revision ID: c3f1a8e2d7b9
Revises: c3a8f1e2d9b6
Create Date: 2026-12-04 18:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3f1a8e2d7b9'
down_revision = 'c3a8f1e2d9b6'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('agency', 'unit'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                          nullable=False))


def downgrade():
    for table in ('unit', 'agency'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('active')
