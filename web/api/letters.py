"""Letters and case files of a case: list, download, and the auditor's case file.

Who may download: auditors and the officers whose scope holds the case; anyone else gets 404,
the same answer as for a case that does not exist. The case file must show the present head
of the audit chain, and rendering takes most of a second, so it is rendered by a worker:
`GET .../casefile.pdf` answers 200 with the stored PDF when one matches the current head,
else 202 with `Location` (poll the same URL) and `Retry-After`, having queued the render.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from flask import Response, abort, current_app, jsonify, send_file, url_for
from redis.exceptions import RedisError

from domain.cases.models import Case
from domain.cases.operations import find_case
from domain.cases.queries import can_read_case
from domain.enums import Role
from domain.errors import NotFound
from domain.letters import operations as letters
from domain.letters.models import Letter
from domain.org.models import User
from jobs.letters import request_casefile
from web.api import bp
from web.auth import current_user

# Roles that read case documents; sysadmins and process owners see everything else but not these.
READER_ROLES = frozenset({Role.AUDITOR, Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.LIAISON,
                          Role.OFFICER, Role.SUPERVISOR})
LABELS = {"disposition": "Nota dinas disposisi", "follow_up": "Surat tindak lanjut",
          "casefile": "Berkas perkara"}
RETRY_AFTER = "2"


def readable_case(user: User | None, tracking_id: str) -> Case:
    """The case if this user may read its documents; NotFound otherwise (no existence leak)."""
    if user is None:
        abort(401)
    case = find_case(tracking_id)
    if not (user.roles() & READER_ROLES) or not can_read_case(user, case):
        raise NotFound("case not found")
    return case


def letter_json(case: Case, letter: Letter, endpoint: str) -> dict[str, Any]:
    return {"id": str(letter.id), "kind": letter.kind,
            "label": LABELS.get(letter.kind, letter.kind),
            "number": letter.number, "sha256": letter.sha256, "size": letter.size,
            "created_at": letter.created_at.isoformat(),
            "download_url": url_for(endpoint, tracking_id=case.tracking_id, letter_id=letter.id)}


def pdf_response(letter: Letter) -> Response:
    """The stored bytes, with their digest so a client can check them against the list."""
    path = letters.path_of(letter, current_app.config["ADUAN"].data_dir)
    if not path.is_file():
        raise NotFound("the letter's file is missing")
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


@bp.get("/cases/<tracking_id>/letters")
def case_letters(tracking_id: str) -> dict[str, Any]:
    """The case's letters and case files, newest first, each with its download link."""
    case = readable_case(current_user(), tracking_id)
    items = [letter_json(case, x, "api.download_letter") for x in letters.letters_of(case)]
    return {"items": items,
            "casefile_url": url_for("api.casefile", tracking_id=case.tracking_id)}


@bp.get("/cases/<tracking_id>/letters/<int:letter_id>.pdf")
def download_letter(tracking_id: str, letter_id: int) -> Response:
    case = readable_case(current_user(), tracking_id)
    return pdf_response(letters.get_letter(case, letter_id))


@bp.get("/cases/<tracking_id>/casefile.pdf")
def casefile(tracking_id: str) -> Response | tuple[Response, int, dict[str, str]]:
    """200 with the PDF for the present chain head, or 202 while a worker renders it."""
    case = readable_case(current_user(), tracking_id)
    letter = casefile_or_pending(case)
    if letter is not None:
        return pdf_response(letter)
    poll = url_for("api.casefile", tracking_id=case.tracking_id)
    body = jsonify({"status": "rendering", "poll_url": poll,
                    "message": "The case file is being rendered; poll the same URL."})
    return body, 202, {"Location": poll, "Retry-After": RETRY_AFTER}
