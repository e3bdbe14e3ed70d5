"""password reset links: one-time, expiring, only the token's hash kept

Revision ID: d8b3f5a1c2e6
Revises: c4a9e2f7d1b3
Create Date: 2026-12-04 19:00:00
"""
from alembic import op
import sqlalchemy as sa

import domain.db


revision = 'd8b3f5a1c2e6'
down_revision = 'c4a9e2f7d1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'password_reset',
        sa.Column('id', domain.db.BigId, autoincrement=True, nullable=False),
        sa.Column('user_id', domain.db.BigId, nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', domain.db.UTCDateTime(), nullable=False),
        sa.Column('expires_at', domain.db.UTCDateTime(), nullable=False),
        sa.Column('used_at', domain.db.UTCDateTime(), nullable=True),
        sa.Column('issued_by', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_password_reset_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash')),
    )
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_user_id'))
    op.drop_table('password_reset')
