"""Open311 API keys and the requests they filed

Revision ID: c4f1e2a7b9d3
Revises: c3f8d2a6e911
Create Date: 2026-12-04 18:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import domain.db


# revision identifiers, used by Alembic.
revision = 'c4f1e2a7b9d3'
down_revision = 'c3f8d2a6e911'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('open311_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', domain.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('revoked_at', domain.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_open311_key_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_open311_key')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_open311_key_key_hash')),
    sa.UniqueConstraint('name', name=op.f('uq_open311_key_name'))
    )
    op.create_table('open311_request',
    sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('key_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_open311_request_case_id_case')),
    sa.ForeignKeyConstraint(['key_id'], ['open311_key.id'], name=op.f('fk_open311_request_key_id_open311_key')),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_open311_request'))
    )
    with op.batch_alter_table('open311_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_open311_request_key_id'), ['key_id'], unique=False)


def downgrade():
    with op.batch_alter_table('open311_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_open311_request_key_id'))
    op.drop_table('open311_request')
    op.drop_table('open311_key')
