"""agency areas: further regions an agency covers beside its seat region

Revision ID: e1a4c7b2d9f3
Revises: c4f1d2e3a5b6
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import domain.db


revision = 'e1a4c7b2d9f3'
down_revision = 'c4f1d2e3a5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency_area',
        sa.Column('agency_id', domain.db.BigId, nullable=False),
        sa.Column('region_code', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_agency_area_agency_id_agency')),
        sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_agency_area_region_code_region')),
        sa.PrimaryKeyConstraint('agency_id', 'region_code', name=op.f('pk_agency_area')),
    )
    op.create_index(op.f('ix_agency_area_region_code'), 'agency_area', ['region_code'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_agency_area_region_code'), table_name='agency_area')
    op.drop_table('agency_area')
