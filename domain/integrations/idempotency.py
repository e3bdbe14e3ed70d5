"""`Idempotency-Key`: a client that retries gets the first answer, not a second case.

The first request with a key claims it with `INSERT … ON CONFLICT DO NOTHING` in the same
transaction that files the case, and stores the answer there too. A retry (or a twin sent
at the same moment) finds the row: on PostgreSQL its insert waits on the unique index until
the first commits, on SQLite the write lock queues it; either way it reads the committed
answer and replays it. Same key with another body is refused (422). A failed first request
rolls back its claim with everything else, so the retry is a fresh attempt.

A key is remembered for `ADUAN_IDEMPOTENCY_HOURS` (default 24, as Stripe and the IETF draft
suggest): the scheduler deletes older rows (`expire`), and a claim first drops its own key's
row if it is that old, so a retry after the period is a new request whether or not the
sweep has run yet.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlalchemy.dialects import postgresql, sqlite

from domain.clock import clock
from domain.db import db
from domain.errors import InvalidData
from domain.integrations.models import IdempotentRequest

KEY_MAX = 255
DEFAULT_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Replay:
    """The stored answer of the first request with this key."""

    status: int
    body: dict[str, Any]


def check_key(key: str) -> str:
    """A key is 1 to 255 printable ASCII characters (clients send a UUID)."""
    key = key.strip()
    if not key or len(key) > KEY_MAX or not key.isascii() or not key.isprintable():
        raise InvalidData("idempotency_key_invalid", details={"Idempotency-Key": ["invalid"]},
                          max=KEY_MAX)
    return key


def digest(parts: list[Any]) -> str:
    """The hash that says "the same body": canonical JSON of the parts (and file hashes)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _fernet(secret: str, scope: str, key: str) -> Fernet:
    raw = hmac.new(secret.encode(), f"idempotency:{scope}:{key}".encode(),
                   hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def _insert(scope: str, key: str, request_hash: str) -> bool:
    """True when this request inserted the claim (RETURNING says so on both backends)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = IdempotentRequest.__table__
    statement = insert(table).values(
        scope=scope, key=key, request_hash=request_hash, created_at=clock.now()
    ).on_conflict_do_nothing(index_elements=["scope", "key"]).returning(table.c.id)
    return db.session.execute(statement).first() is not None


def claim(scope: str, key: str, request_hash: str, secret: str,
          ttl: timedelta = DEFAULT_TTL) -> IdempotentRequest | Replay:
    """Claim `key` for this request, or the first request's answer to replay.

    A row older than `ttl` is forgotten first: the request is then new.
    """
    db.session.execute(sa.delete(IdempotentRequest).where(
        IdempotentRequest.scope == scope, IdempotentRequest.key == key,
        IdempotentRequest.created_at < clock.now() - ttl))
    claimed = _insert(scope, key, request_hash)
    row = db.session.execute(
        sa.select(IdempotentRequest).where(IdempotentRequest.scope == scope,
                                           IdempotentRequest.key == key)
    ).scalar_one()
    if claimed:
        return row
    if not hmac.compare_digest(row.request_hash, request_hash):
        raise InvalidData("idempotency_key_reused", details={"Idempotency-Key": ["reused"]})
    if row.answer is None or row.status_code is None:  # pragma: no cover (answer and claim
        raise InvalidData("idempotency_key_reused")  # commit together)
    body = json.loads(_fernet(secret, scope, key).decrypt(row.answer.encode()))
    return Replay(row.status_code, body)


def remember(row: IdempotentRequest, *, case_id: int | None, status: int,
             body: dict[str, Any], secret: str) -> None:
    """Store the answer beside the claim, encrypted (it holds the one-time reporter key)."""
    text = json.dumps(body, ensure_ascii=False, default=str)
    row.case_id, row.status_code = case_id, status
    row.answer = _fernet(secret, row.scope, row.key).encrypt(text.encode()).decode()
    db.session.flush()


def expire(now: datetime, ttl: timedelta = DEFAULT_TTL) -> int:
    """Delete every remembered request older than `ttl` (the scheduler's sweep)."""
    result = db.session.execute(sa.delete(IdempotentRequest).where(
        IdempotentRequest.created_at < now - ttl))
    return int(result.rowcount or 0)
