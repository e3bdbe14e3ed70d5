"""A case, its reporter, attachments, copies, and its workflow projection."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.db import BigId, Json, UTCDateTime, db, enum_type
from domain.enums import CaseKind, CaseStatus, Channel, TaskState, TimerStatus
from domain.org.models import Agency, Unit, User


class Case(db.Model):
    """A complaint, aspiration or information request and where it stands."""

    __tablename__ = "case"
    __table_args__ = (
        sa.CheckConstraint(
            "(status IN ('closed', 'archived')) = (closed_at IS NOT NULL)",
            name="closed_at_iff_final",
        ),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        sa.Index("ix_case_unit_status", "unit_id", "status", "id"),
        sa.Index("ix_case_public_list", "confidential", "status", "id"),
        sa.Index("ix_case_duplicates", "category", "submitted_at"),
        sa.Index("ix_case_closed", "closed_at", "id"),  # the replay: newest finished first
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tracking_id: Mapped[str] = mapped_column(sa.String(16), unique=True)
    reporter_key_hash: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[CaseKind] = mapped_column(enum_type(CaseKind))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel), default=Channel.WEB)
    category: Mapped[str] = mapped_column(sa.String(64), index=True)
    region_code: Mapped[str] = mapped_column(sa.String(16), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    original_title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text)
    location: Mapped[str | None] = mapped_column(sa.String(300))
    # WGS84 coordinates of the event, when the reporter gave them (map picker, Open311).
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    # A duplicate merged into its primary (archived with reason `duplicate`).
    duplicate_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    event_date: Mapped[date | None] = mapped_column(sa.Date)
    # Safe defaults: a reporter who says nothing stays anonymous and the case stays private.
    anonymous: Mapped[bool] = mapped_column(default=True)
    confidential: Mapped[bool] = mapped_column(default=True)
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.SUBMITTED)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    process_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("process_version.id"), index=True
    )
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_rule: Mapped[str | None] = mapped_column(sa.String(64))
    # The soonest timer's own length (its working_days(n), at most the rule's maximum).
    due_working_days: Mapped[int | None] = mapped_column(sa.SmallInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalation_level: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    holds: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    forwards: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    reopens: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    rating: Mapped[int | None] = mapped_column(sa.SmallInteger)
    late: Mapped[bool] = mapped_column(default=False)  # any deadline of this case was missed
    version: Mapped[int] = mapped_column(default=1)
    # The head of this case's audit chain (its last seq and hash), written by
    # `domain.audit.operations.record` with the event: a deleted tail or chain shows.
    audit_seq: Mapped[int | None] = mapped_column()
    audit_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # The first follow-up (status `responded`): when, how many working days after filing,
    # and whether a deadline had been missed by then. Written once, by the projection.
    first_follow_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_follow_up_days: Mapped[int | None] = mapped_column(sa.SmallInteger)
    first_follow_up_late: Mapped[bool | None] = mapped_column()
    # The statistics rollup row this case is counted in and what it adds there
    # (`domain.stats.rollup`); kept in the case's own UPDATE, so the next change knows
    # exactly what to subtract without reading anything.
    rollup: Mapped[str | None] = mapped_column(sa.String(255))

    agency: Mapped[Agency | None] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Reporter(db.Model):
    """The reporter's identity, kept apart so only the verifying role ever loads it."""

    __tablename__ = "reporter"
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    nik: Mapped[str | None] = mapped_column(sa.String(16))
    # Set by the retention job (domain/cases/retention.py) when the identity was replaced.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Attachment(db.Model):
    """A file the reporter sent; stored under a random name, never the upload's."""

    __tablename__ = "attachment"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    label: Mapped[str] = mapped_column(sa.String(120))  # sanitised display name
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CaseCopy(db.Model):
    """A tembusan: a unit that receives the case for information only."""

    __tablename__ = "case_copy"
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), primary_key=True, index=True)


class CaseNote(db.Model):
    """A reply on the case: internal (officers only) or public (the reporter sees it)."""

    __tablename__ = "case_note"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    from_reporter: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=True)
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[User | None] = relationship(lazy="joined")


class WorkflowState(db.Model):
    """The engine instance's state, without its spec (the spec lives on the version)."""

    __tablename__ = "workflow_state"
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(Json)
    # The case facts read from the instance after the last step (unit, agency, counters),
    # so the next step can apply only what changed.
    facts: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HumanTask(db.Model):
    """Projection of a ready (or past) user task, so inboxes never load the engine."""

    __tablename__ = "human_task"
    __table_args__ = (
        sa.Index("ix_human_task_inbox", "state", "lane", "unit_id", "due_at"),
        # The inbox's own order (no deadline last, soonest first): a page reads a few rows in
        # index order instead of sorting every ready task (migration 5c1e7a9d2f40).
        sa.Index("ix_human_task_ready_order", "state", sa.text("(due_at IS NULL)"), "due_at",
                 "id"),
        sa.CheckConstraint(
            "(state = 'ready') = (finished_at IS NULL)", name="finished_iff_not_ready"
        ),
    )
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)  # the engine's task id
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    spec: Mapped[str] = mapped_column(sa.String(128))
    label: Mapped[str] = mapped_column(sa.String(200))
    lane: Mapped[str] = mapped_column(sa.String(32))
    form: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(32))
    escalation: Mapped[int] = mapped_column(sa.SmallInteger, default=0)
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_rule: Mapped[str | None] = mapped_column(sa.String(64))
    due_working_days: Mapped[int | None] = mapped_column(sa.SmallInteger)  # the timer's n
    state: Mapped[TaskState] = mapped_column(enum_type(TaskState), default=TaskState.READY)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    case: Mapped[Case] = relationship(lazy="joined")


class Timer(db.Model):
    """A deadline the case waits on. This row, not Redis, is the source of truth."""

    __tablename__ = "timer"
    __table_args__ = (
        sa.Index("ix_timer_due", "status", "due_at"),
        sa.CheckConstraint(
            "(status = 'fired') = (fired_at IS NOT NULL)", name="fired_at_iff_fired"
        ),
    )
    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)  # the engine's task id
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    spec: Mapped[str] = mapped_column(sa.String(128))
    attached_to: Mapped[str | None] = mapped_column(sa.String(128))
    rule: Mapped[str] = mapped_column(sa.String(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Working days counted from created_at to due_at: the timer's working_days(n), or what
    # was left when a clock paused by a hold resumed. NULL on rows from before it was kept.
    # A declared or withdrawn cuti bersama recomputes due_at from these two.
    working_days: Mapped[int | None] = mapped_column(sa.SmallInteger)
    status: Mapped[TimerStatus] = mapped_column(enum_type(TimerStatus), default=TimerStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Category(db.Model):
    """A case category (kategori): data, so an agency's new service needs no code change.

    A case keeps its code (`case.category`) for ever; deactivating a category only stops new
    cases from choosing it. `sensitive` categories need a second verifying officer's approval
    before anyone sees a reporter's identity (domain/cases/identity.py).
    """

    __tablename__ = "category"
    code: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name_id: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    sensitive: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Lists show categories in this order, then by code; "other" sits last.
    position: Mapped[int] = mapped_column(sa.SmallInteger, default=100, server_default="100")


class ShieldOverride(db.Model):
    """The verifying officer's correction of the identity shield on one text field of a case:
    a range he masked by hand (`mask`) or a detection he released as a false positive
    (`release`). Kept as offsets into the original text, never the value itself."""

    __tablename__ = "shield_override"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "field", "start", "end", "action",
                            name="uq_shield_override"),
        sa.CheckConstraint("action IN ('mask', 'release')", name="shield_override_action"),
        sa.CheckConstraint('"start" >= 0 AND "end" > "start"', name="shield_override_range"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("case.id"), index=True)
    field: Mapped[str] = mapped_column(sa.String(32))
    start: Mapped[int] = mapped_column()
    end: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(sa.String(8))
    created_by: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
