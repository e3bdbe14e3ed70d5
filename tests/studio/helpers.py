"""Builders for the studio tests: more owners, a deployed edit through drafts and approval."""

from __future__ import annotations

from typing import Any

from domain.enums import Role
from domain.org import operations as org
from domain.org.models import User
from domain.processes import draft_scenarios, drafts
from domain.processes.models import ProcessVersion
from domain.processes.operations import model_by_key
from tests.factories import _password_hash
from tests.studio import variants as v


def make_user(username: str, role: Role, unit_code: str | None = None) -> User:
    user = org.create_user(username, username, password_hash=_password_hash())
    org.grant(user, role, org.unit_by_code(unit_code) if unit_code else None)
    return user


def deploy_edit(
    bpmn: str, author: User, approver: User, *, key: str = "complaint",
    forms: dict[str, Any] | None = None, scenarios: list[dict[str, Any]] | None = None,
) -> ProcessVersion:
    """Save, submit and approve a draft: the studio's path to a new version.

    The draft carries `scenarios` (none by default: these edits are not the shipped
    lifecycle, whose scenarios would rightly refuse them; tests/studio/test_scenarios.py
    is where scenarios hold an approval back).
    """
    model = model_by_key(key)
    draft = drafts.save_draft(model, bpmn, v.shipped_dmn(), forms, actor=author)
    draft_scenarios.save_scenarios(draft, list(scenarios or []), actor=author)
    drafts.submit_for_approval(draft, actor=author)
    return drafts.approve_and_deploy(draft, actor=approver)


def review_bpmn(days: int = 4) -> str:
    """A review step and a shorter follow-up deadline (the rule allows at most 5 HK)."""
    return v.with_review_step(v.with_follow_up_days(v.shipped_bpmn(), days))
