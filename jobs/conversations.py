"""The channels' outbox kinds: handle an inbound message, time out its parts, send a reply.

`inbound` and `concat_timeout` rows run the domain's conversation (domain/channels) in the
outbox's transaction; `channel_reply` sends the one automatic answer to the address the
message came from (looked up from the inbound row when sending, so no address sits in the
outbox), unless that address opted out with STOP. SMS replies are cut to one SMS.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale

from domain.channels import concat
from domain.channels.conversation import STOP_CONFIRMATION, Policy, opted_out
from domain.channels.mail import refusals
from domain.channels.models import InboundMessage
from domain.channels.operations import process_inbound
from domain.channels.segments import fit
from domain.db import db
from domain.enums import Channel
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


def deliver_reply(message: OutboxMessage) -> None:
    """Send the automatic answer on the channel the message came in on."""
    inbound = db.session.get(InboundMessage, int(message.payload["inbound_id"]))
    template = message.payload["template"]
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
