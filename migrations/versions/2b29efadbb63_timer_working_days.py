"""timer working days: each deadline keeps its own length, not only its rule's maximum

A rule's working days are the legal ceiling; a timer's `working_days(n)` may be shorter.
`timer.working_days` (with `created_at`) lets a declared or withdrawn cuti bersama recompute
a running deadline; `human_task.due_working_days` and `case.due_working_days` let every page
say the actual number of days. Nullable: rows written before this revision leave them NULL
(pages then name the rule's maximum, and a recomputation counts the old window's days).

Revision ID: 2b29efadbb63
Revises: 2ee66c65d4c7
Create Date: 2026-11-23 09:14:14.913450

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '2b29efadbb63'
down_revision = '2ee66c65d4c7'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('timer', sa.Column('working_days', sa.SmallInteger(), nullable=True))
    op.add_column('human_task', sa.Column('due_working_days', sa.SmallInteger(), nullable=True))
    op.add_column('case', sa.Column('due_working_days', sa.SmallInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('case') as batch_op:
        batch_op.drop_column('due_working_days')
    with op.batch_alter_table('human_task') as batch_op:
        batch_op.drop_column('due_working_days')
    with op.batch_alter_table('timer') as batch_op:
        batch_op.drop_column('working_days')
