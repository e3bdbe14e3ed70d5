"""What people and timers do to a case. Each function flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.cases import tracking
from domain.cases.models import Case, CaseNote, HumanTask, Reporter, Timer
from domain.cases.workflow import lock_case, run_complete, run_fire, run_start
from domain.clock import clock
from domain.db import db
from domain.enums import IDENTITY_ROLES, CaseKind, Channel, Lane, Role, TaskState, TimerStatus
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.org.models import User
from domain.org.operations import agency_by_code, unit_by_code
from domain.org.scope import can_act_on_lane
from domain.outbox import operations as outbox
from domain.processes.operations import form_of, latest_version, process_key_for_region
from domain.text import has_control_chars
from forms.validation import clean, validate


@dataclass(frozen=True)
class Intake:
    """A new report as every channel hands it over (already schema-validated)."""

    kind: CaseKind
    title: str
    description: str
    category: str
    region: str
    location: str | None = None
    event_date: date | None = None
    anonymous: bool = True
    confidential: bool = True
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_email: str | None = None
    reporter_nik: str | None = None
    channel: Channel = Channel.WEB


@dataclass(frozen=True)
class Receipt:
    """What the reporter takes away: the public tracking id and the secret key (shown once)."""

    case: Case
    tracking_id: str
    reporter_key: str


def submit_case(intake: Intake, *, process_key: str | None = None) -> Receipt:
    """File a report: create the case and its reporter row, start its workflow.

    Without `process_key`, the case starts on its region's agency copy of the lifecycle if
    one is deployed, else on the national template (`complaint`); always the latest version.
    """
    now = clock.now()
    process_key = process_key or process_key_for_region(intake.region)
    version = latest_version(process_key)
    key = tracking.new_reporter_key()
    for _ in range(5):
        tracking_id = tracking.new_tracking_id()
        taken = db.session.execute(
            sa.select(Case.id).where(Case.tracking_id == tracking_id)
        ).first()
        if not taken:
            break
    else:  # pragma: no cover - 30**8 ids; five collisions in a row means a broken RNG
        raise RuntimeError("could not allocate a tracking id")
    case = Case(
        tracking_id=tracking_id,
        reporter_key_hash=tracking.hash_reporter_key(key),
        kind=intake.kind,
        channel=intake.channel,
        category=intake.category,
        region_code=intake.region,
        title=intake.title,
        original_title=intake.title,
        description=intake.description,
        location=intake.location,
        event_date=intake.event_date,
        anonymous=intake.anonymous,
        confidential=intake.confidential,
        process_version_id=version.id,
        submitted_at=now,
    )
    db.session.add(case)
    db.session.flush()
    if any(
        (intake.reporter_name, intake.reporter_phone, intake.reporter_email, intake.reporter_nik)
    ):
        db.session.add(
            Reporter(
                case_id=case.id,
                name=intake.reporter_name,
                phone=intake.reporter_phone,
                email=intake.reporter_email,
                nik=intake.reporter_nik,
            )
        )
    audit.record(
        "case_submitted",
        actor="reporter",
        case_id=case.id,
        now=now,
        payload={
            "kind": case.kind.value,
            "channel": case.channel.value,
            "category": case.category,
            "region": case.region_code,
            "anonymous": case.anonymous,
            "confidential": case.confidential,
            "process": process_key,
            "version": version.number,
        },
    )
    run_start(
        case,
        {
            "kind": case.kind.value,
            "category": case.category,
            "region": case.region_code,
            "title": case.title,
        },
        now,
        "reporter",
    )
    if intake.reporter_email or intake.reporter_phone:
        outbox.enqueue(
            "receipt", f"receipt:{case.id}", case_id=case.id, payload={"reporter_key": key}
        )
    return Receipt(case, tracking_id, key)


def _check_references(form: dict[str, Any], data: dict[str, Any], locale: str) -> dict[str, str]:
    """Form fields that name units or agencies must name existing ones."""
    widgets = form.get("ui", {}).get("widgets", {})
    unknown = "Tidak ditemukan." if not locale.startswith("en") else "Not found."
    errors = {}
    for field, widget in widgets.items():
        value = data.get(field)
        if not value:
            continue
        if widget == "unit" and unit_by_code(str(value)) is None:
            errors[field] = unknown
        elif widget == "agency" and agency_by_code(str(value)) is None:
            errors[field] = unknown
        elif widget == "units" and any(unit_by_code(str(v)) is None for v in value):
            errors[field] = unknown
    return errors


def _validated(case: Case, task: HumanTask, data: Any, locale: str) -> dict[str, Any]:
    form = form_of(case.process_version_id, task.form)
    if isinstance(data, dict):
        data = clean(form, data)
    errors = validate(form, data, locale) or _check_references(form, data, locale)
    if errors:
        message = (
            "Periksa kembali isian formulir."
            if not locale.startswith("en")
            else "Please check the form."
        )
        raise InvalidData(message, details=errors)
    return data


def get_task(task_id: str) -> HumanTask:
    task = db.session.get(HumanTask, task_id)
    if task is None:
        raise NotFound("task not found")
    return task


def complete_task(
    task_id: str, data: Any, *, actor: User, expected_version: int | None, locale: str = "id"
) -> Case:
    """An officer completes a ready task: validate, lock, run, project.

    Applies once even when two officers click together: the second gets Conflict.
    """
    task = get_task(task_id)
    if task.lane == Lane.REPORTER or not can_act_on_lane(actor, task.lane, task.unit_id):
        raise NotFound("task not found")
    if task.state != TaskState.READY:
        raise Conflict("this task was already completed")
    case = task.case
    clean_data = _validated(case, task, data, locale)
    if case.status.is_final:
        raise Conflict("the case is closed")
    lock_case(case, expected_version)
    db.session.refresh(task)  # re-read under the lock: another click may have completed it
    if task.state != TaskState.READY:
        raise Conflict("this task was already completed")
    if clean_data.get("summary") and task.form.startswith("verify"):
        case.title = clean_data["summary"][:200]
    if clean_data.get("category") and task.form.startswith("verify"):
        case.category = clean_data["category"]
    run_complete(case, task, clean_data, clock.now(), f"user:{actor.id}", actor.id)
    return case


def find_case(tracking_id: str) -> Case:
    normalized = tracking.normalize_tracking_id(tracking_id)
    case = None
    if normalized:
        case = db.session.execute(
            sa.select(Case).where(Case.tracking_id == normalized)
        ).scalar_one_or_none()
    if case is None:
        raise NotFound("case not found")
    return case


def reporter_task(case: Case) -> HumanTask | None:
    return db.session.execute(
        sa.select(HumanTask).where(
            HumanTask.case_id == case.id,
            HumanTask.lane == Lane.REPORTER,
            HumanTask.state == TaskState.READY,
        )
    ).scalar_one_or_none()


def reporter_respond(
    tracking_id: str, reporter_key: str | None, data: Any, locale: str = "id"
) -> Case:
    """The reporter answers a hold, or accepts / reopens / rates the follow-up."""
    case = find_case(tracking_id)
    if not tracking.reporter_key_matches(reporter_key, case.reporter_key_hash):
        raise Forbidden("the reporter key does not match this case")
    task = reporter_task(case)
    if task is None:
        raise Conflict("the case is not waiting for the reporter now")
    clean_data = _validated(case, task, data, locale)
    lock_case(case, None)
    run_complete(case, task, clean_data, clock.now(), "reporter", None)
    text = clean_data.get("additional_info") or clean_data.get("comment")
    if text:
        db.session.add(
            CaseNote(
                case_id=case.id,
                from_reporter=True,
                internal=False,
                body=text,
                created_at=clock.now(),
            )
        )
        db.session.flush()
    return case


def fire_timer(timer_id: str, as_of: datetime) -> bool:
    """Fire one due timer exactly once; False when it is not due, gone or already fired.

    The conditional claim (`status = pending`, row locked with SKIP LOCKED on PostgreSQL)
    makes a second delivery of the same job, or a sweeper racing the job, a harmless no-op.
    """
    query = sa.select(Timer).where(
        Timer.id == timer_id, Timer.status == TimerStatus.PENDING, Timer.due_at <= as_of
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    timer = db.session.execute(query).scalar_one_or_none()
    if timer is None:
        return False
    case = db.session.get(Case, timer.case_id)
    lock_case(case, None)
    run_fire(case, [timer], as_of)
    if timer.status == TimerStatus.PENDING:  # the engine no longer waited on it
        timer.status = TimerStatus.CANCELLED
        db.session.flush()
        return False
    return True


def due_timer_ids(as_of: datetime, limit: int = 500) -> list[str]:
    """Pending timers due by `as_of`, oldest first (the sweeper's work list)."""
    return list(
        db.session.execute(
            sa.select(Timer.id)
            .where(Timer.status == TimerStatus.PENDING, Timer.due_at <= as_of)
            .order_by(Timer.due_at)
            .limit(limit)
        ).scalars()
    )


def add_note(case: Case, body: str, *, actor: User, internal: bool = True) -> CaseNote:
    """An officer's note; internal notes never reach the reporter or the public."""
    body = (body or "").strip()
    if has_control_chars(body):
        raise InvalidData("Catatan mengandung karakter kontrol.", details={"body": "Tidak valid."})
    if not body:
        raise InvalidData("Catatan kosong.", details={"body": "Wajib diisi."})
    note = CaseNote(
        case_id=case.id,
        author_id=actor.id,
        internal=internal,
        body=body[:8000],
        created_at=clock.now(),
    )
    db.session.add(note)
    db.session.flush()
    audit.record(
        "note_added",
        actor=f"user:{actor.id}",
        case_id=case.id,
        payload={"note_id": note.id, "internal": internal},
    )
    return note


def reassign_task(task_id: str, assignee: User, *, actor: User) -> HumanTask:
    """Hand a ready task to a colleague in the same unit (who can act on its lane)."""
    task = get_task(task_id)
    if not can_act_on_lane(actor, task.lane, task.unit_id):
        raise NotFound("task not found")
    if task.state != TaskState.READY:
        raise Conflict("this task is no longer open")
    if not can_act_on_lane(assignee, task.lane, task.unit_id):
        raise InvalidData(
            "the colleague cannot act on this task", details={"assignee": "Bukan anggota unit ini."}
        )
    task.assignee_id = assignee.id
    audit.record(
        "task_reassigned",
        actor=f"user:{actor.id}",
        case_id=task.case_id,
        payload={"task": task.spec, "to": assignee.username},
    )
    db.session.flush()
    return task


@dataclass(frozen=True)
class Identity:
    """What one officer may see of a reporter; `nik` only for the verifying role."""

    name: str | None
    phone: str | None
    email: str | None
    nik: str | None


def reporter_identity(case: Case, *, actor: User) -> Identity | None:
    """The one identity policy, for every face (desk, API); every look is written down.

    Anonymous case: the verifying role only. Not anonymous: also the officers handling the
    case may see name and contact (the portal promises the reporter exactly that), but the
    national ID number stays with the verifying role. Auditors never see identities.
    """
    roles = actor.roles()
    verifying = bool(roles & IDENTITY_ROLES)
    if case.anonymous and not verifying:
        raise Forbidden("only the verifying role may see an anonymous reporter's identity")
    if Role.AUDITOR in roles and not verifying:
        raise Forbidden("auditors do not see reporter identities")
    reporter = db.session.get(Reporter, case.id)
    audit.record(
        "identity_viewed",
        actor=f"user:{actor.id}",
        case_id=case.id,
        payload={"anonymous": case.anonymous, "with_nik": verifying},
    )
    if reporter is None:
        return None
    return Identity(reporter.name, reporter.phone, reporter.email,
                    reporter.nik if verifying else None)
