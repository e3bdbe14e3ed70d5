"""statistics rollup and officer search: case_rollup, each case's mark in it, its first
follow-up; full-text indexes (PostgreSQL `simple` + pg_trgm, SQLite FTS5)

The statistics pages read `case_rollup` (one row per day x agency x unit x category x
region x kind x channel x confidential x status x closed day x working days to the first
follow-up) instead of grouping the case table per request. The rows are kept by the flush
listener in `domain/stats/rollup.py`; existing cases are counted by `flask stats rebuild`
(the first follow-up of cases answered before this revision stays unknown).

Search (`domain/cases/search.py`) reads the title and description, notes and the units'
answers (task_completed events). PostgreSQL: GIN indexes on the `simple` tsvector of each
(the query repeats the indexed expressions exactly) and trigram indexes on the title and
tracking id for partial words. SQLite: three FTS5 tables kept by triggers (no statement
of the app's own: intake and steps cost what they did), rowid = the source row's id.

Revision ID: c4f1d2e3a5b6
Revises: d8b3f5a1c2e6
Create Date: 2026-12-04 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4f1d2e3a5b6'
down_revision = 'd8b3f5a1c2e6'
branch_labels = None
depends_on = None

COUNTERS = ('n', 'late', 'escalated', 'reopened', 'rating_n', 'rating_sum', 'ff_on_time')


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_follow_up_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('first_follow_up_days', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('first_follow_up_late', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('rollup', sa.String(length=255), nullable=True))
    op.create_table(
        'case_rollup',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=64), nullable=False),
        sa.Column('region_code', sa.String(length=16), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('channel', sa.String(length=32), nullable=False),
        sa.Column('confidential', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('closed_day', sa.Date(), nullable=True),
        sa.Column('ff_days', sa.SmallInteger(), nullable=True),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in COUNTERS],
        sa.PrimaryKeyConstraint('key', name=op.f('pk_case_rollup')),
    )
    op.create_index('ix_case_rollup_day', 'case_rollup', ['day'])
    op.create_index('ix_case_rollup_agency_day', 'case_rollup', ['agency_id', 'day'])
    op.create_index('ix_case_rollup_unit_day', 'case_rollup', ['unit_id', 'day'])
    op.create_index('ix_case_rollup_closed_day', 'case_rollup', ['closed_day'])
    _search_upgrade()
    op.create_table(
        'monthly_recap',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
                  nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('storage_key', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agency.id'],
                                name=op.f('fk_monthly_recap_agency_id_agency')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monthly_recap')),
        sa.UniqueConstraint('agency_id', 'month', name='uq_monthly_recap_month'),
        sa.UniqueConstraint('storage_key', name=op.f('uq_monthly_recap_storage_key')),
    )


PG_INDEXES = (
    ('ix_case_fulltext', '"case" USING gin ' + "(to_tsvector('simple'::regconfig, "
     "(title || ' ') || description))"),
    ('ix_case_title_trgm', '"case" USING gin (title gin_trgm_ops)'),
    ('ix_case_tracking_trgm', '"case" USING gin (tracking_id gin_trgm_ops)'),
    ('ix_case_note_fulltext', "case_note USING gin (to_tsvector('simple'::regconfig, body))"),
    ('ix_case_event_answer_fulltext', "case_event USING gin (to_tsvector('simple'::regconfig, "
     "coalesce((payload -> 'data') ->> 'answer', ''))) WHERE kind = 'task_completed'"),
)
ANSWER = "json_extract(new.payload, '$.data.answer')"
SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE case_fts USING fts5(title, description, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE note_fts USING fts5(case_id UNINDEXED, body, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE answer_fts USING fts5(case_id UNINDEXED, body, tokenize='unicode61')",
    'CREATE TRIGGER case_fts_insert AFTER INSERT ON "case" BEGIN INSERT INTO case_fts'
    '(rowid, title, description) VALUES (new.id, new.title, new.description); END',
    'CREATE TRIGGER case_fts_update AFTER UPDATE OF title, description ON "case" BEGIN '
    'UPDATE case_fts SET title = new.title, description = new.description '
    'WHERE rowid = new.id; END',
    'CREATE TRIGGER case_fts_delete AFTER DELETE ON "case" BEGIN '
    'DELETE FROM case_fts WHERE rowid = old.id; END',
    'CREATE TRIGGER note_fts_insert AFTER INSERT ON case_note BEGIN INSERT INTO note_fts'
    '(rowid, case_id, body) VALUES (new.id, new.case_id, new.body); END',
    'CREATE TRIGGER note_fts_delete AFTER DELETE ON case_note BEGIN '
    'DELETE FROM note_fts WHERE rowid = old.id; END',
    "CREATE TRIGGER answer_fts_insert AFTER INSERT ON case_event WHEN new.kind = "
    f"'task_completed' AND {ANSWER} IS NOT NULL BEGIN INSERT INTO answer_fts"
    f"(rowid, case_id, body) VALUES (new.id, new.case_id, {ANSWER}); END",
    'CREATE TRIGGER answer_fts_delete AFTER DELETE ON case_event BEGIN '
    'DELETE FROM answer_fts WHERE rowid = old.id; END',
    # Existing rows.
    'INSERT INTO case_fts (rowid, title, description) SELECT id, title, description FROM "case"',
    'INSERT INTO note_fts (rowid, case_id, body) SELECT id, case_id, body FROM case_note',
    "INSERT INTO answer_fts (rowid, case_id, body) SELECT id, case_id, "
    "json_extract(payload, '$.data.answer') FROM case_event WHERE kind = 'task_completed' "
    "AND json_extract(payload, '$.data.answer') IS NOT NULL",
)


def _search_upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        for name, target in PG_INDEXES:
            op.execute(f'CREATE INDEX {name} ON {target}')
    else:
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def _search_downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name, _ in PG_INDEXES:
            op.execute(f'DROP INDEX IF EXISTS {name}')
    else:
        for table in ('case', 'note', 'answer'):
            op.execute(f'DROP TABLE IF EXISTS {table}_fts')
        for trigger in ('case_fts_insert', 'case_fts_update', 'case_fts_delete',
                        'note_fts_insert', 'note_fts_delete', 'answer_fts_insert',
                        'answer_fts_delete'):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger}')


def downgrade():
    op.drop_table('monthly_recap')
    _search_downgrade()
    op.drop_table('case_rollup')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('rollup')
        batch_op.drop_column('first_follow_up_late')
        batch_op.drop_column('first_follow_up_days')
        batch_op.drop_column('first_follow_up_at')
