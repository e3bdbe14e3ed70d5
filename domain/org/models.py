"""Agencies, their unit trees, officers and their memberships."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from domain.db import BigId, UTCDateTime, db, enum_type
from domain.enums import Role


class Region(db.Model):
    """A Kemendagri administrative area (`12` province, `12.71` city, ...)."""

    __tablename__ = "region"
    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    level: Mapped[int] = mapped_column(sa.SmallInteger)  # 1 province, 2 regency/city, 3, 4
    parent_code: Mapped[str | None] = mapped_column(sa.ForeignKey("region.code"), index=True)


class Agency(db.Model):
    """An instansi: ministry, local government, state company, university."""

    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(32), default="local_government")
    region_code: Mapped[str | None] = mapped_column(sa.ForeignKey("region.code"))
    # A deactivated agency keeps its history but receives no new case (routing skips it).
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    units: Mapped[list[Unit]] = relationship(back_populates="agency", lazy="raise_on_sql")
    # Loaded only where asked (admin pages, API): routing reads the table in its own query.
    areas: Mapped[list[AgencyArea]] = relationship(
        lazy="select", cascade="all, delete-orphan", order_by="AgencyArea.region_code"
    )

    @property
    def area_codes(self) -> list[str]:
        """The further areas it covers beside its seat region, in code order."""
        return [area.region_code for area in self.areas]


class AgencyArea(db.Model):
    """A further area an agency covers beside its seat (`Agency.region_code`).

    A provincial agency serving two cities, a state company's service regions: routing
    treats a further area exactly like the seat (and every area below it).
    """

    __tablename__ = "agency_area"
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), primary_key=True)
    region_code: Mapped[str] = mapped_column(
        sa.ForeignKey("region.code"), primary_key=True, index=True
    )


class Unit(db.Model):
    """A work unit (OPD) inside an agency; units form a tree per agency."""

    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    region_code: Mapped[str | None] = mapped_column(sa.ForeignKey("region.code"))
    # Materialised path of ids ("/3/7/"), so "this unit and its sub-units" is one indexed
    # prefix match instead of a recursive query on every inbox page.
    path: Mapped[str] = mapped_column(sa.String(512), index=True, default="/")
    # A deactivated unit is no longer offered for disposal; its past cases stay readable.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    agency: Mapped[Agency] = relationship(back_populates="units", lazy="joined")
    # Loaded on demand; the admin's unit list loads a page's parents in one statement.
    parent: Mapped[Unit | None] = relationship(remote_side=[id], lazy="select", viewonly=True)


class User(db.Model):
    """An officer, admin, process owner or auditor account (reporters need none)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    locale: Mapped[str] = mapped_column(sa.String(8), default="id")
    # "immediate" or "digest" (domain/outbox/preferences.py); None: the service's default.
    notice_mode: Mapped[str | None] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped at logout (and password change): every session cookie minted before is void.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )

    def roles(self) -> set[Role]:
        return {m.role for m in self.memberships}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles() & set(roles))


class Membership(db.Model):
    """A user's role in a unit (and its sub-units); global roles have no unit."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "unit_id", "role", name="uq_membership_user_unit_role"),
        # National admins and sysadmins act everywhere; unit roles always name their unit;
        # auditors and process owners may hold either (Ombudsman vs. a regional inspectorate).
        sa.CheckConstraint(
            "role NOT IN ('national_admin', 'sysadmin') OR unit_id IS NULL",
            name="global_roles_have_no_unit",
        ),
        sa.CheckConstraint(
            "role NOT IN ('coordinator', 'liaison', 'officer', 'supervisor') "
            "OR unit_id IS NOT NULL",
            name="unit_roles_have_a_unit",
        ),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_type(Role))
    user: Mapped[User] = relationship(back_populates="memberships")
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class PasswordReset(db.Model):
    """A one-time password reset link: only the token's SHA-256 is kept; used once, expires."""

    __tablename__ = "password_reset"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(sa.String(64))  # an audit actor string
