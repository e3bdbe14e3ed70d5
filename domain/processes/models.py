"""Process models and their immutable deployed versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.db import BigId, Json, UTCDateTime, db, enum_type
from domain.enums import DraftStatus


class ProcessModel(db.Model):
    """A lifecycle that process owners edit (the national template or an agency's copy)."""

    __tablename__ = "process_model"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    versions: Mapped[list[ProcessVersion]] = relationship(
        back_populates="model", lazy="raise_on_sql", order_by="ProcessVersion.number"
    )


class ProcessVersion(db.Model):
    """One deployed version. Never updated: running cases keep pointing at it."""

    __tablename__ = "process_version"
    __table_args__ = (
        sa.UniqueConstraint("model_id", "number", name="uq_process_version_model_number"),
        sa.UniqueConstraint("model_id", "sha256", name="uq_process_version_model_sha256"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model_id: Mapped[int] = mapped_column(sa.ForeignKey("process_model.id"), index=True)
    number: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    process_id: Mapped[str] = mapped_column(sa.String(128))
    # The content (tens of kilobytes) loads only when read: an intake needs the version's id
    # and hash, and the parsed definition comes from the process's cache (operations.py).
    bpmn_xml: Mapped[str] = mapped_column(sa.Text, deferred=True, deferred_group="content")
    dmn_xml: Mapped[list[str]] = mapped_column(Json, deferred=True, deferred_group="content")
    forms: Mapped[dict[str, Any]] = mapped_column(Json, deferred=True, deferred_group="content")
    # serialized engine spec, parsed once per process
    spec: Mapped[dict[str, Any]] = mapped_column(Json, deferred=True, deferred_group="content")
    # per-node lane/form/status/rule
    meta: Mapped[dict[str, Any]] = mapped_column(Json, deferred=True, deferred_group="content")
    # The scenarios the version was approved with (given/when/then, domain/processes/
    # scenarios.py); a new draft starts from them. Not part of the content hash: they test
    # the lifecycle, they do not change it.
    scenarios: Mapped[list[dict[str, Any]]] = mapped_column(
        Json, default=list, server_default=sa.text("'[]'"), deferred=True,
        deferred_group="content")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    deployed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    model: Mapped[ProcessModel] = relationship(back_populates="versions", lazy="joined")


class ProcessDraft(db.Model):
    """A process owner's work in progress on a model: edited freely, deployed only once approved.

    The database ties the state to its columns: a decision (approve, deploy, reject) always
    names who decided, and only approved or deployed drafts point at a version.
    """

    __tablename__ = "process_draft"
    __table_args__ = (
        sa.CheckConstraint(
            "(status IN ('approved', 'deployed')) = (version_id IS NOT NULL)",
            name="version_iff_approved",
        ),
        sa.CheckConstraint(
            "(status IN ('approved', 'deployed', 'rejected')) = (decided_by_id IS NOT NULL)",
            name="decided_iff_decision",
        ),
        sa.Index("ix_process_draft_model_status", "model_id", "status"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model_id: Mapped[int] = mapped_column(sa.ForeignKey("process_model.id"))
    base_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("process_version.id"))
    bpmn_xml: Mapped[str] = mapped_column(sa.Text)
    dmn_xml: Mapped[list[str]] = mapped_column(Json)
    forms: Mapped[dict[str, Any]] = mapped_column(Json)
    status: Mapped[DraftStatus] = mapped_column(enum_type(DraftStatus), default=DraftStatus.DRAFT)
    # The last validation's findings: [{"element_id", "message"}], empty when it passed.
    issues: Mapped[list[dict[str, str]]] = mapped_column(Json, default=list)
    # Scenarios the process owner writes next to the diagram; run by validation and before
    # submission and approval (a failing one blocks both).
    scenarios: Mapped[list[dict[str, Any]]] = mapped_column(
        Json, default=list, server_default=sa.text("'[]'"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("process_version.id"))
    model: Mapped[ProcessModel] = relationship(lazy="joined")
