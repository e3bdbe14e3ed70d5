"""Auditor pages: read-only. No view here writes, and the blueprint refuses every POST."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from domain.audit.operations import chain_head, verify_chain, verify_heads
from domain.cases.attachments import attachments_of
from domain.cases.history import Audience, audit_trail, notes_of, timeline
from domain.cases.shielded import case_text, shown_events
from domain.org.permissions import AUDIT_ROLES
from web.audit import bp
from web.auth import acting_user, login_required
from web.cases import case_search, readable_case


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
        notes=notes_of(case, include_internal=True),
        broken=verify_chain(chain) + verify_heads(case.id), head=chain_head(chain),
    )
