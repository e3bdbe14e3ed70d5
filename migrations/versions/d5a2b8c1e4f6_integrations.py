"""Integrations: idempotent API requests and agency webhooks

Revision ID: d5a2b8c1e4f6
Revises: c4f1e2a7b9d3
Create Date: 2026-12-04 18:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import domain.db


# revision identifiers, used by Alembic.
revision = 'd5a2b8c1e4f6'
down_revision = 'c4f1e2a7b9d3'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table('idempotent_request',
    sa.Column('id', BIG_ID, nullable=False),
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('case_id', BIG_ID, nullable=True),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_at', domain.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_idempotent_request_case_id_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotent_request')),
    sa.UniqueConstraint('scope', 'key', name='uq_idempotent_request_key')
    )
    op.create_table('webhook',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', BIG_ID, nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('salt', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', domain.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', BIG_ID, nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_webhook_agency_id_agency')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_webhook_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook'))
    )
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_agency_id'), ['agency_id'], unique=False)


def downgrade():
    with op.batch_alter_table('webhook', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_agency_id'))
    op.drop_table('webhook')
    op.drop_table('idempotent_request')
