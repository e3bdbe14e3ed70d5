"""The database role the app runs as on PostgreSQL: everything it needs, and no way to
change or remove what the audit log holds.

Migrations run as the tables' owner; the web app, workers and scheduler run as another role
(e.g. `aduan_app`). `grant_app_role` gives that role SELECT/INSERT/UPDATE/DELETE on every
table and USAGE on the sequences, then takes UPDATE, DELETE and TRUNCATE on the audit
tables back, and all writes on `alembic_version`. So for the app's role the log is
append-only twice over: no privilege to change it, and the triggers (which only an owner
can lift) refuse it anyway. Run after each `flask db upgrade` (new tables need grants).
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from domain.db import db

APPEND_ONLY = ("case_event", "audit_leaf", "audit_checkpoint")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_statements(role: str) -> list[str]:
    """The GRANT/REVOKE statements for `role` (a plain lower-case identifier)."""
    if not _ROLE.match(role):
        raise ValueError(f"not a plain role name: {role!r}")
    quoted = f'"{role}"'
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        *(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {quoted}" for table in APPEND_ONLY),
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {quoted}",
    ]


def grant_app_role(role: str) -> list[str]:
    """Apply `grant_statements` in the caller's transaction (PostgreSQL only)."""
    if db.session.get_bind().dialect.name != "postgresql":
        raise ValueError("database roles exist on PostgreSQL only")
    statements = grant_statements(role)
    for statement in statements:
        db.session.execute(sa.text(statement))
    return statements
