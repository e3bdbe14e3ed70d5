"""case audit head; case_event append-only on PostgreSQL

Revision ID: a1d17c4e5b01
Revises: 5c1e7a9d2f40
Create Date: 2026-12-04 04:25:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1d17c4e5b01'
down_revision = '5c1e7a9d2f40'
branch_labels = None
depends_on = None

# PostgreSQL refuses any change to the audit tables: only INSERT is allowed. The table owner
# (the migration role) can still disable the trigger; the app must not run as that owner.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION aduan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def append_only(table):
    op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION aduan_append_only()")
    op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION aduan_append_only()")


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audit_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('audit_hash', sa.String(length=64), nullable=True))
    # Backfill each case's head from its chain's last event.
    op.execute(
        'UPDATE "case" SET audit_seq = (SELECT max(e.seq) FROM case_event e '
        'WHERE e.case_id = "case".id), '
        'audit_hash = (SELECT e.hash FROM case_event e WHERE e.case_id = "case".id '
        'ORDER BY e.seq DESC LIMIT 1)'
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(APPEND_ONLY)
        append_only('case_event')


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS case_event_append_only ON case_event')
        op.execute('DROP TRIGGER IF EXISTS case_event_no_truncate ON case_event')
        op.execute('DROP FUNCTION IF EXISTS aduan_append_only()')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('audit_hash')
        batch_op.drop_column('audit_seq')
