"""Fixtures of the domain tests (the lifecycle modules opt into the deadline check)."""

from __future__ import annotations

import pytest

from domain.cases import workflow
from domain.enums import Role
from domain.org.models import User
from tests.domain.lifecycle_support import assert_every_waiting_task_has_a_deadline
from tests.factories import create_user


@pytest.fixture
def deadlines_checked_after_every_step(monkeypatch):
    """After every step (start, task, timer) of a test that asks, only tasks with deadlines wait."""
    project = workflow.project

    def checked(case, *args, **kwargs):
        project(case, *args, **kwargs)
        assert_every_waiting_task_has_a_deadline(case)

    monkeypatch.setattr(workflow, "project", checked)


@pytest.fixture
def coordinator_dki(world) -> User:
    return create_user(Role.COORDINATOR, "dki.secretariat")


@pytest.fixture
def liaison_works(world) -> User:
    return create_user(Role.LIAISON, "medan.works")
