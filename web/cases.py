"""Case pages shared by the desk and the audit blueprints: the readable case (else 404) and
the scoped, filtered, keyset-paged case search.

Blueprints do not import each other; what two of them show alike lives here, and the rules
behind it (who reads which case) stay in the domain (domain/cases/queries.py).
"""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for

from domain.cases.categories import all_categories
from domain.cases.models import Case
from domain.cases.queries import CaseFilters, can_read_case, find_case, list_cases
from domain.cases.shielded import titles
from domain.enums import CaseStatus
from domain.errors import NotFound
from domain.org.models import User
from web.auth import acting_user


def readable_case(tracking_id: str, user: User) -> Case:
    """The case if this user may read it; anything else is the same 404 (no probing)."""
    try:
        case = find_case(tracking_id)
    except NotFound:
        abort(404)
    if not can_read_case(user, case):
        abort(404)
    return case


def pager_args() -> dict[str, str]:
    """The query string a pager link keeps: every filter, not the cursor or the language."""
    return {k: v for k, v in request.args.items() if k not in ("after", "lang") and v}


def case_filters() -> CaseFilters:
    status = request.args.get("status") or None
    if status and status not in {s.value for s in CaseStatus}:
        status = None
    return CaseFilters(status=status, category=request.args.get("category") or None,
                       region=request.args.get("region") or None,
                       q=(request.args.get("q") or "").strip() or None)


def case_search(template: str, case_endpoint: str) -> Response | str:
    """The scoped case list (desk and audit): a tracking id jumps, filters narrow."""
    user = acting_user()
    wanted = request.args.get("id", "").strip()
    if wanted:
        case = readable_case(wanted, user)
        return redirect(url_for(case_endpoint, tracking_id=case.tracking_id))
    filters = case_filters()
    try:
        page = list_cases(user, filters, cursor=request.args.get("after") or None)
    except ValueError:
        abort(400)
    return render_template(template, page=page, filters=filters, args=pager_args(),
                           titles=titles(page.items, user),
                           statuses=list(CaseStatus), categories=[c.code for c in all_categories()],
                           case_endpoint=case_endpoint)
