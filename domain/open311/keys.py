"""Issuing, revoking and checking the API keys of Open311 clients.

A key is a random 256-bit secret shown once; only its SHA-256 is stored (a random secret
needs no slow KDF, as with reporter keys). Issuing and revoking are audited on the system
chain; the CLI (`flask open311 keys`) and the admin page call these same operations.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
from domain.db import db
from domain.errors import Conflict, InvalidData, NotFound
from domain.open311.models import ApiKey
from domain.org.models import User

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,79}$")


@dataclass(frozen=True)
class IssuedKey:
    """A new key: its row and the secret, which exists nowhere else after this."""

    key: ApiKey
    secret: str


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def issue_key(name: str, *, actor: User | None = None) -> IssuedKey:
    """A new key for the client `name` (letters, digits, `.`, `_`, `-`); one per client."""
    name = name.strip()
    if not NAME_RE.match(name):
        raise InvalidData("open311_key_name", details={"name": ["open311_key_name"]})
    if db.session.execute(sa.select(ApiKey.id).where(ApiKey.name == name)).first():
        raise Conflict("open311_key_exists", name=name)
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    row = ApiKey(name=name, key_hash=hash_key(secret), created_at=now,
                 created_by_id=actor.id if actor else None)
    db.session.add(row)
    db.session.flush()
    audit.record("open311_key_issued", actor=actor_of(actor), now=now, payload={"name": name})
    return IssuedKey(row, secret)


def revoke_key(name: str, *, actor: User | None = None) -> ApiKey:
    """Revoke the key of `name`: its next request is refused (403). Revoking twice is a no-op."""
    row = db.session.execute(sa.select(ApiKey).where(ApiKey.name == name.strip())).scalar()
    if row is None:
        raise NotFound("open311_key_not_found")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        db.session.flush()
        audit.record("open311_key_revoked", actor=actor_of(actor), now=row.revoked_at,
                     payload={"name": row.name})
    return row


def key_for(secret: str | None) -> ApiKey | None:
    """The active key whose secret this is, or None (missing, unknown or revoked)."""
    if not secret or len(secret) > 200:
        return None
    row = db.session.execute(
        sa.select(ApiKey).where(ApiKey.key_hash == hash_key(secret))
    ).scalar()
    return row if row is not None and row.active else None


def all_keys() -> list[ApiKey]:
    """Every key, active first then by name (a handful of clients, never paged)."""
    return list(db.session.execute(
        sa.select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.name)
    ).scalars())
