"""An officer changes his own password; an admin sends a one-time reset link.

Either way the password changes through `operations.set_password`, which moves the user's
session epoch and his password-hash fingerprint: every other session cookie and every API
token he holds stops working at the next request (`web/auth.py`).

A reset link carries 256 random bits; only their SHA-256 is stored (`password_reset`), like
the reporter key: a random secret needs no slow hash. The link expires after RESET_TTL,
works once (a conditional UPDATE marks it used, so two clicks cannot both set a password),
and a newer link voids the older ones. It reaches the user as an e-mail through the outbox;
the outbox row holds the link only until it is sent (`jobs/outbox.py` scrubs it).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.clock import clock
from domain.db import db
from domain.errors import Forbidden, InvalidData, NotFound
from domain.org import operations as org
from domain.org.access import manages_user, org_scope
from domain.org.models import PasswordReset, User
from domain.org.password_rules import password_problem
from domain.outbox import operations as outbox

RESET_TTL = timedelta(hours=24)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def change_own_password(user: User, current: str, new: str, confirm: str) -> None:
    """The logged-in user's new password; his current one proves it is him."""
    try:
        org.verify_password(user, current)
    except (VerificationError, InvalidHashError):
        raise InvalidData("password_change_invalid",
                          details={"current": "password_wrong"}) from None
    problem = password_problem(new, username=user.username)
    if problem is None and new != confirm:
        problem = "password_mismatch"
    if problem is None and new == current:
        problem = "password_unchanged"
    if problem:
        raise InvalidData("password_change_invalid", details={"new": problem})
    org.set_password(user, new, actor=actor_of(user))


def issue_reset(user: User, *, actor: User, link: Callable[[str], str]) -> PasswordReset:
    """Send `user` a one-time link (`link(token)` builds its URL); older links die. Audited.

    Who may: whoever manages the account (`domain/org/access.py`: a national admin, or the
    coordinator of every agency the user works in); anyone else gets NotFound."""
    if not manages_user(org_scope(actor), user):
        raise NotFound("user_not_found")
    if not user.active:
        raise Forbidden("reset_user_disabled")
    if not user.email:
        raise InvalidData("reset_needs_email", details={"email": "required"})
    now = clock.now()
    _void_links(user, now)
    token = secrets.token_urlsafe(32)
    row = PasswordReset(user_id=user.id, token_hash=_hash(token), created_at=now,
                        expires_at=now + RESET_TTL, issued_by=actor_of(actor))
    db.session.add(row)
    db.session.flush()
    outbox.enqueue("email", f"password-reset:{row.id}", fresh=True, payload={
        "recipient": f"user:{user.id}", "template": "password_reset",
        "reset_url": link(token), "expires_at": row.expires_at.isoformat()})
    audit.record("password_reset_issued", actor=actor_of(actor),
                 payload={"username": user.username, "expires_at": row.expires_at.isoformat()})
    return row


def _void_links(user: User, now: object) -> None:
    db.session.execute(sa.update(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)).values(used_at=now))


def _open_link(token: str) -> PasswordReset | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = db.session.execute(sa.select(PasswordReset).where(
        PasswordReset.token_hash == _hash(token))).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at <= clock.now():
        return None
    user = db.session.get(User, row.user_id)
    return row if user is not None and user.active else None


def reset_user(token: str) -> User | None:
    """The user an unused, unexpired link belongs to (for the reset page), or None."""
    row = _open_link(token)
    return db.session.get(User, row.user_id) if row is not None else None


def reset_password(token: str, new: str, confirm: str) -> User:
    """Set the password through a link; the link is used up by the first that succeeds."""
    row = _open_link(token)
    if row is None:
        raise NotFound("reset_link_invalid")
    user = db.session.get(User, row.user_id)
    assert user is not None  # _open_link checked it
    problem = password_problem(new, username=user.username)
    if problem is None and new != confirm:
        problem = "password_mismatch"
    if problem:
        raise InvalidData("password_change_invalid", details={"new": problem})
    used = db.session.execute(sa.update(PasswordReset).where(
        PasswordReset.id == row.id, PasswordReset.used_at.is_(None)).values(used_at=clock.now()))
    if used.rowcount != 1:  # another request used it between our read and this write
        raise NotFound("reset_link_invalid")
    org.set_password(user, new, actor=actor_of(user))
    audit.record("password_reset_used", actor=actor_of(user),
                 payload={"username": user.username})
    return user
