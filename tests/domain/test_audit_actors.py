"""One spelling of audit actors (domain/audit/actors.py)."""

from __future__ import annotations

from types import SimpleNamespace

from domain.audit.actors import SYSTEM, actor


def test_a_user_is_user_and_his_id():
    assert actor(SimpleNamespace(id=12)) == "user:12"


def test_no_user_is_the_system_unless_told_otherwise():
    assert actor(None) == SYSTEM == "system"
    assert actor(None, otherwise="system:timer") == "system:timer"
