"""A case's conversation as the desk shows it: messages in and out, with delivery state.

Inbound: the messages the reporter sent on a channel (the text masked by the identity
shield for everyone but the verifying role, like every citizen text), what became of each.
Outbound: the outbox deliveries to the reporter (receipt, status notices, automatic
replies, a social post's status replies) with their state: pending, sent, failed,
suppressed (the address said STOP) or withheld (the case turned confidential).
Never the address: the sender is personal data and the thread names only the channel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from domain.cases.models import Case
from domain.cases.shielded import shielded
from domain.channels.models import InboundMessage
from domain.db import db
from domain.enums import Channel, InboundStatus
from domain.outbox.models import OutboxMessage

OUTBOUND_KINDS = ("sms", "email", "channel_reply")
LIMIT = 200  # a conversation longer than this shows its latest part


@dataclass(frozen=True)
class ThreadItem:
    at: datetime
    inbound: bool
    channel: str  # a Channel value
    label: str  # an outcome code (inbound) or a template code (outbound)
    text: str | None  # inbound text, masked unless the reader sees originals
    state: str  # inbound: the outcome; outbound: pending, sent, failed, suppressed, withheld


def _outbound_channel(row: OutboxMessage, inbound_channels: dict[int, Channel]) -> str:
    if row.kind == "channel_reply":
        return inbound_channels.get(int(row.payload.get("inbound_id", 0)), Channel.SMS).value
    return row.kind


def thread(case: Case, *, reveal: bool) -> list[ThreadItem]:
    """The case's messages in and out, oldest first (at most LIMIT of each kind)."""
    messages = list(db.session.execute(
        sa.select(InboundMessage).where(InboundMessage.case_id == case.id,
                                        InboundMessage.status == InboundStatus.DONE)
        .order_by(InboundMessage.id.desc()).limit(LIMIT)).scalars())[::-1]
    rows = list(db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.case_id == case.id,
                                       OutboxMessage.kind.in_(OUTBOUND_KINDS))
        .order_by(OutboxMessage.id.desc()).limit(LIMIT)).scalars())[::-1]
    channels = {m.id: m.channel for m in messages}
    items = [ThreadItem(m.received_at, True, m.channel.value, m.outcome or "",
                        m.text if reveal else shielded(m.text, case), m.outcome or "")
             for m in messages]
    for row in rows:
        if row.payload.get("recipient", "reporter") != "reporter":
            continue  # officers' e-mails (escalations) are not the reporter's conversation
        state = "suppressed" if row.payload.get("suppressed") else \
            "withheld" if row.payload.get("withheld") else row.status.value
        template = str(row.payload.get("template") or row.kind)
        if template == "status" and row.payload.get("to"):
            template = f"status:{row.payload['to']}"
        items.append(ThreadItem(row.sent_at or row.created_at, False,
                                _outbound_channel(row, channels), template, None, state))
    # Stable: at one moment, messages in before messages out, each in the order written.
    return sorted(items, key=lambda item: item.at)


def has_incomplete_message(case: Case) -> bool:
    """Whether the case was made from a multi-part SMS whose parts never all came."""
    return db.session.execute(sa.select(InboundMessage.id).where(
        InboundMessage.case_id == case.id, InboundMessage.outcome == "case_incomplete")
    ).first() is not None


def latest_answer(case: Case) -> str | None:
    """The unit's last public answer (the follow-up task's `answer`), for the reporter's
    notification on his own channel."""
    from domain.audit.models import CaseEvent

    events = db.session.execute(sa.select(CaseEvent.payload).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == "task_completed")
        .order_by(CaseEvent.id.desc()).limit(5)).scalars()
    for payload in events:
        answer = ((payload or {}).get("data") or {}).get("answer")
        if isinstance(answer, str) and answer.strip():
            return answer.strip()
    return None


def filing_message(case: Case) -> InboundMessage | None:
    """The message that made the case (the first, for a multi-part SMS), if a channel did."""
    return db.session.execute(
        sa.select(InboundMessage).where(
            InboundMessage.case_id == case.id,
            InboundMessage.outcome.in_(("case_created", "case_incomplete")))
        .order_by(InboundMessage.id).limit(1)).scalar_one_or_none()
