"""Exports for officers (their scope) and auditors (every scope): case lists and scorecards,
as CSV or XLSX, with no personal data (`domain.stats.exports` picks the columns)."""

from __future__ import annotations

from flask import Response, abort, request

from domain.cases.categories import get_category
from domain.enums import CaseStatus
from domain.org.permissions import CASE_READER_ROLES
from domain.stats import export_copy, exports
from web.auth import acting_user, login_required
from web.desk import bp
from web.exports import csv_bytes_response, csv_response, xlsx_response
from web.statistics import chosen_filters, chosen_slice

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


def _case_filters() -> exports.CaseExportFilters:
    chosen = chosen_filters()
    if chosen.errors:
        abort(400)
    status = request.args.get("status") or None
    category = request.args.get("category") or None
    if (status and status not in {s.value for s in CaseStatus}) or (
            category and get_category(category) is None):
        abort(400)
    return exports.CaseExportFilters(start=chosen.start, end=chosen.end, status=status,
                                     category=category, region=chosen.values.get("region"),
                                     unit_id=chosen.values.get("unit_id"))


@bp.get("/exports/cases.<fmt>")
@login_required(*CASE_READER_ROLES)
def export_cases(fmt: str) -> Response:
    """The case list of the reader's scope (filing date range, status, category, region;
    `limit`: at most so many rows, newest first)."""
    if fmt not in FORMATS:
        abort(404)
    raw = request.args.get("limit", "")
    if raw and not (raw.isdigit() and 0 < int(raw[:8]) <= exports.MAX_ROWS):
        abort(400)
    user, filters, limit = acting_user(), _case_filters(), int(raw) if raw else None
    if fmt == "csv" and export_copy.available():
        return csv_bytes_response("cases", exports.CASE_COLUMNS,
                                  export_copy.csv_chunks(user, filters, limit))
    rows = exports.case_rows(user, filters, limit=limit)
    return FORMATS[fmt]("cases", exports.CASE_COLUMNS, rows)


@bp.get("/exports/scorecards.<fmt>")
@login_required(*CASE_READER_ROLES)
def export_scorecards(fmt: str) -> Response:
    """The ranking shown on the statistics page, with the same filters."""
    if fmt not in FORMATS:
        abort(404)
    chosen, slice_ = chosen_slice(acting_user())
    if chosen.errors:
        abort(400)
    rows = exports.scorecard_rows(slice_, by=chosen.by)
    return FORMATS[fmt]("scorecards", exports.SCORECARD_COLUMNS, rows)
