"""Carrying out outbox rows after commit: fan events out, deliver messages, render letters.

The domain writes *event* rows (`receipt`, `status_changed`, `escalation`, `disposed`,
`reporter_notice`) in the transaction that causes them, with the event's facts
(domain/outbox/facts.py). Processing an event inserts one *delivery* row per channel and
recipient (`email`, `sms`, `letter`; an officer's may wait for his digest instead,
jobs/notices.py), so each delivery is retried on its own and a failed SMS never re-sends the
e-mail that already went out.

Every row is processed in one transaction: claim it (PostgreSQL: `FOR UPDATE SKIP LOCKED`;
SQLite: a conditional UPDATE, which takes SQLite's single write lock), do the work, mark it
sent, commit. A second delivery of the same job finds the row locked or sent and does
nothing; a failure records the attempt, backs off exponentially and gives up after
MAX_ATTEMPTS. The one duplicate no protocol prevents is a crash after the provider accepted
a message and before our commit; then the row is retried (at-least-once on crashes only).
Addresses are looked up when sending, so they never sit in the outbox or in a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from domain.cases.duplicates import merged_into
from domain.cases.models import Case, HumanTask, Reporter
from domain.channels.conversation import opted_out
from domain.channels.segments import fit
from domain.clock import clock
from domain.db import db
from domain.enums import Channel, OutboxStatus
from domain.integrations.webhooks import active_webhooks
from domain.letters.triggers import letter_on_status
from domain.org.models import User
from domain.outbox import operations as outbox
from domain.outbox.models import OutboxMessage
from domain.outbox.recipients import reporter_channels
from jobs import channels, conversations, dispatch, messages, notices, queues
from jobs.duplicates import score_filed_case
from jobs.runtime import job
from jobs.webhooks import deliver_webhook
from wording import channels as channel_words

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
SECRET_KEYS = ("reporter_key", "reset_url")  # secrets leave the row once sent
MAX_SMS_SEGMENTS = 3  # a notification longer than this is cut (and says so with "...")


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... capped at an hour."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Lock a due, pending row for this transaction and count the attempt; None if taken."""
    if db.session.get_bind().dialect.name == "postgresql":
        row = db.session.execute(
            sa.select(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
            ).with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if row is not None:
            row.attempts += 1
        return row
    result = db.session.execute(
        sa.update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
        ).values(attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    row = db.session.get(OutboxMessage, message_id)
    db.session.refresh(row)
    return row


def _delivery(parent: OutboxMessage, kind: str, recipient: str, payload: dict[str, Any]) -> None:
    outbox.enqueue(kind, f"d:{parent.id}:{kind}:{recipient}", case_id=parent.case_id,
                   payload={"recipient": recipient, **payload})


def _to_reporter(parent: OutboxMessage, template: str, extra: dict[str, Any]) -> None:
    for channel in reporter_channels(parent.case_id):
        _delivery(parent, channel, "reporter", {"template": template, **extra})


def expand_receipt(message: OutboxMessage) -> None:
    _to_reporter(message, "receipt", {"reporter_key": message.payload.get("reporter_key")})


def _to_reporters(parent: OutboxMessage, template: str, extra: dict[str, Any]) -> None:
    """The case's reporter, and the reporters of the duplicates merged into it (they follow
    it), each on his own channels; a STOP is honoured when each delivery is sent."""
    _to_reporter(parent, template, extra)
    for merged in merged_into(parent.case_id):
        for channel in reporter_channels(merged):
            _delivery(parent, channel, f"reporter:{merged}", {"template": template, **extra})


def expand_status(message: OutboxMessage) -> None:
    old, new = message.payload.get("from"), message.payload.get("to")
    # The event's facts travel with each delivery (rows from before facts have none).
    facts = {"facts": message.payload["facts"]} if "facts" in message.payload else {}
    if old != "submitted":  # the receipt already told the reporter the case was filed
        _to_reporters(message, "status", {"from": old, "to": new, **facts})
        conversations.announce_status(message, str(new))  # a public social post's reply
    letter = letter_on_status(old, new)  # the rule lives in domain/letters/triggers.py
    if letter:
        _delivery(message, "letter", "case", {"letter": letter})
    case = db.session.get(Case, message.case_id)
    for webhook in active_webhooks(case.agency_id if case else None):  # connected systems
        _delivery(message, "webhook", f"webhook:{webhook.id}", {"from": old, "to": new})


def expand_reporter_notice(message: OutboxMessage) -> None:
    """A task marked `reporter_notice` became ready (e.g. the answer's time was extended):
    the reporters hear it on their own channels, as they hear a status."""
    _to_reporters(message, "reporter_notice", {"facts": message.payload["facts"]})


def _address(message: OutboxMessage, channel: str) -> str | None:
    recipient = message.payload.get("recipient", "")
    if recipient == "reporter" or recipient.startswith("reporter:"):
        case_id = int(recipient[9:]) if recipient != "reporter" else message.case_id
        reporter = db.session.get(Reporter, case_id)
        if reporter is None:
            return None
        return reporter.email if channel == "email" else reporter.phone
    if recipient.startswith("user:"):
        user = db.session.get(User, int(recipient[5:]))
        return user.email if user is not None and user.active else None
    return None


def _locale(message: OutboxMessage) -> str:
    """An officer's own language; reporters hear the service's default (Indonesian)."""
    recipient = message.payload.get("recipient", "")
    user = db.session.get(User, int(recipient[5:])) if recipient.startswith("user:") else None
    return user.locale if user is not None else "id"


def _text(message: OutboxMessage) -> messages.Message:
    case = db.session.get(Case, message.case_id) if message.case_id is not None else None
    task = db.session.get(HumanTask, message.payload["task_id"]) \
        if message.payload.get("task_id") and "facts" not in message.payload else None
    return messages.render(message.payload["template"], case, message.payload, task,
                           _locale(message))


def deliver_email(message: OutboxMessage) -> None:
    """An e-mail; a reporter's address that said STOP (by mail) gets none, like a number."""
    to = _address(message, "email")
    if to and message.payload.get("recipient", "").startswith("reporter") and opted_out(to):
        message.payload = {**message.payload, "suppressed": True}
    elif to:
        settings = current_app.config["ADUAN"]
        text = _text(message)
        case = db.session.get(Case, message.case_id) if message.case_id else None
        channels.send_email(settings.smtp_url, settings.data_dir, to, text.subject, text.body,
                            thread=case.tracking_id if case is not None else None)


def deliver_sms(message: OutboxMessage) -> None:
    """An SMS to the reporter, unless his number said STOP; at most MAX_SMS_SEGMENTS long.

    A case filed by SMS gets the short receipt (one GSM-7 SMS, no reporter key: the number
    itself authorises his replies, docs/channels.md); any other case's SMS receipt is one
    GSM-7 SMS with the tracking id and the key."""
    to = _address(message, "sms")
    if not to or opted_out(to):
        if to:
            message.payload = {**message.payload, "suppressed": True}
        return
    settings = current_app.config["ADUAN"]
    case = db.session.get(Case, message.case_id)
    if message.payload.get("template") == "receipt":
        key = str(message.payload.get("reporter_key") or "")
        with force_locale("id"):
            body = channel_words.sms_receipt(case.tracking_id) \
                if case.channel == Channel.SMS or not key \
                else channel_words.sms_receipt_with_key(case.tracking_id, key)
    else:
        body = _text(message).body
    channels.send_sms(settings.sms_gateway_url, settings.data_dir, to,
                      fit(body, MAX_SMS_SEGMENTS))


def deliver_letter(message: OutboxMessage) -> None:
    from jobs.letters import render_letter

    render_letter(message.case_id, message.payload["letter"])


HANDLERS: dict[str, Callable[[OutboxMessage], None]] = {
    "receipt": expand_receipt, "status_changed": expand_status,
    "escalation": notices.expand_escalation, "disposed": notices.expand_disposed,
    "reporter_notice": expand_reporter_notice,
    "email": deliver_email, "sms": deliver_sms,
    "letter": deliver_letter, "webhook": deliver_webhook,
    "inbound": conversations.handle_inbound,
    "concat_timeout": conversations.handle_concat_timeout,
    "channel_reply": conversations.deliver_reply,
    "duplicates": score_filed_case,
}


def _scrub(message: OutboxMessage) -> None:
    if any(key in message.payload for key in SECRET_KEYS):
        message.payload = {k: v for k, v in message.payload.items() if k not in SECRET_KEYS}


def process(message_id: int) -> str:
    """Claim, carry out and settle one row in one transaction; the boundary commits here."""
    now = clock.now()
    message = claim(message_id, now)
    if message is None:
        db.session.rollback()
        return "not due, taken or done"
    handler = HANDLERS.get(message.kind)
    retry_at: datetime | None = None
    try:
        if handler is None:
            raise channels.DeliveryError(f"no handler for outbox kind {message.kind!r}")
        with db.session.begin_nested():  # a failure undoes the handler's writes, not the claim
            handler(message)
    except Exception as exc:
        error = exc if isinstance(exc, channels.DeliveryError) else \
            channels.DeliveryError(f"{type(exc).__name__}: {channels.redact(str(exc))}")
        message.last_error = str(error)[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            _scrub(message)
        else:
            retry_at = message.next_attempt_at = now + backoff(message.attempts)
        log.warning("outbox %s (%s) attempt %d failed: %s", message.id, message.kind,
                    message.attempts, type(exc).__name__)
    else:
        message.status, message.sent_at, message.last_error = OutboxStatus.SENT, now, None
        _scrub(message)
    db.session.commit()
    if retry_at is not None:
        _schedule_retry(message.id, message.kind, retry_at, message.attempts)
        return "retry"
    return message.status.value


def _schedule_retry(message_id: int, kind: str, at: datetime, attempt: int) -> None:
    url = current_app.config["ADUAN"].redis_url
    try:
        dispatch.schedule_outbox(queues.queue(queues.outbox_queue_name(kind), url),
                                 message_id, at, clock.now(), attempt=attempt)
    except Exception:  # the sweeper re-enqueues due rows
        log.warning("outbox %s: could not schedule the retry; the sweeper will", message_id)


@job
def process_outbox_job(message_id: int) -> str:
    """RQ entry point for one outbox row."""
    return process(message_id)


def due_message_ids(now: datetime, older_than: timedelta,
                    limit: int = 1000) -> list[tuple[int, str]]:
    """Pending rows whose attempt is due since `older_than` (their job was likely lost)."""
    rows = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.kind)
        .where(OutboxMessage.status == OutboxStatus.PENDING,
               OutboxMessage.next_attempt_at <= now - older_than)
        .order_by(OutboxMessage.next_attempt_at).limit(limit)
    ).all()
    db.session.rollback()
    return [(row.id, row.kind) for row in rows]
