"""Letters and case files of a case: list, download, and the auditor's case file.

Who may download: auditors and the officers whose scope holds the case; anyone else gets 404,
the same answer as for a case that does not exist. Two narrower readers:
- the reporter, with his key in the `X-Reporter-Key` header (no bearer token), lists and
  downloads the letters addressed to him (`REPORTER_KINDS`: the follow-up letter), never the
  nota dinas or the case file; a wrong key is the same 404;
- a copy (tembusan) unit, reading the case only through `case_copy`, does not get a letter
  that names a non-anonymous reporter (`NAMING_KINDS`). The unit holding the case, the
  verifying roles (coordinators, national admins) and auditors keep it.
The case file must show the present head
of the audit chain, and rendering takes most of a second, so it is rendered by a worker:
`GET .../casefile.pdf` answers 200 with the stored PDF when one matches the current head,
else 202 with `Location` (poll the same URL) and `Retry-After`, having queued the render.
"""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

from flask import Response, abort, current_app, jsonify, request, send_file, url_for
from redis.exceptions import RedisError

from domain.cases.models import Case
from domain.cases.queries import can_read_case, find_case, reads_only_as_copy
from domain.cases.tracking import reporter_key_matches
from domain.enums import Role
from domain.errors import NotFound
from domain.letters import operations as letters
from domain.letters.models import Letter
from domain.org.models import User
from jobs.letters import request_casefile
from web.api import bp
from web.api.common import limit_of
from web.auth import current_user
from web.extensions import limiter

# Roles that read case documents; sysadmins and process owners see everything else but not these.
READER_ROLES = frozenset({Role.AUDITOR, Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.LIAISON,
                          Role.OFFICER, Role.SUPERVISOR})
LABELS = {"disposition": "Nota dinas disposisi", "follow_up": "Surat tindak lanjut",
          "casefile": "Berkas perkara"}
RETRY_AFTER = "2"
KEY_HEADER = "X-Reporter-Key"
# Letters written to the reporter: he may fetch them with his key. Never the nota dinas.
REPORTER_KINDS = frozenset({"follow_up"})
# Letters that carry the reporter's name when the report is not anonymous (reports/context.py).
NAMING_KINDS = frozenset({"follow_up"})


def readable_case(user: User | None, tracking_id: str) -> Case:
    """The case if this user may read its documents; NotFound otherwise (no existence leak)."""
    if user is None:
        abort(401)
    case = find_case(tracking_id)
    if not (user.roles() & READER_ROLES) or not can_read_case(user, case):
        raise NotFound("case not found")
    return case


def may_read_letter(user: User, case: Case, letter: Letter) -> bool:
    """Whether an officer who may read the case's documents may read this letter too."""
    if letter.kind not in NAMING_KINDS or case.anonymous or Role.AUDITOR in user.roles():
        return True
    return not reads_only_as_copy(user, case)


def visible_letters(user: User, case: Case) -> list[Letter]:
    """The case's letters this officer may read, newest first."""
    return [x for x in letters.letters_of(case) if may_read_letter(user, case, x)]


def letter_for(user: User, case: Case, letter_id: int) -> Letter:
    """One letter of the case for this officer; NotFound when he may not read it."""
    letter = letters.get_letter(case, letter_id)
    if not may_read_letter(user, case, letter):
        raise NotFound("letter not found")
    return letter


def reporter_letters(case: Case) -> list[Letter]:
    """The letters addressed to the reporter (for the holder of the key), newest first."""
    return [x for x in letters.letters_of(case) if x.kind in REPORTER_KINDS]


def reporter_letter(case: Case, letter_id: int) -> Letter:
    letter = letters.get_letter(case, letter_id)
    if letter.kind not in REPORTER_KINDS:
        raise NotFound("letter not found")
    return letter


def _keyed_case(tracking_id: str) -> Case | None:
    """The case when the request carries the reporter key header (None without the header).

    A key that does not match is the same 404 as a case that does not exist.
    """
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    case = find_case(tracking_id)
    if not reporter_key_matches(key, case.reporter_key_hash):
        raise NotFound("case not found")
    return case


def _no_key() -> bool:
    """Officers (bearer token) are not rate-limited here; guesses at the key are."""
    return KEY_HEADER not in request.headers


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
@limiter.limit(limit_of("rate_limit_tracking"), exempt_when=_no_key)
def case_letters(tracking_id: str) -> dict[str, Any]:
    """The case's letters and case files, newest first, each with its download link.

    With `X-Reporter-Key` (and no token needed): only the letters addressed to the reporter.
    """
    keyed = _keyed_case(tracking_id)
    if keyed is not None:
        items = [letter_json(keyed, x, "api.download_letter") for x in reporter_letters(keyed)]
        return {"items": items}
    user = current_user()
    case = readable_case(user, tracking_id)
    assert user is not None
    items = [letter_json(case, x, "api.download_letter") for x in visible_letters(user, case)]
    return {"items": items,
            "casefile_url": url_for("api.casefile", tracking_id=case.tracking_id)}


@bp.get("/cases/<tracking_id>/letters/<int:letter_id>.pdf")
@limiter.limit(limit_of("rate_limit_tracking"), exempt_when=_no_key)
def download_letter(tracking_id: str, letter_id: int) -> Response:
    keyed = _keyed_case(tracking_id)
    if keyed is not None:
        return pdf_response(reporter_letter(keyed, letter_id))
    user = current_user()
    case = readable_case(user, tracking_id)
    assert user is not None
    return pdf_response(letter_for(user, case, letter_id))


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
