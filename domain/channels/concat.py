"""Multi-part SMS: parts wait for each other, then make one message in part order.

Gateways such as Vonage deliver a long SMS as separate webhooks (`concat-ref`, `-total`,
`-part`), in any order. Each part is stored on its own; the job of the part that completes
the set joins the texts by part number and handles the result as one message. A part that
finds the set incomplete waits, with a `concat_timeout` outbox row due `Policy.concat_timeout`
after it came: if the rest never comes, what did come becomes a case flagged incomplete
(outcome `case_incomplete`), never lost. The outbox row is the timer: the sweeper
re-enqueues it if its job is lost, and it does nothing once the set was handled.

Two parts' jobs may run at once and both see the set complete; the one whose conditional
UPDATE claims every part wins, the other's claim matches fewer rows and it backs off.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.channels.conversation import Policy, handle
from domain.channels.models import InboundMessage
from domain.db import db
from domain.enums import InboundStatus
from domain.errors import Conflict
from domain.outbox import operations as outbox

OPEN = (InboundStatus.RECEIVED, InboundStatus.WAITING)
GAP = " [...] "  # where a missing part's text would be


def is_part(message: InboundMessage) -> bool:
    return bool(message.concat_ref) and (message.concat_total or 1) > 1


def _open_parts(message: InboundMessage) -> list[InboundMessage]:
    """The parts of `message`'s set not yet handled, one per part number, in part order."""
    rows = db.session.execute(sa.select(InboundMessage).where(
        InboundMessage.provider == message.provider, InboundMessage.sender == message.sender,
        InboundMessage.concat_ref == message.concat_ref,
        InboundMessage.concat_total == message.concat_total,
        InboundMessage.status.in_(OPEN)).order_by(InboundMessage.concat_part,
                                                  InboundMessage.id)).scalars()
    parts: dict[int, InboundMessage] = {}
    for row in rows:
        parts.setdefault(row.concat_part or 0, row)
    return [parts[number] for number in sorted(parts)]


def on_part(message: InboundMessage, policy: Policy) -> str:
    """One part's job: wait for the rest, or (the set complete) handle the joined text."""
    parts = _open_parts(message)
    if len(parts) < (message.concat_total or 1):
        message.status = InboundStatus.WAITING
        timeout = outbox.enqueue("concat_timeout", f"concat:{message.id}",
                                 payload={"inbound_id": message.id}, fresh=True)
        if timeout is not None:
            timeout.next_attempt_at = message.received_at + policy.concat_timeout
        return "waiting"
    return _assemble(parts, policy, incomplete=False)


def on_timeout(inbound_id: int, policy: Policy) -> str:
    """The timeout of a waiting part: if its set is still open, handle what came."""
    message = db.session.get(InboundMessage, inbound_id)
    if message is None or message.status != InboundStatus.WAITING:
        return "handled already"
    parts = _open_parts(message)
    return _assemble(parts, policy, incomplete=len(parts) < (message.concat_total or 1))


def _assemble(parts: list[InboundMessage], policy: Policy, *, incomplete: bool) -> str:
    claimed = db.session.execute(
        sa.update(InboundMessage)
        .where(InboundMessage.id.in_([p.id for p in parts]), InboundMessage.status.in_(OPEN))
        .values(status=InboundStatus.MERGED)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != len(parts):  # another part's job is handling this set
        raise Conflict("message_parts_taken")
    text = ""
    previous = 0
    for part in parts:
        number = part.concat_part or 0
        text += (GAP if number != previous + 1 and previous else "") + part.text
        previous = number
        part.status = InboundStatus.MERGED
    head = parts[0]
    if (head.concat_part or 1) != 1:
        text = GAP.lstrip() + text
    if previous < (head.concat_total or 1):
        text = text.rstrip() + GAP.rstrip()
    outcome = handle(head, text.strip(), policy, incomplete=incomplete)
    for part in parts[1:]:
        part.case_id = head.case_id
    return outcome
