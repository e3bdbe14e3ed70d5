"""Reading `POST /api/v1/cases`: a JSON body, or multipart with the case as JSON in the
`case` part and files in `attachments`; the channel the client declares; the body's hash
that `Idempotency-Key` compares.

Kept apart from `web/api/cases.py` so the route stays one parse, one operation, one answer.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from flask import request

from domain.cases.attachments import MAX_ATTACHMENTS, Upload
from domain.enums import API_CHANNELS, Channel
from domain.errors import InvalidData
from domain.integrations.idempotency import digest
from web.api.common import json_body

CHANNEL_FIELD = "channel"


@dataclass(frozen=True)
class IntakeRequest:
    """What the client sent, read once: the case payload, its files and their hash."""

    payload: dict[str, Any]
    channel: Channel
    uploads: list[Upload] = field(default_factory=list)
    digest: str = ""


def _declared_channel(payload: dict[str, Any]) -> Channel:
    """`channel` names the client's kind (`app`, `social`, `integration`; default `api`)."""
    value = payload.get(CHANNEL_FIELD, Channel.API.value)
    allowed = {c.value for c in API_CHANNELS}
    if value not in allowed:
        raise InvalidData("channel_not_declarable", details={CHANNEL_FIELD: ["invalid"]},
                          choices=", ".join(sorted(allowed)))
    return Channel(value)


def _multipart() -> tuple[dict[str, Any], list[Upload], list[Any]]:
    try:
        payload = json.loads(request.form.get("case", ""))
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise InvalidData("json_object_required", details={"case": ["json_object"]})
    files = [f for f in request.files.getlist("attachments") if f.filename]
    if len(files) > MAX_ATTACHMENTS:  # checked again with the contents by the intake
        raise InvalidData("attachment_invalid", details={"attachments": ["too_large"]})
    uploads, hashed = [], []
    for item in files:
        data = item.read()
        uploads.append(Upload(item.filename or "", io.BytesIO(data),
                              item.mimetype or "application/octet-stream"))
        hashed.append([item.filename, hashlib.sha256(data).hexdigest()])
    return payload, uploads, hashed


def read_intake() -> IntakeRequest:
    """The case from a JSON body or a multipart form (`case` + `attachments`)."""
    if request.mimetype == "multipart/form-data":
        payload, uploads, files = _multipart()
    else:
        payload, uploads, files = json_body(), [], []
    return IntakeRequest(payload, _declared_channel(payload), uploads,
                         digest([payload, files]))
