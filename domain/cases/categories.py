"""Case categories as data: what intake, the verify form, lists and statistics read.

Every intake validates its category and every page labels one, so the table is read once per
process and kept: `all_categories()` costs no query while the copy is fresh. A write in this
process (`domain/cases/category_admin.py`) drops the copy at once (the generation counter),
and a transaction that wrote categories drops it again when it ends, so a rolled-back change
is never served. Other processes (the second gunicorn worker, the RQ worker) re-read the
table when their copy is older than MAX_AGE_SECONDS: a category added on one worker is
offered by all of them within that time. While a transaction holds an unfinished category
change, its own reads go to the database and are not kept, so no other request sees them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from domain.cases.models import Category
from domain.db import db

MAX_AGE_SECONDS = 30.0
CHANGED_KEY = "aduan.categories_changed"  # session.info flag: this transaction wrote some
# The clock the copy's age is measured on; tests replace it to age the copy (never sleep).
ticks: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class CategoryInfo:
    """One category as the process keeps it (a plain value, safe to share across requests)."""

    code: str
    name_id: str
    name_en: str
    active: bool
    sensitive: bool
    position: int

    def name(self, locale: str) -> str:
        """The name in `locale` ("en..." English, anything else Indonesian)."""
        return self.name_en if str(locale).startswith("en") else self.name_id


@dataclass
class _Copy:
    generation: int
    loaded_at: float
    by_code: dict[str, CategoryInfo]


_lock = threading.Lock()
_generation = 0
_copy: _Copy | None = None


def forget() -> None:
    """Drop the process's copy; the next read goes to the database."""
    global _generation, _copy
    with _lock:
        _generation += 1
        _copy = None


def _load() -> dict[str, CategoryInfo]:
    rows = db.session.execute(
        sa.select(Category.code, Category.name_id, Category.name_en, Category.active,
                  Category.sensitive, Category.position)
        .order_by(Category.position, Category.code)
    ).all()
    return {row.code: CategoryInfo(*row) for row in rows}


def _by_code() -> dict[str, CategoryInfo]:
    global _copy
    if db.session.info.get(CHANGED_KEY):
        return _load()  # this transaction's own, uncommitted view: never kept
    now = ticks()
    with _lock:
        copy, generation = _copy, _generation
    if copy is not None and copy.generation == generation and 0 <= now - copy.loaded_at \
            < MAX_AGE_SECONDS:
        return copy.by_code
    by_code = _load()
    with _lock:
        if _generation == generation:
            _copy = _Copy(generation, now, by_code)
    return by_code


def all_categories() -> list[CategoryInfo]:
    """Every category, inactive ones too (filters and labels of old cases), in list order."""
    return list(_by_code().values())


def active_categories() -> list[CategoryInfo]:
    """The categories a new case may choose, in list order."""
    return [c for c in _by_code().values() if c.active]


def get_category(code: str) -> CategoryInfo | None:
    return _by_code().get(code)


def category_label(code: str | None, locale: str) -> str:
    """The category's name in `locale`; an unknown code reads as itself."""
    if code is None:
        return ""
    found = _by_code().get(code)
    return found.name(locale) if found else code


def category_problem(code: Any) -> str | None:
    """Why a new case cannot take `code` (a field code worded in wording/errors), or None."""
    found = _by_code().get(code) if isinstance(code, str) else None
    if found is None:
        return "category_unknown"
    return None if found.active else "category_inactive"


def is_valid_category(code: Any) -> bool:
    """Whether a new case (or a verifier's correction) may choose `code`: known and active."""
    return category_problem(code) is None


def is_sensitive(code: str | None) -> bool:
    """Whether a reporter's identity in this category needs a second person's approval."""
    found = _by_code().get(code) if code else None
    return bool(found and found.sensitive)


def mark_changed() -> None:
    """Called by every write: this transaction's reads bypass the copy, and it is dropped."""
    db.session.info[CHANGED_KEY] = True
    forget()


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _after_change(session: sa.orm.Session, transaction: Any) -> None:
    # A flush ends a subtransaction of its own: only the real transaction or a savepoint
    # ending (committed or rolled back) decides what the other requests may see.
    if (transaction.parent is None or transaction.nested) and session.info.pop(CHANGED_KEY,
                                                                               None):
        forget()
