"""signed documents, retention, shield overrides: letters found by hash or printed head;
pseudonymised reporters; the verifier's corrections of the identity shield

Revision ID: c3f8d2a6e911
Revises: c3f5a7e9b1d2
Create Date: 2026-12-04 18:50:00

"""
from alembic import op
import sqlalchemy as sa

import domain.db

# revision identifiers, used by Alembic.
revision = 'c3f8d2a6e911'
down_revision = 'c3f5a7e9b1d2'
branch_labels = None
depends_on = None


def upgrade():
    # /verify and `audit verify-casefile` look a document up by its SHA-256 or printed head.
    op.create_index('ix_letter_sha256', 'letter', ['sha256'])
    op.create_index('ix_letter_chain_head', 'letter', ['chain_head'])
    # When the retention job replaced the reporter's identity with a pseudonym (UU PDP).
    with op.batch_alter_table('reporter') as batch:
        batch.add_column(sa.Column('pseudonymised_at', domain.db.UTCDateTime(), nullable=True))
    # The verifying officer's corrections of the shield: offsets, never the value.
    op.create_table(
        'shield_override',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('field', sa.String(length=32), nullable=False),
        sa.Column('start', sa.Integer(), nullable=False),
        sa.Column('end', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=8), nullable=False),
        sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('created_at', domain.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("action IN ('mask', 'release')", name='shield_override_action'),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name='shield_override_range'),
        sa.ForeignKeyConstraint(['case_id'], ['case.id']),
        sa.ForeignKeyConstraint(['created_by'], ['user_account.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'field', 'start', 'end', 'action', name='uq_shield_override'),
    )
    op.create_index('ix_shield_override_case_id', 'shield_override', ['case_id'])


def downgrade():
    op.drop_index('ix_shield_override_case_id', table_name='shield_override')
    op.drop_table('shield_override')
    with op.batch_alter_table('reporter') as batch:
        batch.drop_column('pseudonymised_at')
    op.drop_index('ix_letter_chain_head', table_name='letter')
    op.drop_index('ix_letter_sha256', table_name='letter')
