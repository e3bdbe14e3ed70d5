"""Test data builders: the demo organisation, users, cases, and walking tasks.

`create_user(role, unit)` makes an account a test owns (a unique username, the role in the
unit), so a test names the role it needs instead of a demo user. `case_in(status)` drives a
case through the real operations (submit, complete, reporter respond) to a status, each task
done by a fresh user of the task's lane in the task's unit. Both need the organisation
(the `world` fixture: regions, agencies, units, the deployed lifecycle).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import count
from typing import Any

import sqlalchemy as sa

from domain.cases.intake import Receipt, submit_case
from domain.cases.models import Case, HumanTask
from domain.cases.queries import suggested_unit
from domain.cases.responses import reporter_respond
from domain.cases.schemas import load_intake
from domain.cases.tasks import complete_task
from domain.db import db
from domain.enums import CaseStatus, Channel, Lane, Role, TaskState
from domain.org import operations as org
from domain.org.models import Unit, User
from domain.processes.operations import deploy_shipped
from web import demo

PASSWORD = "demo-pass"
_serial = count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return org.hash_password(PASSWORD)


def build_world() -> dict[str, Any]:
    """Demo agencies, units and users plus the deployed default process."""
    demo.load_org(_password_hash())  # argon2 once per run, not per test
    version = deploy_shipped().version
    users = {name: org.find_user(name) for name, *_ in demo.USERS}
    return {"users": users, "version": version}


def create_user(role: Role | str, unit: Unit | str | None = None, **overrides: Any) -> User:
    """A new account holding `role` in `unit` (a Unit or its code; None for a global scope).

    The username is unique (`<role>.<n>`), the password is PASSWORD. `overrides` set the
    account's fields: `username`, `display_name`, `email`, `locale` or `password_hash` as
    `domain.org.operations.create_user` takes them, any other (`active`) on the row after.
    """
    role = Role(role)
    if isinstance(unit, str):
        code, unit = unit, org.unit_by_code(unit)
        assert unit is not None, f"no unit {code!r}: does the test load the world?"
    n = next(_serial)
    fields: dict[str, Any] = {"username": f"{role.value}.{n}",
                              "display_name": f"{role.value.replace('_', ' ').title()} {n}",
                              "password_hash": _password_hash(), "email": None}
    fields.update(overrides)
    later = {k: fields.pop(k) for k in list(fields)
             if k not in ("username", "display_name", "password_hash", "email", "locale")}
    user = org.create_user(fields.pop("username"), fields.pop("display_name"), **fields)
    for key, value in later.items():
        setattr(user, key, value)
    org.grant(user, role, unit)
    return user


def officer_for(task: HumanTask) -> User:
    """A fresh user who may act on `task`: its lane's role in its unit."""
    lane = Lane(task.lane)
    assert lane != Lane.REPORTER, "the reporter acts with his key, not as a user"
    unit = db.session.get(Unit, task.unit_id) if task.unit_id else None
    return create_user(Role(lane.value), unit)


def _do(case: Case, spec: str, **data: Any) -> Case:
    return complete(case, spec, officer_for(ready_task(case, spec)), **data)


def _verified(receipt: Receipt) -> Receipt:
    case = receipt.case
    unit = suggested_unit(case)
    assert unit is not None, "case_in needs a case the routing table sends to a unit"
    _do(case, "verify", decision="valid", summary=case.title, unit_code=unit.code)
    return receipt


def _responded(receipt: Receipt) -> Receipt:
    _do(_verified(receipt).case, "follow_up", decision="answer",
        answer="Sudah ditindaklanjuti oleh unit.")
    return receipt


def _closed(receipt: Receipt) -> Receipt:
    _responded(receipt)
    reporter_respond(receipt.tracking_id, receipt.reporter_key, {"action": "accept"})
    return receipt


def _on_hold(receipt: Receipt) -> Receipt:
    _do(receipt.case, "verify", decision="hold", question="Mohon lengkapi lokasi kejadian.")
    return receipt


def _archived(receipt: Receipt) -> Receipt:
    _do(receipt.case, "verify", decision="archive", reason="Laporan ganda.")
    return receipt


_PATHS = {
    CaseStatus.VERIFICATION: lambda receipt: receipt,
    CaseStatus.HOLD: _on_hold,
    CaseStatus.FOLLOW_UP: _verified,
    CaseStatus.RESPONDED: _responded,
    CaseStatus.CLOSED: _closed,
    CaseStatus.ARCHIVED: _archived,
}


def receipt_in(status: CaseStatus | str, **overrides: Any) -> Receipt:
    """`case_in`, with the reporter's tracking id and key for tests that answer as him."""
    status = CaseStatus(status)
    if status == CaseStatus.SUBMITTED:
        # The insert and the workflow start are one operation; the start moves the case to
        # its first task's status (the lint allows no other), so nothing rests in SUBMITTED.
        raise ValueError("no case rests in 'submitted': submit_case starts its workflow, "
                         "which moves it to 'verification' (case_in('verification'))")
    receipt = _PATHS[status](submit(**overrides))
    assert receipt.case.status == status, (receipt.case.status, status)
    return receipt


def case_in(status: CaseStatus | str, **overrides: Any) -> Case:
    """A case driven by the real operations to `status`; `overrides` go to its intake.

    verification: submitted; hold: the coordinator asks the reporter; follow_up: verified and
    disposed to the unit the routing table suggests; responded: the unit answered; closed:
    the reporter accepted; archived: the coordinator archived it.
    """
    return receipt_in(status, **overrides).case


DESCRIPTION = "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru."
_reports = count(1)


def intake(**overrides: Any) -> dict[str, Any]:
    payload = {
        "kind": "complaint",
        "title": "Obat tidak tersedia di puskesmas",
        "description": DESCRIPTION,
        "category": "health",
        "region": "12.71",
        "anonymous": True,
        "confidential": False,
        "reporter": {
            "name": "Budi Santoso",
            "phone": "+6281234567890",
            "email": "budi@example.org",
        },
    }
    payload.update(overrides)
    return payload


def new_report(**overrides: Any) -> dict[str, Any]:
    """`intake`, as a distinct report: without a description of its own it gets the default
    one with a running number, so two of them are never an exact repeat of each other (same
    contact, same text: the same case, `domain/cases/repeats.py`)."""
    overrides.setdefault("description", f"{DESCRIPTION[:-1]} (laporan {next(_reports)}).")
    return intake(**overrides)


def submit(**overrides: Any) -> Receipt:
    """File a report; each call a distinct one (`new_report`)."""
    return submit_case(load_intake(new_report(**overrides), Channel.API))


def ready_tasks(case: Case) -> list[HumanTask]:
    return list(
        db.session.execute(
            sa.select(HumanTask).where(
                HumanTask.case_id == case.id, HumanTask.state == TaskState.READY
            )
        ).scalars()
    )


def ready_task(case: Case, spec: str | None = None) -> HumanTask:
    tasks = ready_tasks(case)
    assert len(tasks) == 1, [t.spec for t in tasks]
    if spec is not None:
        assert tasks[0].spec == spec, tasks[0].spec
    return tasks[0]


def complete(case: Case, spec: str, user: Any, **data: Any) -> Case:
    task = ready_task(case, spec)
    return complete_task(task.id, data, actor=user, expected_version=case.version)


def sweep(as_of: Any) -> int:
    """Commit like a request would, then run the timer sweeper as its own boundary."""
    from jobs.timers import sweep_due

    db.session.commit()
    return sweep_due(as_of)


AUDIT_TABLES = ("case_event", "audit_leaf", "audit_checkpoint")


def tamper_audit() -> None:
    """Switch the append-only triggers off inside this test's transaction (PostgreSQL).

    Tests that forge or delete audit rows act as the table owner would: an attacker with the
    owner's rights can do the same, and then only the heads and the Merkle log show it.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        for table in AUDIT_TABLES:
            db.session.execute(sa.text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
