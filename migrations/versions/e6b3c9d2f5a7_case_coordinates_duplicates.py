"""Case coordinates and duplicates: latitude, longitude, duplicate_of_id

Revision ID: e6b3c9d2f5a7
Revises: d5a2b8c1e4f6
Create Date: 2026-12-04 19:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b3c9d2f5a7'
down_revision = 'd5a2b8c1e4f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('duplicate_of_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.create_index(batch_op.f('ix_case_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index('ix_case_duplicates', ['category', 'submitted_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_case_duplicate_of_id_case'), 'case', ['duplicate_of_id'], ['id'])


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_duplicate_of_id_case'), type_='foreignkey')
        batch_op.drop_index('ix_case_duplicates')
        batch_op.drop_index(batch_op.f('ix_case_duplicate_of_id'))
        batch_op.drop_column('duplicate_of_id')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
