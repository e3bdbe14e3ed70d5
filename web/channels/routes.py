"""The webhooks: check the signature, store the message once, answer the gateway fast.

A channel whose secret is unset does not exist (404). A bad or missing signature is 403
and stores nothing; a signed request we cannot read is 400 and stores nothing; a message
id seen before is answered like the first delivery, so the gateway stops retrying, and
changes nothing. The case work runs after commit in the `inbound` outbox row's job.
"""

from __future__ import annotations

import logging

from flask import Response, abort, current_app, request

from domain.channels.receive import Incoming, receive
from domain.clock import clock
from web.channels import bp
from web.channels.adapters import SMS, Adapter, BadPayload, public_url
from web.channels.posts import EMAIL, SOCIAL

log = logging.getLogger(__name__)


def accept(adapter: Adapter, channel_name: str) -> Response:
    """The shared path of every webhook (`channel_name` only names it in the log)."""
    settings = current_app.config["ADUAN"]
    secret = getattr(settings, adapter.setting)
    if not secret:
        abort(404)
    if not adapter.verify(request, secret, clock.now(), public_url(request, settings)):
        log.warning("%s webhook: bad or missing signature; nothing stored", channel_name)
        abort(403)
    try:
        incoming: Incoming = adapter.parse(request)
    except BadPayload as exc:
        log.warning("%s webhook: unreadable payload (%s); nothing stored", channel_name, exc)
        abort(400)
    receive(incoming)
    return adapter.answer()


@bp.route("/sms/<provider>", methods=["POST", "GET"])
def sms(provider: str) -> Response:
    adapter = SMS.get(provider)
    if adapter is None:
        abort(404)
    if request.method == "GET" and provider != "vonage":  # Vonage may deliver by GET
        abort(405)
    return accept(adapter, f"sms/{provider}")


@bp.post("/email/inbound")
def email() -> Response:
    """Mail from an inbound-parse service (IMAP polling stores through the same write)."""
    return accept(EMAIL, "email")


@bp.post("/social/<provider>")
def social(provider: str) -> Response:
    """Mentions and direct messages from a social media bridge."""
    adapter = SOCIAL.get(provider)
    if adapter is None:
        abort(404)
    return accept(adapter, f"social/{provider}")
