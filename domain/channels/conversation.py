"""What an inbound message does: a case, a response, a status, an opt-out, or the help.

Runs in the `inbound` outbox row's job, once per message (the outbox claims the row). Every
message ends `done` with an `outcome` code and at most one automatic reply: a new case's
reply is its receipt (the outbox's `receipt` event, one GSM-7 SMS for an SMS case); every
other answer is one `channel_reply` row keyed by the message, so a second run adds none.
The reply's words are chosen when it is sent (`jobs/conversations.py`, `wording/channels`);
the row carries only codes and the tracking id, never personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from domain.cases.intake import Intake, submit_case
from domain.cases.models import Case
from domain.channels import keywords, mail, threads
from domain.channels.keywords import Check, Command, Help, Report, Respond, Start, Stop
from domain.channels.models import AgencyKeyword, InboundMessage, OptOut
from domain.clock import clock
from domain.db import db
from domain.enums import CaseKind, Channel, InboundStatus
from domain.org.models import Agency
from domain.outbox import operations as outbox

log = logging.getLogger(__name__)
CASE_OUTCOMES = ("case_created", "case_incomplete")
STOP_CONFIRMATION = "stopped"


@dataclass(frozen=True)
class Policy:
    """The installation's channel settings a conversation needs (from ADUAN_* settings)."""

    default_region: str = ""
    reports_per_hour: int = 10
    concat_timeout: timedelta = timedelta(minutes=10)


def known_categories() -> list[str]:
    """The installation's category codes, which the keyword table maps onto.

    Categories are becoming data (`domain/cases/categories.py`, the category table);
    until that module is on main, the intake schema's fixed list stands in.
    """
    try:
        from domain.cases.categories import active_categories
    except ImportError:
        from domain.cases.schemas import CATEGORIES

        return list(CATEGORIES)
    return [category.code for category in active_categories()]


def opted_out(address: str) -> bool:
    return db.session.get(OptOut, address) is not None


def public_post(message: InboundMessage) -> bool:
    """Whether a social bridge delivered the message as a public post (`kind: mention`)."""
    return message.channel == Channel.SOCIAL and (message.raw or {}).get("kind") == "mention"


def agency_keywords() -> dict[str, Agency]:
    """Keyword -> agency, a small table read once per message."""
    rows = db.session.execute(sa.select(AgencyKeyword, Agency).join(
        Agency, Agency.id == AgencyKeyword.agency_id)).all()
    return {keyword.keyword.upper(): agency for keyword, agency in rows}


def handle(message: InboundMessage, text: str, policy: Policy, *,
           incomplete: bool = False) -> str:
    """Act on `message` (whose joined text is `text`); returns its outcome code."""
    if message.channel == Channel.EMAIL and mail.is_automatic(
            message.raw.get("headers") or {}, message.sender):
        message.status, message.outcome, message.processed_at = \
            InboundStatus.DONE, "dropped", clock.now()
        _attachments(message, None)  # a robot's files are neither stored nor kept
        return "dropped"  # robots get no answer: two auto-responders never loop through us
    agencies = agency_keywords() if message.channel == Channel.SMS else {}
    if message.channel == Channel.SMS:
        command: Command = keywords.parse(text, agencies)
    elif message.channel == Channel.EMAIL:
        command = _mail_command(message, text)
    else:
        command = _non_sms_command(message, text)
    outcome, case, reply = _act(message, command, agencies, policy, incomplete)
    if message.channel == Channel.EMAIL:  # a file is stored only on a case it made or answered
        _attachments(message, case if outcome in ("case_created", "threaded") else None)
    message.status, message.outcome, message.processed_at = \
        InboundStatus.DONE, outcome, clock.now()
    message.case_id = case.id if case is not None else None
    # STOP's own confirmation is the one message an opted-out number still gets.
    if reply is not None and (reply[0] == STOP_CONFIRMATION or not opted_out(message.sender)):
        template, extra = reply
        outbox.enqueue("channel_reply", f"reply:{message.id}", case_id=message.case_id,
                       payload={"inbound_id": message.id, "template": template, **extra})
    return outcome


def _non_sms_command(message: InboundMessage, text: str) -> Command:
    """E-mail and social posts are reports unless they ask for a status (or, for e-mail,
    name a case: the mail adapter's threading has already looked at subject and headers)."""
    command = keywords.parse(text)
    if isinstance(command, Check | Stop | Start):
        return command
    if isinstance(command, Respond) and message.channel == Channel.EMAIL:
        return command
    return Report(text, None, None, None)


def _mail_command(message: InboundMessage, text: str) -> Command:
    """A mail naming a case (our Message-ID, its tracking id in the subject) is a response
    on it, never a new case; any other mail is a report (or a CEK)."""
    for tracking_id in mail.thread_candidates(message.subject, message.reference):
        if _case(tracking_id) is not None:
            return Respond(tracking_id, mail.new_text(text), explicit=True)
    command = keywords.parse(text)
    if isinstance(command, Check):
        return command
    if not (text or message.subject):
        return Help(asked=False)  # an empty mail: the formats, no empty case
    return Report(text or (message.subject or ""), None, None, None)


def _attachments(message: InboundMessage, case: Case | None) -> None:
    """The mail's files through the portal's checks (when it made or answered a case);
    the raw row then keeps each file's name, size and refusal, never its bytes."""
    files = message.raw.get("attachments") or []
    if not files:
        return
    reasons = mail.store_attachments(case, message.raw) if case is not None \
        else [None] * len(files)
    kept = []
    for item, reason in zip(files, reasons, strict=True):
        if isinstance(item, dict):
            row = {k: v for k, v in item.items() if k != "content"}
            kept.append(row | {"size": len(str(item.get("content") or ""))}
                        | ({"refused": reason} if reason else {}))
    message.raw = {**message.raw, "attachments": kept}


Reply = tuple[str, dict[str, Any]] | None


def _act(message: InboundMessage, command: Command, agencies: dict[str, Agency],
         policy: Policy, incomplete: bool) -> tuple[str, Case | None, Reply]:
    if isinstance(command, Report):
        return _report(message, command, agencies, policy, incomplete)
    if isinstance(command, Respond):
        return _respond(message, command)
    if isinstance(command, Check):
        return _check(command)
    if isinstance(command, Stop):
        if not opted_out(message.sender):
            db.session.add(OptOut(address=message.sender, created_at=clock.now()))
            db.session.flush()
        return "opted_out", None, (STOP_CONFIRMATION, {})  # the last message it gets
    if isinstance(command, Start):
        db.session.execute(sa.delete(OptOut).where(OptOut.address == message.sender))
        return "opted_in", None, ("started", {})
    assert isinstance(command, Help)
    return ("help" if command.asked else "unparsed"), None, ("help", {})


def _over_limit(message: InboundMessage, policy: Policy) -> bool:
    since = clock.now() - timedelta(hours=1)
    made = db.session.execute(sa.select(sa.func.count()).select_from(InboundMessage).where(
        InboundMessage.sender == message.sender, InboundMessage.received_at >= since,
        InboundMessage.outcome.in_(CASE_OUTCOMES))).scalar_one()
    return made >= policy.reports_per_hour


def _report(message: InboundMessage, command: Report, agencies: dict[str, Agency],
            policy: Policy, incomplete: bool) -> tuple[str, Case | None, Reply]:
    if _over_limit(message, policy):  # logged, no case, no reply (a flood costs us nothing)
        log.warning("channel %s: sender over %d reports an hour; inbound %d dropped",
                    message.channel.value, policy.reports_per_hour, message.id)
        return "rate_limited", None, None
    agency = agencies.get(command.agency_keyword or "")
    region = (agency.region_code if agency is not None else None) or policy.default_region
    title = keywords.title_of(message.subject or command.text)
    intake = Intake(
        kind=CaseKind.COMPLAINT, title=title or command.text[:100],
        description=command.text,
        category=keywords.category_code(command.category, command.text, known_categories()),
        region=region, location=(command.location or None) and command.location[:300],
        channel=message.channel,
        reporter_phone=message.sender if message.channel == Channel.SMS else None,
        reporter_email=message.sender if message.channel == Channel.EMAIL else None,
        # A public mention is public already: its case is too (the author stays anonymous).
        # Anything else, a direct message included, is confidential: the safe default.
        confidential=not public_post(message),
        reporter_handle=message.sender if message.channel == Channel.SOCIAL else None,
    )
    receipt = submit_case(intake)
    if receipt.repeated:  # the same text from the same sender minutes ago: that case
        return "case_repeat", receipt.case, ("repeat", {"tracking_id": receipt.tracking_id})
    outcome = "case_incomplete" if incomplete else "case_created"
    # SMS and e-mail reporters get the outbox's receipt (their contact is on the case);
    # a social author is answered in public with the tracking id alone.
    reply = ("receipt", {"tracking_id": receipt.tracking_id}) \
        if message.channel == Channel.SOCIAL else None
    return outcome, receipt.case, reply


def _case(tracking_id: str) -> Case | None:
    return db.session.execute(
        sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one_or_none()


def _respond(message: InboundMessage, command: Respond) -> tuple[str, Case | None, Reply]:
    case = _case(command.tracking_id)
    if case is None:
        if not command.explicit:  # a word that only looked like an ID: not understood
            return "unparsed", None, ("help", {})
        return "unknown_case", None, ("unknown_case", {"tracking_id": command.tracking_id})
    if not threads.owns(case, message.channel, message.sender):
        # Says only that nothing was threaded: whether the case exists stays unsaid.
        return "not_owner", None, ("not_owner", {"tracking_id": command.tracking_id})
    if not command.text:
        return "unparsed", case, ("help", {})
    threads.respond(case, command.text, message.channel)
    return "threaded", case, ("threaded", {"tracking_id": case.tracking_id})


def _check(command: Check) -> tuple[str, Case | None, Reply]:
    case = _case(command.tracking_id) if command.tracking_id else None
    if case is None:
        return "unknown_case", None, ("unknown_case",
                                      {"tracking_id": command.tracking_id or ""})
    return "checked", None, ("checked", {"tracking_id": case.tracking_id,
                                         "status": case.status.value})
