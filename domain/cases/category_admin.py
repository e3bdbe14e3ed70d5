"""Keeping the category list: create, edit, deactivate, reactivate; national admins only.

Every change is an audit event on the system chain naming the actor and what changed. A
category is never deleted: old cases keep its code and its name. `ensure_defaults` puts the
shipped categories in an empty table (the demo setup, a wiped test database) and changes
nothing that exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.categories import mark_changed
from domain.cases.models import Category
from domain.db import db
from domain.enums import Role
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.org.models import User
from domain.text import has_control_chars

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
NAME_MAX = 200
POSITION_MAX = 9999
CATEGORY_ROLES = (Role.NATIONAL_ADMIN,)


@dataclass(frozen=True)
class CategoryInput:
    """What a person types for a category (the code only when creating)."""

    name_id: str
    name_en: str
    sensitive: bool = False
    position: int = 100


DEFAULTS: tuple[tuple[str, CategoryInput], ...] = (
    ("health", CategoryInput("Kesehatan", "Health", position=10)),
    ("roads", CategoryInput("Jalan dan pekerjaan umum", "Roads and public works", position=20)),
    ("education", CategoryInput("Pendidikan", "Education", position=30)),
    ("civil_registration", CategoryInput("Kependudukan dan catatan sipil", "Civil registration",
                                         position=40)),
    ("environment", CategoryInput("Lingkungan hidup", "Environment", position=50)),
    ("whistleblowing", CategoryInput("Pelaporan pelanggaran (whistleblowing)", "Whistleblowing",
                                     sensitive=True, position=60)),
    ("other", CategoryInput("Lainnya", "Other", position=1000)),
)


def may_manage(user: User | None) -> bool:
    return user is not None and user.has_role(*CATEGORY_ROLES)


def _require(actor: User) -> None:
    if not may_manage(actor):
        raise Forbidden("categories_national_admin_only")


def _checked(data: CategoryInput) -> CategoryInput:
    """Trimmed names; InvalidData naming each bad field (never a cut or silent fix)."""
    errors: dict[str, str] = {}
    names = {}
    for field in ("name_id", "name_en"):
        value = (getattr(data, field) or "").strip()
        if not value or len(value) > NAME_MAX:
            errors[field] = "name_length"
        elif has_control_chars(value):
            errors[field] = "control_characters"
        names[field] = value
    if not isinstance(data.position, int) or not 0 <= data.position <= POSITION_MAX:
        errors["position"] = "position_range"
    if errors:
        raise InvalidData("category_invalid", details=errors)
    return CategoryInput(names["name_id"], names["name_en"], bool(data.sensitive), data.position)


def _row(code: str) -> Category:
    row = db.session.get(Category, code) if isinstance(code, str) else None
    if row is None:
        raise NotFound("category_not_found")
    return row


def _fields(row: Category) -> dict[str, Any]:
    return {"name_id": row.name_id, "name_en": row.name_en, "sensitive": row.sensitive,
            "position": row.position, "active": row.active}


def create_category(code: str, data: CategoryInput, *, actor: User) -> Category:
    """A new, active category; its code is fixed for ever (cases store it)."""
    _require(actor)
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise InvalidData("category_invalid", details={"code": "category_code_invalid"})
    data = _checked(data)
    if db.session.get(Category, code) is not None:
        raise Conflict("category_exists", code=code)
    row = Category(code=code, name_id=data.name_id, name_en=data.name_en, active=True,
                   sensitive=data.sensitive, position=data.position)
    db.session.add(row)
    mark_changed()
    db.session.flush()
    audit.record("category_created", actor=actor_of(actor), payload={"code": code, **_fields(row)})
    return row


def update_category(code: str, data: CategoryInput, *, actor: User) -> Category:
    """New names, order or sensitivity; the audit event lists the fields that changed."""
    _require(actor)
    row = _row(code)
    data = _checked(data)
    before = _fields(row)
    row.name_id, row.name_en = data.name_id, data.name_en
    row.sensitive, row.position = data.sensitive, data.position
    changed = {k: v for k, v in _fields(row).items() if before[k] != v}
    if changed:
        mark_changed()
        db.session.flush()
        audit.record("category_updated", actor=actor_of(actor),
                     payload={"code": code, "changed": changed,
                              "before": {k: before[k] for k in changed}})
    return row


def set_active(code: str, active: bool, *, actor: User) -> bool:
    """Deactivate (no new case may choose it) or reactivate; False when nothing changed."""
    _require(actor)
    row = _row(code)
    if row.active == active:
        return False
    row.active = active
    mark_changed()
    db.session.flush()
    audit.record("category_activated" if active else "category_deactivated",
                 actor=actor_of(actor), payload={"code": code})
    return True


def ensure_defaults() -> int:
    """Fill an empty table with the shipped categories (the migration already did); a count."""
    if db.session.scalar(sa.select(Category.code).limit(1)) is not None:
        return 0  # a list someone keeps is theirs: defaults only fill an empty table
    for code, data in DEFAULTS:
        db.session.add(Category(code=code, name_id=data.name_id, name_en=data.name_en,
                                active=True, sensitive=data.sensitive, position=data.position))
    mark_changed()
    db.session.flush()
    return len(DEFAULTS)
