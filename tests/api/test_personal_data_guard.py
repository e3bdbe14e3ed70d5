"""Personal data never reaches a log line, even when the database refuses a statement."""

from __future__ import annotations

import logging

import pytest

from domain.db import db
from tests.factories import intake


def test_control_characters_in_a_report_are_a_field_error(client, world):
    payload = intake(reporter={"name": "Budi\x00Santoso", "phone": "+6281234567890"})
    response = client.post("/api/v1/cases", json=payload)
    assert response.status_code == 422
    assert "reporter" in response.json["error"]["details"]


def test_task_data_with_nul_is_refused_inline(client, world):
    from domain.cases.tasks import complete_task
    from domain.errors import InvalidData
    from tests.factories import ready_task, submit

    case = submit().case
    task = ready_task(case, "verify")
    with pytest.raises(InvalidData) as error:
        complete_task(task.id, {"decision": "archive", "reason": "spam\x00"},
                            actor=world["users"]["verifier"], expected_version=case.version)
    assert "reason" in error.value.details


def test_failed_statements_are_logged_without_their_values(app, world, caplog):
    """SQLAlchemy's error text would carry the bound values; the engine hides them."""
    import sqlalchemy as sa

    secret = "Siti Rahasia 3171234567890001"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(sa.exc.DBAPIError) as error:
        db.session.execute(sa.text("SELECT :v FROM no_such_table"), {"v": secret})
    db.session.rollback()
    assert secret not in str(error.value)
    assert secret not in caplog.text
