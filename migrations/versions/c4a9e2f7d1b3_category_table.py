"""category table: case categories as data, seeded with the categories the code used to fix

Revision ID: c4a9e2f7d1b3
Revises: e6b3c9d2f5a7
Create Date: 2026-12-04 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4a9e2f7d1b3'
down_revision = 'e6b3c9d2f5a7'
branch_labels = None
depends_on = None

# The list as it stood in domain/cases/schemas.py and wording/labels.py (frozen here: a
# migration is history and must not change when the code's defaults do).
SEED = [
    ("health", "Kesehatan", "Health", False, 10),
    ("roads", "Jalan dan pekerjaan umum", "Roads and public works", False, 20),
    ("education", "Pendidikan", "Education", False, 30),
    ("civil_registration", "Kependudukan dan catatan sipil", "Civil registration", False, 40),
    ("environment", "Lingkungan hidup", "Environment", False, 50),
    ("whistleblowing", "Pelaporan pelanggaran (whistleblowing)", "Whistleblowing", True, 60),
    ("other", "Lainnya", "Other", False, 1000),
]


def upgrade():
    table = op.create_table(
        'category',
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('name_id', sa.String(length=200), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('sensitive', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('position', sa.SmallInteger(), server_default='100', nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_category')),
    )
    op.bulk_insert(table, [
        {"code": code, "name_id": name_id, "name_en": name_en, "active": True,
         "sensitive": sensitive, "position": position}
        for code, name_id, name_en, sensitive, position in SEED
    ])


def downgrade():
    op.drop_table('category')
