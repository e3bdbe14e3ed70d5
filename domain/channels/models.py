"""Messages that came in on a channel, numbers that opted out, agency keywords of SMS."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from domain.db import BigId, Json, UTCDateTime, db, enum_type
from domain.enums import Channel, InboundStatus


class InboundMessage(db.Model):
    """One message as a gateway delivered it: raw payload kept, handled once by a job.

    `(provider, external_id)` is unique, so a gateway's redelivery of the same message id
    is recognised and changes nothing. `sender` (a number in E.164, an address, a handle)
    is personal data like the reporter's phone: it is shown only to the verifying role.
    """

    __tablename__ = "inbound_message"
    __table_args__ = (
        sa.UniqueConstraint("provider", "external_id", name="uq_inbound_provider_id"),
        sa.Index("ix_inbound_sender_received", "sender", "received_at"),
        sa.Index("ix_inbound_concat", "provider", "sender", "concat_ref"),
        sa.CheckConstraint("(status = 'done') = (processed_at IS NOT NULL)",
                           name="processed_iff_done"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_type(Channel))
    provider: Mapped[str] = mapped_column(sa.String(32))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    sender: Mapped[str] = mapped_column(sa.String(254))
    recipient: Mapped[str | None] = mapped_column(sa.String(254))
    subject: Mapped[str | None] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    # Threading hints of e-mail (In-Reply-To, References), the post's URL of social media.
    reference: Mapped[str | None] = mapped_column(sa.String(1000))
    raw: Mapped[dict[str, Any]] = mapped_column(Json)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A multi-part SMS (Vonage `concat-ref`): the parts share a ref, the first part
    # carries the joined text once every part (or the timeout) came.
    concat_ref: Mapped[str | None] = mapped_column(sa.String(64))
    concat_part: Mapped[int | None] = mapped_column(sa.SmallInteger)
    concat_total: Mapped[int | None] = mapped_column(sa.SmallInteger)
    status: Mapped[InboundStatus] = mapped_column(
        enum_type(InboundStatus), default=InboundStatus.RECEIVED)
    outcome: Mapped[str | None] = mapped_column(sa.String(32))  # a code: case_created, ...
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case.id"), index=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OptOut(db.Model):
    """An address that said STOP: no message of ours reaches it until it says MULAI."""

    __tablename__ = "channel_opt_out"
    address: Mapped[str] = mapped_column(sa.String(254), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgencyKeyword(db.Model):
    """A first word of an SMS that names an agency (`MEDAN <teks>` goes to Kota Medan)."""

    __tablename__ = "channel_keyword"
    keyword: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agency.id"), index=True)
