"""Duplicates at filing, merge undo, exact repeats: duplicate_candidate, case_merge,
intake_fingerprint; idempotent requests indexed by age (their expiry sweep)

Revision ID: f2c7a1d4e8b5
Revises: f3c8a1d5b7e2
Create Date: 2026-12-08 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'f2c7a1d4e8b5'
down_revision = 'f3c8a1d5b7e2'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table(
        'duplicate_candidate',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('case_id', BIG_ID, nullable=False),
        sa.Column('candidate_id', BIG_ID, nullable=False),
        sa.Column('score', sa.Float(), nullable=False),
        sa.Column('distance_m', sa.Float(), nullable=True),
        sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_duplicate_candidate_case_id_case')),
        sa.ForeignKeyConstraint(['candidate_id'], ['case.id'], name=op.f('fk_duplicate_candidate_candidate_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_candidate')),
        sa.UniqueConstraint('case_id', 'candidate_id', name='uq_duplicate_candidate_pair'),
    )
    op.create_index(op.f('ix_duplicate_candidate_case_id'), 'duplicate_candidate', ['case_id'])
    op.create_index(op.f('ix_duplicate_candidate_candidate_id'), 'duplicate_candidate', ['candidate_id'])
    op.create_table(
        'case_merge',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('duplicate_id', BIG_ID, nullable=False),
        sa.Column('primary_id', BIG_ID, nullable=False),
        sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('merged_by_id', sa.Integer(), nullable=True),
        sa.Column('snapshot', JSON, nullable=False),
        sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('undone_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['duplicate_id'], ['case.id'], name=op.f('fk_case_merge_duplicate_id_case')),
        sa.ForeignKeyConstraint(['primary_id'], ['case.id'], name=op.f('fk_case_merge_primary_id_case')),
        sa.ForeignKeyConstraint(['merged_by_id'], ['user_account.id'], name=op.f('fk_case_merge_merged_by_id_user_account')),
        sa.ForeignKeyConstraint(['undone_by_id'], ['user_account.id'], name=op.f('fk_case_merge_undone_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_merge')),
    )
    op.create_index(op.f('ix_case_merge_duplicate_id'), 'case_merge', ['duplicate_id'])
    op.create_index(op.f('ix_case_merge_primary_id'), 'case_merge', ['primary_id'])
    op.create_table(
        'intake_fingerprint',
        sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
        sa.Column('case_id', BIG_ID, nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_intake_fingerprint_case_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_fingerprint')),
    )
    op.create_index(op.f('ix_intake_fingerprint_case_id'), 'intake_fingerprint', ['case_id'])
    op.create_index('ix_intake_fingerprint_lookup', 'intake_fingerprint', ['fingerprint', 'created_at'])
    op.create_index(op.f('ix_idempotent_request_created_at'), 'idempotent_request', ['created_at'])


def downgrade():
    op.drop_index(op.f('ix_idempotent_request_created_at'), table_name='idempotent_request')
    op.drop_index('ix_intake_fingerprint_lookup', table_name='intake_fingerprint')
    op.drop_index(op.f('ix_intake_fingerprint_case_id'), table_name='intake_fingerprint')
    op.drop_table('intake_fingerprint')
    op.drop_index(op.f('ix_case_merge_primary_id'), table_name='case_merge')
    op.drop_index(op.f('ix_case_merge_duplicate_id'), table_name='case_merge')
    op.drop_table('case_merge')
    op.drop_index(op.f('ix_duplicate_candidate_candidate_id'), table_name='duplicate_candidate')
    op.drop_index(op.f('ix_duplicate_candidate_case_id'), table_name='duplicate_candidate')
    op.drop_table('duplicate_candidate')
