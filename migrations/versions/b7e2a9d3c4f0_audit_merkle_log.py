"""audit merkle log and signed checkpoints

Revision ID: b7e2a9d3c4f0
Revises: a1d17c4e5b01
Create Date: 2026-12-04 04:40:00

"""
from alembic import op
import sqlalchemy as sa

import domain.db


revision = 'b7e2a9d3c4f0'
down_revision = 'a1d17c4e5b01'
branch_labels = None
depends_on = None

TABLES = ('audit_leaf', 'audit_checkpoint')


def upgrade():
    op.create_table('audit_leaf',
        sa.Column('position', domain.db.BigId, autoincrement=False, nullable=False),
        sa.Column('event_id', domain.db.BigId, nullable=False),
        sa.Column('event_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['case_event.id'], name=op.f('fk_audit_leaf_event_id_case_event')),
        sa.PrimaryKeyConstraint('position', name=op.f('pk_audit_leaf')),
        sa.UniqueConstraint('event_id', name=op.f('uq_audit_leaf_event_id')),
    )
    op.create_table('audit_checkpoint',
        sa.Column('id', domain.db.BigId, nullable=False),
        sa.Column('tree_size', sa.BigInteger(), nullable=False),
        sa.Column('root_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', domain.db.UTCDateTime(), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('signature', sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint')),
    )
    if op.get_bind().dialect.name == 'postgresql':
        for table in TABLES:  # aduan_append_only() comes with a1d17c4e5b01
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION aduan_append_only()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION aduan_append_only()")


def downgrade():
    op.drop_table('audit_checkpoint')
    op.drop_table('audit_leaf')
