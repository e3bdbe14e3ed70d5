"""notices: an officer's choice of immediate mails or a daily digest, and the digest entries

Revision ID: f3c8a1d5b7e2
Revises: f2b7c4e9a1d3
Create Date: 2026-12-08 00:40:00

Outbox rows written before this revision carry no `facts`: they still render, from the
case's state when sent (jobs/messages.py); no data migration, as the old facts are lost.
"""
from alembic import op
import sqlalchemy as sa

import domain.db


revision = 'f3c8a1d5b7e2'
down_revision = 'f2b7c4e9a1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('user_account', sa.Column('notice_mode', sa.String(length=16), nullable=True))
    op.create_table('digest_entry',
        sa.Column('id', domain.db.BigId, nullable=False),
        sa.Column('user_id', domain.db.BigId, nullable=False),
        sa.Column('event_id', domain.db.BigId, nullable=False),
        sa.Column('case_id', domain.db.BigId, nullable=True),
        sa.Column('template', sa.String(length=32), nullable=False),
        sa.Column('facts', domain.db.Json, nullable=False),
        sa.Column('created_at', domain.db.UTCDateTime, nullable=False),
        sa.Column('digest_day', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_digest_entry_user_id_user_account')),
        sa.ForeignKeyConstraint(['event_id'], ['outbox.id'], name=op.f('fk_digest_entry_event_id_outbox')),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_digest_entry_case_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_entry')),
        sa.UniqueConstraint('user_id', 'event_id', name='uq_digest_entry_user_event'),
    )
    op.create_index('ix_digest_entry_waiting', 'digest_entry', ['digest_day', 'user_id'], unique=False)
    op.create_index(op.f('ix_digest_entry_case_id'), 'digest_entry', ['case_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_digest_entry_case_id'), table_name='digest_entry')
    op.drop_index('ix_digest_entry_waiting', table_name='digest_entry')
    op.drop_table('digest_entry')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('notice_mode')
