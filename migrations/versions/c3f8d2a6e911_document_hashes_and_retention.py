"""signed documents and retention: letters found by hash or printed head; pseudonymised reporters

Revision ID: c3f8d2a6e911
Revises: b7e2a9d3c4f0
Create Date: 2026-12-04 18:50:00

"""
from alembic import op
import sqlalchemy as sa

import domain.db

# revision identifiers, used by Alembic.
revision = 'c3f8d2a6e911'
down_revision = 'b7e2a9d3c4f0'
branch_labels = None
depends_on = None


def upgrade():
    # /verify and `audit verify-casefile` look a document up by its SHA-256 or printed head.
    op.create_index('ix_letter_sha256', 'letter', ['sha256'])
    op.create_index('ix_letter_chain_head', 'letter', ['chain_head'])
    # When the retention job replaced the reporter's identity with a pseudonym (UU PDP).
    with op.batch_alter_table('reporter') as batch:
        batch.add_column(sa.Column('pseudonymised_at', domain.db.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('reporter') as batch:
        batch.drop_column('pseudonymised_at')
    op.drop_index('ix_letter_chain_head', table_name='letter')
    op.drop_index('ix_letter_sha256', table_name='letter')
