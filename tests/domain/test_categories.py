"""Categories as data: the verify form reads them, the process keeps a copy, and the copy
follows every change (at once in this process, within MAX_AGE_SECONDS in the others)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from domain.cases import categories
from domain.cases.category_admin import CategoryInput, create_category, set_active
from domain.cases.models import Category
from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden, InvalidData
from tests.factories import case_in, complete, create_user

TRANSPORT = CategoryInput("Transportasi umum", "Public transport", position=70)


def test_the_verifier_may_move_a_case_to_a_new_category_but_not_an_inactive_one(world):
    admin = create_user(Role.NATIONAL_ADMIN)
    create_category("transport", TRANSPORT, actor=admin)
    create_category("parks", CategoryInput("Taman kota", "City parks"), actor=admin)
    set_active("parks", False, actor=admin)
    case = case_in("verification")
    verifier = create_user(Role.COORDINATOR, "medan.secretariat")
    with pytest.raises(InvalidData) as refused:
        complete(case, "verify", verifier, decision="valid", summary=case.title,
                 unit_code="medan.health", category="parks")
    assert refused.value.details == {"category": "category_inactive"}
    complete(case, "verify", verifier, decision="valid", summary=case.title,
             unit_code="medan.health", category="transport")
    assert case.category == "transport"


def test_a_case_keeps_its_deactivated_category_through_verification(world):
    admin = create_user(Role.NATIONAL_ADMIN)
    create_category("transport", TRANSPORT, actor=admin)
    case = case_in("verification", category="transport")
    set_active("transport", False, actor=admin)
    verifier = create_user(Role.COORDINATOR, "medan.secretariat")
    complete(case, "verify", verifier, decision="valid", summary=case.title,
             unit_code="medan.health", category="transport")
    assert case.category == "transport"
    assert categories.category_label("transport", "en") == "Public transport"


def test_only_a_national_admin_writes_and_names_are_checked(world):
    with pytest.raises(Forbidden):
        create_category("transport", TRANSPORT, actor=create_user(Role.SYSADMIN))
    admin = create_user(Role.NATIONAL_ADMIN)
    with pytest.raises(InvalidData) as bad:
        create_category("transport", CategoryInput("", "x" * 201, position=-1), actor=admin)
    assert bad.value.details == {"name_id": "name_length", "name_en": "name_length",
                                 "position": "position_range"}
    assert not categories.is_valid_category("transport")


def test_the_copy_is_read_once_and_other_processes_changes_arrive_after_max_age(
        world, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(categories, "ticks", lambda: now[0])
    categories.forget()
    assert categories.is_valid_category("health")
    # Another process adds a row behind this one's back (no mark_changed here).
    db.session.add(Category(code="transport", name_id="Transportasi", name_en="Transport"))
    db.session.flush()
    assert not categories.is_valid_category("transport")  # the copy is still fresh
    now[0] += categories.MAX_AGE_SECONDS - 1
    assert not categories.is_valid_category("transport")
    now[0] += 2
    assert categories.is_valid_category("transport")


def test_a_rolled_back_change_is_never_served(app, world):
    admin = create_user(Role.NATIONAL_ADMIN)
    savepoint = db.session.begin_nested()
    create_category("transport", TRANSPORT, actor=admin)
    assert categories.is_valid_category("transport")  # this transaction sees its own row
    savepoint.rollback()
    assert not categories.is_valid_category("transport")
    assert db.session.scalar(sa.select(Category.code).where(Category.code == "transport")) is None
