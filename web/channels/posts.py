"""Adapters for inbound e-mail (the "inbound parse" shape) and social media posts.

Both use Aduan's generic signature (HMAC-SHA256 of timestamp and body, five-minute window).
E-mail: `{from, to, subject, text, message_id, in_reply_to, references, headers,
attachments: [{filename, content_type, content (base64)}]}`, the fields the common inbound
parse services post. Social: `{post_id, author, text, url, media: [urls], kind}`; media
URLs are kept in the raw payload but never fetched (a URL in a post is the poster's, not
ours to follow from inside the network); `kind: mention` marks a public post, whose case
is public (domain/channels/conversation.public_post), anything else stays confidential.
"""

from __future__ import annotations

import json
import re

from flask import Request, Response

from domain.channels.mail import address
from domain.channels.normalize import clean_text
from domain.channels.receive import Incoming
from domain.enums import Channel
from web.channels.adapters import Adapter, BadPayload, verify_aduan

EMAIL_PROVIDER = "email"  # the webhook and IMAP share it: one Message-ID, one message
_MENTIONS = re.compile(r"^(?:@\w+[\s,:]*)+")


def _json(request: Request) -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadPayload("json")
    return body


def _email(request: Request) -> Incoming:
    body = _json(request)
    sender = address(str(body.get("from") or ""))
    message_id = str(body.get("message_id") or "").strip()
    if "@" not in sender or not message_id:
        raise BadPayload("from/message_id")
    headers = body.get("headers") if isinstance(body.get("headers"), dict) else {}
    reference = " ".join(str(body.get(k) or "") for k in ("in_reply_to", "references"))
    return Incoming(Channel.EMAIL, EMAIL_PROVIDER, message_id, sender,
                    clean_text(str(body.get("text") or "")),
                    {**body, "headers": headers}, recipient=str(body.get("to") or "") or None,
                    subject=clean_text(str(body.get("subject") or ""), 300) or None,
                    reference=reference.strip() or None)


def _social(provider: str, request: Request) -> Incoming:
    body = _json(request)
    post_id, author = str(body.get("post_id") or ""), str(body.get("author") or "")
    handle = author.strip().lstrip("@").lower()
    if not post_id or not re.fullmatch(r"[\w.]{1,64}", handle):
        raise BadPayload("post_id/author")
    text = _MENTIONS.sub("", clean_text(str(body.get("text") or ""))).strip()
    return Incoming(Channel.SOCIAL, f"social:{provider}", post_id, f"@{handle}", text, body,
                    reference=str(body.get("url") or "") or None)


def _ok() -> Response:
    return Response(json.dumps({"status": "ok"}), mimetype="application/json")


EMAIL = Adapter("email_webhook_secret", verify_aduan, _email, _ok)
SOCIAL = {
    "generic": Adapter("social_webhook_secret", verify_aduan,
                       lambda request: _social("generic", request), _ok),
}
