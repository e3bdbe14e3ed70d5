"""Case documents for logged-in officers and auditors (session cookie), beside the API.

The JSON API never honours the browser's session (it is CSRF-exempt), so HTML pages link
here instead: the same access rule (domain/letters/access.py) and the same stored PDFs
(web/downloads.py) as `web/api/letters.py`. While a case file renders, the page refreshes
itself (a meta refresh; the CSP allows no script).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, url_for

from domain.letters.access import letter_for, visible_letters
from web.auth import current_user, login_required
from web.downloads import (
    RETRY_AFTER,
    casefile_or_pending,
    letter_json,
    pdf_response,
    readable_case,
)

bp = Blueprint("documents", __name__, url_prefix="/documents")


@bp.app_template_global()
def case_documents_url(tracking_id: str) -> str:
    """For case pages: the link to a case's letters and case file."""
    return url_for("documents.case_letters", tracking_id=tracking_id)


@bp.get("/cases/<tracking_id>/letters")
@login_required()
def case_letters(tracking_id: str) -> str:
    user = current_user()
    case = readable_case(user, tracking_id)
    items = [letter_json(case, x, "documents.download_letter") for x in visible_letters(user, case)]
    return render_template("documents/letters.html", case=case, items=items,
                           casefile_url=url_for("documents.casefile", tracking_id=case.tracking_id))


@bp.get("/cases/<tracking_id>/letters/<int:letter_id>.pdf")
@login_required()
def download_letter(tracking_id: str, letter_id: int) -> Response:
    user = current_user()
    case = readable_case(user, tracking_id)
    return pdf_response(letter_for(user, case, letter_id))


@bp.get("/cases/<tracking_id>/casefile.pdf")
@login_required()
def casefile(tracking_id: str) -> Any:
    case = readable_case(current_user(), tracking_id)
    letter = casefile_or_pending(case)
    if letter is not None:
        return pdf_response(letter)
    body = render_template("documents/pending.html", case=case, retry=RETRY_AFTER)
    return body, 202, {"Retry-After": RETRY_AFTER}
