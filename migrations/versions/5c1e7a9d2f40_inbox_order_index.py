"""inbox order index: ready tasks in the inbox's own order

An inbox page is the first few ready tasks in (no deadline last, due_at, id) order. With only
(state, lane, unit_id, due_at) PostgreSQL sorted every ready task for each page: 44 ms for
`inbox(limit=1)` at 10,000 open tasks, 6.6 ms with this index, which it scans in order and
stops after the page (measured in docs/performance.md).

Revision ID: 5c1e7a9d2f40
Revises: 8408c9838b79
Create Date: 2026-12-04 04:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '5c1e7a9d2f40'
down_revision = '8408c9838b79'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_human_task_ready_order', 'human_task',
                    ['state', sa.text('(due_at IS NULL)'), 'due_at', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_human_task_ready_order', table_name='human_task')
