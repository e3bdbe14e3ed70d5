"""Creating agencies, units and accounts; checking passwords."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.audit import operations as audit
from domain.clock import clock
from domain.db import db
from domain.enums import Role
from domain.errors import InvalidData
from domain.org.models import Agency, Membership, Region, Unit, User
from domain.org.password_rules import PASSWORD_MIN, password_problem
from domain.text import has_control_chars

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username does not exist, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("not a real password")


def ensure_region(code: str, name: str, level: int, parent_code: str | None = None) -> Region:
    region = db.session.get(Region, code) or Region(code=code)
    region.name, region.level, region.parent_code = name, level, parent_code
    db.session.add(region)
    db.session.flush()
    return region


def create_agency(
    code: str, name: str, *, kind: str = "local_government", region_code: str | None = None
) -> Agency:
    agency = Agency(code=code, name=name, kind=kind, region_code=region_code)
    db.session.add(agency)
    db.session.flush()
    return agency


def create_unit(
    code: str,
    name: str,
    agency: Agency,
    *,
    parent: Unit | None = None,
    region_code: str | None = None,
) -> Unit:
    """Add a unit under `parent` (or as the agency's root) and record its tree path."""
    unit = Unit(
        code=code,
        name=name,
        agency_id=agency.id,
        parent_id=parent.id if parent else None,
        region_code=region_code or agency.region_code,
    )
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    return unit


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(
    username: str,
    display_name: str,
    password: str | None = None,
    *,
    password_hash: str | None = None,
    email: str | None = None,
    locale: str = "id",
) -> User:
    """Create an account from a password, or from a precomputed hash (bulk loads, tests)."""
    if (password is None) == (password_hash is None):
        raise ValueError("give exactly one of password and password_hash")
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        password_hash=password_hash or _hasher.hash(password),
        locale=locale,
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def grant(user: User, role: Role, unit: Unit | None = None) -> Membership:
    membership = Membership(user_id=user.id, role=role, unit_id=unit.id if unit else None)
    db.session.add(membership)
    db.session.flush()
    db.session.refresh(user, ["memberships"])
    return membership


def end_sessions(user: User) -> None:
    """Void every login session of this user (logout, suspected theft of a cookie)."""
    user.session_epoch += 1
    db.session.flush()


def authenticate(username: str, password: str) -> User | None:
    """The active user with this password, or None (timing-safe for unknown names).

    A name with a control character (NUL: PostgreSQL text cannot even be compared with it)
    is no one's: it is not looked up, and the password is still checked against a dummy."""
    user = None if has_control_chars(username) else db.session.execute(
        sa.select(User).where(User.username == username, User.active.is_(True))
    ).scalar_one_or_none()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def find_user(username: str) -> User | None:
    return db.session.execute(sa.select(User).where(User.username == username)).scalar_one_or_none()


def unit_by_code(code: str) -> Unit | None:
    """The unit with this code; asked twice in one transaction, it is read once.

    The rows are held here for the transaction (the session's identity map only keeps
    objects someone still references).
    """
    known: dict[str, Unit] = db.session.info.setdefault(_UNIT_IDS, {})
    unit = known.get(code)
    if unit is not None and unit in db.session and unit.code == code:
        return unit
    unit = db.session.execute(sa.select(Unit).where(Unit.code == code)).scalar_one_or_none()
    if unit is not None:
        known[code] = unit
    return unit


_UNIT_IDS = "aduan.unit_ids_by_code"


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_unit_ids(session: sa.orm.Session, transaction: Any) -> None:
    if transaction.parent is None or transaction.nested:
        session.info.pop(_UNIT_IDS, None)


def agency_by_code(code: str) -> Agency | None:
    return db.session.execute(sa.select(Agency).where(Agency.code == code)).scalar_one_or_none()


def verify_password(user: User, password: str) -> None:
    """Raise argon2's VerificationError unless `password` is the account's."""
    _hasher.verify(user.password_hash, password)


def set_password(user: User, password: str, *, actor: str) -> None:
    """Give the account a new password; every session minted before it is void. Audited.

    The rules are `domain/org/password_rules.py`'s, for the CLI and the pages alike."""
    problem = password_problem(password, username=user.username)
    if problem == "password_length":
        raise InvalidData("password_too_short", details={"password": problem},
                          min=PASSWORD_MIN)
    if problem:
        raise InvalidData("password_rejected", details={"password": problem},
                          min=PASSWORD_MIN)
    user.password_hash = _hasher.hash(password)
    end_sessions(user)
    audit.record("user_password_set", actor=actor, payload={"username": user.username})


def disable_user(user: User, *, actor: str) -> bool:
    """Deactivate the account and end its sessions; False if it was already inactive."""
    if not user.active:
        return False
    user.active = False
    end_sessions(user)
    audit.record("user_disabled", actor=actor, payload={"username": user.username})
    return True
