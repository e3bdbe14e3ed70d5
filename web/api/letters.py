"""Letters and case files of a case: list, download, and the auditor's case file.

Who may read which letter is the domain's rule (domain/letters/access.py): auditors and the
officers whose scope holds the case, less the naming letters for copy units; anyone else
gets 404, the same answer as for a case that does not exist. The reporter, with his key in
the `X-Reporter-Key` header (no bearer token), lists and downloads the letters addressed to
him; a wrong key is the same 404.
The case file must show the present head
of the audit chain, and rendering takes most of a second, so it is rendered by a worker:
`GET .../casefile.pdf` answers 200 with the stored PDF when one matches the current head,
else 202 with `Location` (poll the same URL) and `Retry-After`, having queued the render.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request, url_for

from domain.cases.models import Case
from domain.cases.queries import find_case
from domain.cases.tracking import reporter_key_matches
from domain.errors import NotFound
from domain.letters.access import letter_for, reporter_letter, reporter_letters, visible_letters
from web.api import bp
from web.api.common import limit_of
from web.auth import current_user
from web.downloads import (
    RETRY_AFTER,
    casefile_or_pending,
    letter_json,
    pdf_response,
    readable_case,
)
from web.extensions import limiter

KEY_HEADER = "X-Reporter-Key"


def _keyed_case(tracking_id: str) -> Case | None:
    """The case when the request carries the reporter key header (None without the header).

    A key that does not match is the same 404 as a case that does not exist.
    """
    key = request.headers.get(KEY_HEADER)
    if key is None:
        return None
    case = find_case(tracking_id)
    if not reporter_key_matches(key, case.reporter_key_hash):
        raise NotFound("case_not_found")
    return case


def _no_key() -> bool:
    """Officers (bearer token) are not rate-limited here; guesses at the key are."""
    return KEY_HEADER not in request.headers


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
