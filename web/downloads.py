"""Letter downloads shared by the API, the officers' document pages and the portal.

The rules (who reads which letter) are in domain/letters/access.py; this module only turns a
letter the domain handed out into a response: the stored PDF with its digest, the JSON row
of a list, and the case file that a worker renders (202 while it does).
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from flask import Response, abort, current_app, send_file, url_for
from redis.exceptions import RedisError

from domain.cases.models import Case
from domain.errors import NotFound
from domain.letters import access
from domain.letters import operations as letters
from domain.letters.models import Letter
from domain.org.models import User
from jobs.letters import request_casefile
from wording import labels

RETRY_AFTER = "2"


def readable_case(user: User | None, tracking_id: str) -> Case:
    """The case if this user may read its documents: 401 without a user, else NotFound."""
    if user is None:
        abort(401)
    return access.readable_case(user, tracking_id)


def letter_json(case: Case, letter: Letter, endpoint: str) -> dict[str, Any]:
    return {"id": str(letter.id), "kind": letter.kind,
            "label": labels.letter(letter.kind),
            "number": letter.number, "sha256": letter.sha256, "size": letter.size,
            "created_at": letter.created_at.isoformat(),
            "download_url": url_for(endpoint, tracking_id=case.tracking_id, letter_id=letter.id)}


def pdf_response(letter: Letter) -> Response:
    """The stored bytes, with their digest so a client can check them against the list."""
    path = letters.path_of(letter, current_app.config["ADUAN"].data_dir)
    if not path.is_file():
        raise NotFound("letter_file_missing")
    name = letter.number.replace("/", "-") + ".pdf"
    # Letters are tens of kilobytes: read them whole, so no file handle outlives the request.
    response = send_file(BytesIO(path.read_bytes()), mimetype="application/pdf",
                         download_name=name, max_age=0, conditional=False, etag=letter.sha256)
    digest = base64.b64encode(bytes.fromhex(letter.sha256)).decode()
    response.headers["Repr-Digest"] = f"sha-256=:{digest}:"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def casefile_or_pending(case: Case) -> Letter | None:
    """The current case file, or None once a render is queued; 503 when Redis is down."""
    try:
        return request_casefile(case)
    except RedisError:
        abort(503)
