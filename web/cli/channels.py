"""`flask channels`: agency SMS keywords, and a gateway simulator for trying it all locally.

`simulate sms` posts the message to the real webhook (`/channels/sms/generic`), signed as
a gateway would sign it, then runs the jobs it caused right here (the outbox's own job
body, as a worker would) and prints what the number was sent back. Replies go to the
development file sink for the run, never to a configured gateway: nobody's phone buzzes.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import replace

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from domain.channels.normalize import e164
from domain.channels.operations import set_agency_keyword
from domain.clock import clock
from domain.db import db
from domain.enums import OutboxStatus
from domain.errors import DomainError
from domain.outbox.models import OutboxMessage
from web.channels.signatures import aduan_signature
from web.cli._common import error_text, fail

group = AppGroup("channels", help="Messaging channels: SMS keywords and a gateway simulator.")


@group.command("keyword")
@click.argument("keyword")
@click.argument("agency_code")
def keyword(keyword: str, agency_code: str) -> None:
    """Route SMS that start with KEYWORD (e.g. MEDAN) to the agency AGENCY_CODE."""
    try:
        row = set_agency_keyword(keyword, agency_code)
    except DomainError as exc:
        fail(error_text(exc))
    db.session.commit()
    click.echo(f"SMS keyword {row.keyword} -> {agency_code}")


def _drain(rounds: int = 20) -> None:
    """Run every due outbox row (and the rows they spawn), as a worker would."""
    from jobs.outbox import process

    for _ in range(rounds):
        ids = db.session.execute(sa.select(OutboxMessage.id).where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= clock.now()).order_by(OutboxMessage.id)
        ).scalars().all()
        db.session.rollback()
        if not ids:
            return
        for message_id in ids:
            process(message_id)


def _sent_to(number: str, since: int) -> list[str]:
    path = current_app.config["ADUAN"].data_dir / "outbox" / "sms.log"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[since:]
    return [rec["text"] for rec in map(json.loads, lines) if rec.get("to") == number]


def _sink_length() -> int:
    path = current_app.config["ADUAN"].data_dir / "outbox" / "sms.log"
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


@group.command("simulate")
@click.argument("channel", type=click.Choice(["sms"]))
@click.argument("text")
@click.option("--from", "sender", required=True, help="The sender's number, e.g. 081234567890.")
def simulate(channel: str, text: str, sender: str) -> None:
    """Send TEXT as an SMS from --from through the real webhook; print the reply."""
    number = e164(sender)
    if number is None:
        fail(f"not a phone number: {sender!r}")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = app.config["ADUAN"]
    secret = settings.sms_webhook_secret or secrets.token_urlsafe(24)
    app.config["ADUAN"] = replace(settings, sms_webhook_secret=secret, sms_gateway_url=None)
    try:
        before = _sink_length()
        body = json.dumps({"id": f"sim-{secrets.token_hex(8)}", "from": sender, "to": "1708",
                           "text": text, "received_at": clock.now().isoformat()}).encode()
        stamp = str(int(clock.now().timestamp()))
        response = app.test_client().post(
            "/channels/sms/generic", data=body, content_type="application/json",
            headers={"X-Aduan-Timestamp": stamp,
                     "X-Aduan-Signature": aduan_signature(secret, stamp, body)})
        click.echo(f"webhook: {response.status_code}")
        if response.status_code != 200:
            fail("the webhook refused the message")
        _drain()
        replies = _sent_to(number, before)
    finally:
        app.config["ADUAN"] = settings
    for reply in replies:
        click.echo(f"reply to {number}: {reply}")
    if not replies:
        click.echo("no reply (opted out, rate-limited, or nothing to say)")


@group.command("imap-poll")
def imap_poll() -> None:
    """Store the unseen mails of ADUAN_IMAP_URL's folder once (a worker handles them)."""
    from jobs.mailbox import poll

    url = current_app.config["ADUAN"].imap_url
    if not url:
        fail("ADUAN_IMAP_URL is not set")
    try:
        new = poll(url)
    except Exception as exc:  # login refused, server gone: one clear line, no trace
        fail(f"IMAP: {type(exc).__name__}: {exc}")
    click.echo(f"{new} new mail(s) stored")


COMMANDS = (group,)
