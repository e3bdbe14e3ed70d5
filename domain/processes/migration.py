"""Comparing versions and moving running cases from one version to another.

A deployed version never changes and a case keeps the version it started on; moving a case
is an explicit act of a process owner, per case, checked by the engine (`engine.migrate`)
and written to that case's audit chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case, HumanTask, WorkflowState
from domain.cases.projection import project
from domain.cases.retiming import retime_case
from domain.cases.workflow import helpers_at, lock_case
from domain.clock import clock
from domain.db import db
from domain.enums import CaseStatus, TaskState
from domain.errors import InvalidData, NotFound
from domain.org.models import User
from domain.processes import access
from domain.processes.models import ProcessVersion
from domain.processes.vocabulary import VOCABULARY
from domain.sla.operations import load_calendar
from engine.diff import diff_specs
from engine.migrate import MigrationRefused, migrate


def get_version(version_id: int) -> ProcessVersion:
    version = db.session.get(ProcessVersion, version_id)
    if version is None:
        raise NotFound("process_version_not_found")
    return version


def previous_version(version: ProcessVersion) -> ProcessVersion | None:
    return db.session.execute(
        sa.select(ProcessVersion)
        .where(ProcessVersion.model_id == version.model_id, ProcessVersion.number < version.number)
        .order_by(ProcessVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def diff_versions(a: ProcessVersion, b: ProcessVersion) -> dict[str, Any]:
    """Elements added, removed and changed from `a` to `b`, plus forms added/removed/changed.

    Works across models too (an agency copy against the template it came from).
    """
    result = diff_specs(a.spec, a.meta, b.spec, b.meta).as_dict()
    result["forms"] = {
        "added": sorted(set(b.forms) - set(a.forms)),
        "removed": sorted(set(a.forms) - set(b.forms)),
        "changed": sorted(k for k in set(a.forms) & set(b.forms) if a.forms[k] != b.forms[k]),
    }
    return result


def diff_definition(
    a: ProcessVersion, spec: dict[str, Any], meta: dict[str, Any], forms: dict[str, Any]
) -> dict[str, Any]:
    """The diff from a deployed version to a compiled, not yet deployed definition."""
    fake = ProcessVersion(spec=spec, meta=meta, forms=forms)
    return diff_versions(a, fake)


@dataclass
class MigrationReport:
    """Per case: moved, or skipped with the reason (and the elements it waits on)."""

    migrated: list[str] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)


def running_cases(version: ProcessVersion) -> list[Case]:
    return list(
        db.session.execute(
            sa.select(Case)
            .where(
                Case.process_version_id == version.id,
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.ARCHIVED]),
            )
            .order_by(Case.id)
        ).scalars()
    )


def _refresh_open_tasks(case: Case, result: Any) -> None:
    """Ready tasks keep their ids across a migration; give their rows the new wording."""
    views = {v.task_id: v for v in result.ready_tasks}
    rows = db.session.execute(
        sa.select(HumanTask).where(HumanTask.case_id == case.id, HumanTask.state == TaskState.READY)
    ).scalars()
    for row in rows:
        view = views.get(row.id)
        if view is not None:
            row.label, row.form, row.status = view.label, view.form, view.status
            row.instructions, row.escalation = view.instructions, view.escalation


def migrate_case(case: Case, target: ProcessVersion, *, actor: User) -> None:
    """Move one case onto `target`; raises MigrationRefused and changes nothing if it cannot.

    A waiting deadline whose timer the target lengthens or shortens takes the new length,
    counted from when its clock started (`domain.cases.retiming`); the audit event lists it.
    """
    source = get_version(case.process_version_id)
    lock_case(case, None)
    state = db.session.get(WorkflowState, case.id)
    now = clock.now()
    result = migrate(
        source.spec, state.state, target.spec, target.meta, helpers_at(now),
        vocabulary=VOCABULARY, now=now,
    )
    case.process_version_id = target.id
    project(case, result, now, actor_of(actor))
    _refresh_open_tasks(case, result)
    db.session.flush()
    moved = retime_case(case, source.meta, target.meta, load_calendar())
    audit.record(
        "case_migrated",
        actor=actor_of(actor),
        case_id=case.id,
        now=now,
        payload={
            "key": target.model.key,
            "from": source.number,
            "to": target.number,
            "waiting": sorted(t.spec for t in result.ready_tasks),
            "deadlines": moved,
        },
    )
    db.session.flush()


def migrate_cases(
    from_version: ProcessVersion, to_version: ProcessVersion, actor: User
) -> MigrationReport:
    """Move every running case of `from_version` that can move; report the others.

    Each case is tried in a savepoint, so one refused case leaves no half-done rows behind
    and does not stop the others.
    """
    access.require_edit(actor, to_version.model)
    if from_version.model_id != to_version.model_id:
        raise InvalidData("migration_other_model")
    if to_version.number <= from_version.number:
        raise InvalidData("migration_not_newer")
    report = MigrationReport()
    for case in running_cases(from_version):
        savepoint = db.session.begin_nested()
        try:
            migrate_case(case, to_version, actor=actor)
        except MigrationRefused as exc:
            savepoint.rollback()
            db.session.refresh(case)
            report.skipped.append(
                {"tracking_id": case.tracking_id, "reason": exc.reason, "elements": exc.element_ids}
            )
            audit.record(
                "case_migration_refused",
                actor=actor_of(actor),
                case_id=case.id,
                payload={
                    "key": to_version.model.key,
                    "from": from_version.number,
                    "to": to_version.number,
                    "reason": exc.reason,
                    "elements": exc.element_ids,
                },
            )
            continue
        savepoint.commit()
        report.migrated.append(case.tracking_id)
    return report
