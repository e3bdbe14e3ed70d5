"""`/api/v1/admin/agencies`, `/admin/units` and `/admin/org/{import,export}`.

Thin on purpose: parse, call one operation of `domain.org` (which checks the caller's scope
and audits), dump. An agency or unit outside a coordinator's agency answers 404 like a
missing one (`domain.org.access`); agencies and the whole-organisation CSV are the national
admin's (403 for a coordinator).
"""

from __future__ import annotations

from typing import Any

from flask import Response, request

from domain.audit.actors import actor as actor_of
from domain.cases.listing import Page
from domain.errors import InvalidData
from domain.org import structure
from domain.org.access import agency_in_scope, require_national, unit_in_scope
from domain.org.directory import agency_page, unit_page
from domain.org.onboarding import apply_plan, export_csv, plan_import
from web.api import admin_schemas as s
from web.api import bp
from web.api.common import json_body, load
from web.auth import acting_user, login_required


def paged(fetch: Any, **kwargs: Any) -> Page:
    """A page from `fetch`; a cursor no page handed out is a 422 on `cursor`."""
    try:
        return fetch(**kwargs)
    except ValueError as exc:
        raise InvalidData("check_input", details={"cursor": ["unknown_cursor"]}) from exc


@bp.get("/admin/agencies")
@login_required()
def admin_agencies() -> dict[str, Any]:
    """Agencies I manage, by code (keyset pages)."""
    query = load(s.AdminListQuerySchema(), request.args)
    page = paged(agency_page, actor=acting_user(), cursor=query["cursor"],
                 limit=query["limit"], search=query["q"], active=query["active"])
    return s.AdminAgencyPageSchema().dump(page)


@bp.post("/admin/agencies")
@login_required()
def admin_agency_create() -> tuple[dict[str, Any], int]:
    body = load(s.AdminAgencyCreateSchema(), json_body())
    agency = structure.create_agency(acting_user(), **body)
    return s.AdminAgencySchema().dump(agency), 201


@bp.get("/admin/agencies/<code>")
@login_required()
def admin_agency(code: str) -> dict[str, Any]:
    return s.AdminAgencySchema().dump(agency_in_scope(acting_user(), code))


@bp.patch("/admin/agencies/<code>")
@login_required()
def admin_agency_update(code: str) -> dict[str, Any]:
    body = load(s.AdminAgencyUpdateSchema(), json_body())
    agency = structure.update_agency(acting_user(), code, **body)
    return s.AdminAgencySchema().dump(agency)


@bp.post("/admin/agencies/<code>/deactivate")
@login_required()
def admin_agency_deactivate(code: str) -> dict[str, Any]:
    """No new case goes to it; refused (409) while one of its units is active."""
    structure.set_agency_active(acting_user(), code, False)
    return s.AdminAgencySchema().dump(agency_in_scope(acting_user(), code))


@bp.post("/admin/agencies/<code>/activate")
@login_required()
def admin_agency_activate(code: str) -> dict[str, Any]:
    structure.set_agency_active(acting_user(), code, True)
    return s.AdminAgencySchema().dump(agency_in_scope(acting_user(), code))


@bp.get("/admin/units")
@login_required()
def admin_units() -> dict[str, Any]:
    """Units I manage (of one agency with `agency=`), by code (keyset pages)."""
    user = acting_user()
    query = load(s.AdminUnitQuerySchema(), request.args)
    agency = agency_in_scope(user, query["agency"]) if query["agency"] else None
    page = paged(unit_page, actor=user, agency=agency, cursor=query["cursor"],
                 limit=query["limit"], search=query["q"], active=query["active"])
    return s.AdminUnitPageSchema().dump(page)


@bp.post("/admin/units")
@login_required()
def admin_unit_create() -> tuple[dict[str, Any], int]:
    body = load(s.AdminUnitCreateSchema(), json_body())
    unit = structure.create_unit(acting_user(), **body)
    return s.AdminUnitSchema().dump(unit), 201


@bp.get("/admin/units/<code>")
@login_required()
def admin_unit(code: str) -> dict[str, Any]:
    return s.AdminUnitSchema().dump(unit_in_scope(acting_user(), code))


@bp.patch("/admin/units/<code>")
@login_required()
def admin_unit_update(code: str) -> dict[str, Any]:
    body = load(s.AdminUnitUpdateSchema(), json_body())
    unit = structure.update_unit(acting_user(), code, **body)
    return s.AdminUnitSchema().dump(unit)


@bp.post("/admin/units/<code>/deactivate")
@login_required()
def admin_unit_deactivate(code: str) -> dict[str, Any]:
    """Refused (409) while it has an active sub-unit, an open task or an active member."""
    structure.set_unit_active(acting_user(), code, False)
    return s.AdminUnitSchema().dump(unit_in_scope(acting_user(), code))


@bp.post("/admin/units/<code>/activate")
@login_required()
def admin_unit_activate(code: str) -> dict[str, Any]:
    structure.set_unit_active(acting_user(), code, True)
    return s.AdminUnitSchema().dump(unit_in_scope(acting_user(), code))


@bp.post("/admin/org/import")
@login_required()
def admin_org_import() -> dict[str, Any]:
    """The CSV of `flask org import`: planned whole, a bad line applies nothing (422 with
    `details` naming each line); `dry_run` only answers what would change."""
    user = acting_user()
    require_national(user)
    body = load(s.OrgImportRequestSchema(), json_body())
    changes = plan_import(body["csv"])
    applied = 0 if body["dry_run"] else apply_plan(changes, actor=actor_of(user))
    return s.OrgImportResultSchema().dump(
        {"dry_run": body["dry_run"], "applied": applied, "changes": changes})


@bp.get("/admin/org/export")
@login_required()
def admin_org_export() -> Response:
    """The whole organisation in the import's format."""
    require_national(acting_user())
    return Response(export_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=org.csv"})
