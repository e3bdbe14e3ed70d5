"""Deployed versions never change, so each process keeps what it read of them.

A step needs its version's (spec, meta, forms); reading and JSON-decoding ~25 KB of spec per
step, or even one `SELECT sha256` per call, was a fifth of an intake. Here a version id maps
to its hash once per process, and (id, hash) to the decoded definition, bounded. The engine
keeps its own cache of the *parsed* spec objects keyed by these same dicts.

The one way an id's hash can change is an insert that rolled back and an id that the
database then hands out again (SQLite reuses row ids; PostgreSQL sequences never go back).
So the ids a transaction inserted are forgotten when it rolls back; a test that rolls back
under the session's feet (a connection-level rollback) calls `forget()` itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa

from domain.db import db
from domain.errors import NotFound
from domain.processes.models import ProcessVersion

Definition = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]
MAX_DEFINITIONS = 128
_NEW_KEY = "aduan.new_process_versions"

_lock = threading.Lock()
_sha_of: dict[int, str] = {}
_definitions: OrderedDict[tuple[int, str], Definition] = OrderedDict()


def remember(version: ProcessVersion) -> None:
    """A version row in hand: its hash needs no query later."""
    if version.id is not None and version.sha256:
        _sha_of[version.id] = version.sha256


def _sha(version_id: int) -> str:
    sha = _sha_of.get(version_id)
    if sha is None:
        sha = db.session.execute(
            sa.select(ProcessVersion.sha256).where(ProcessVersion.id == version_id)
        ).scalar_one_or_none()
        if sha is None:
            raise NotFound("process_version_not_found")
        _sha_of[version_id] = sha
    return sha


def definition(version_id: int) -> Definition:
    """(spec, meta, forms) of a version: read from the database once per process."""
    key = (version_id, _sha(version_id))
    with _lock:
        hit = _definitions.get(key)
        if hit is not None:
            _definitions.move_to_end(key)
            return hit
    row = db.session.get(ProcessVersion, version_id)
    if row is None or row.sha256 != key[1]:
        forget([version_id])
        raise NotFound("process_version_not_found")
    value = (row.spec, row.meta, row.forms)
    with _lock:
        _definitions[key] = value
        while len(_definitions) > MAX_DEFINITIONS:
            _definitions.popitem(last=False)
    return value


def forget(version_ids: list[int] | None = None) -> None:
    """Drop what is known of these versions (all when None)."""
    with _lock:
        if version_ids is None:
            _sha_of.clear()
            _definitions.clear()
            return
        for version_id in version_ids:
            _sha_of.pop(version_id, None)
            for key in [k for k in _definitions if k[0] == version_id]:
                del _definitions[key]


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _note_inserted(session: sa.orm.Session, _context: Any) -> None:
    new = [obj.id for obj in session.new if isinstance(obj, ProcessVersion)]
    if new:
        session.info.setdefault(_NEW_KEY, set()).update(new)


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _forget_rolled_back(session: sa.orm.Session, _previous: Any) -> None:
    inserted = session.info.pop(_NEW_KEY, None)
    if inserted:
        forget(list(inserted))


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _keep_committed(session: sa.orm.Session) -> None:
    session.info.pop(_NEW_KEY, None)
