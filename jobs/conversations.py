"""The channels' outbox kinds: handle an inbound message, time out its parts, send a reply.

`inbound` and `concat_timeout` rows run the domain's conversation (domain/channels) in the
outbox's transaction; `channel_reply` sends the one automatic answer to the address the
message came from (looked up from the inbound row when sending, so no address sits in the
outbox), unless that address opted out with STOP. SMS replies are cut to one SMS. The
same kind carries the public status replies under a social post (`announce_status`).
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale

from domain.cases.models import Case
from domain.channels import concat
from domain.channels.conversation import STOP_CONFIRMATION, Policy, opted_out
from domain.channels.mail import refusals
from domain.channels.models import InboundMessage
from domain.channels.operations import process_inbound
from domain.channels.queries import filing_message
from domain.channels.segments import fit
from domain.db import db
from domain.enums import Channel
from domain.outbox import operations as outbox
from domain.outbox.models import OutboxMessage
from jobs import channels
from wording import channels as words


def policy() -> Policy:
    settings = current_app.config["ADUAN"]
    return Policy(default_region=settings.sms_default_region,
                  reports_per_hour=settings.sms_reports_per_hour,
                  concat_timeout=timedelta(minutes=settings.sms_concat_minutes))


def handle_inbound(message: OutboxMessage) -> None:
    process_inbound(int(message.payload["inbound_id"]), policy())


def handle_concat_timeout(message: OutboxMessage) -> None:
    concat.on_timeout(int(message.payload["inbound_id"]), policy())


def status_url(tracking_id: str) -> str:
    base = current_app.config["ADUAN"].public_url or ""
    return f"{base.rstrip('/')}/track/{tracking_id}" if base and tracking_id else ""


def announce_status(parent: OutboxMessage, new: str) -> None:
    """A public reply under the post that filed a non-confidential social case, for each
    status change the reporter is told of: tracking id, status word and link, nothing else
    (not the unit's answer: the public page shows what is public). A confidential case
    gets nothing: its post stays unanswered after the receipt."""
    case = db.session.get(Case, parent.case_id) if parent.case_id else None
    if case is None or case.channel != Channel.SOCIAL or case.confidential:
        return
    post = filing_message(case)
    if post is None or post.channel != Channel.SOCIAL:
        return
    outbox.enqueue("channel_reply", f"d:{parent.id}:social:{post.id}", case_id=case.id,
                   payload={"inbound_id": post.id, "template": "status",
                            "tracking_id": case.tracking_id, "to": new})


def _withheld(message: OutboxMessage) -> bool:
    """A status reply whose case turned confidential (or vanished) since it was queued."""
    if message.payload.get("template") != "status":
        return False
    case = db.session.get(Case, message.case_id) if message.case_id else None
    return case is None or case.confidential


def deliver_reply(message: OutboxMessage) -> None:
    """Send the automatic answer (or a social post's status reply) on the channel the
    message came in on."""
    inbound = db.session.get(InboundMessage, int(message.payload["inbound_id"]))
    template = message.payload["template"]
    if inbound is not None and _withheld(message):
        message.payload = {**message.payload, "withheld": True}
        return
    if inbound is None or (template != STOP_CONFIRMATION and opted_out(inbound.sender)):
        message.payload = {**message.payload, "suppressed": True}
        return
    settings = current_app.config["ADUAN"]
    with force_locale("id"):
        text = words.reply(template, message.payload,
                           status_url(str(message.payload.get("tracking_id") or "")))
        subject = words.reply_subject(inbound.subject)
    if inbound.channel == Channel.SMS:
        channels.send_sms(settings.sms_gateway_url, settings.data_dir, inbound.sender,
                          fit(text, 1))
    elif inbound.channel == Channel.EMAIL:
        with force_locale("id"):
            refused = words.refused_files(refusals(inbound.raw))
        text = f"{text}\n\n{refused}" if refused else text
        channels.send_email(settings.smtp_url, settings.data_dir, inbound.sender, subject,
                            text, in_reply_to=inbound.external_id)
    else:
        channels.send_social(settings.social_reply_url, settings.data_dir,
                             inbound.provider, inbound.external_id, text)
