"""Auditor pages: read-only. No view here writes, and the blueprint refuses every POST."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response, abort, render_template, request

from domain.audit.operations import chain_head, verify_chain, verify_heads
from domain.cases.attachments import attachments_of
from domain.cases.history import Audience, audit_trail, notes_of, timeline
from domain.cases.identity_report import all_identity_looks, identity_looks
from domain.cases.shielded import case_text, shown_events, shown_notes
from domain.org.permissions import AUDIT_ROLES
from web.audit import bp
from web.auth import acting_user, login_required
from web.cases import case_search, pager_args, readable_case


@bp.before_request
def read_only() -> None:
    """Auditors can change nothing: whatever a form or a crafted request tries, 405."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        abort(405)


@bp.get("/")
@login_required(*AUDIT_ROLES)
def search() -> Response | str:
    """Every case in the auditor's scope (his unit subtree, or everything for the Ombudsman)."""
    return case_search("audit/search.html", "audit.case")


@bp.get("/cases/<tracking_id>")
@login_required(*AUDIT_ROLES)
def case(tracking_id: str) -> str:
    """The whole record: facts, timeline, notes, audit trail and whether its chain holds."""
    case = readable_case(tracking_id, acting_user())
    chain = f"case:{case.id}"
    return render_template(
        "audit/case.html", case=case, attachments=attachments_of(case),
        text=case_text(case), reveal=False,
        steps=timeline(case, Audience.OFFICER, masked=True),
        events=shown_events(audit_trail(case), case),
        notes=shown_notes(notes_of(case, include_internal=True), case),
        broken=verify_chain(chain) + verify_heads(case.id), head=chain_head(chain),
    )


@bp.get("/identity-views")
@login_required(*AUDIT_ROLES)
def identity_views() -> str:
    """Every look at (request for, approval of) a reporter's identity in scope: who, which
    case, when, why; newest first, keyset-paged."""
    try:
        page = identity_looks(acting_user(), cursor=request.args.get("after") or None)
    except ValueError:
        abort(400)
    return render_template("audit/identity_views.html", page=page, args=pager_args())


CSV_COLUMNS = ("event_id", "at", "kind", "actor", "actor_name", "tracking_id", "reason",
               "request")


def _csv_rows(rows: Iterator) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        # A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
        writer.writerow([_cell(getattr(row, column)) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


@bp.get("/identity-views.csv")
@login_required(*AUDIT_ROLES)
def identity_views_csv() -> Response:
    """The same report as CSV, every row (streamed page by page)."""
    response = Response(_csv_rows(all_identity_looks(acting_user())), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=identity-views.csv"
    response.headers["Cache-Control"] = "private, no-store"
    return response
