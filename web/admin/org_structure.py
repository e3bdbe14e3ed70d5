"""`/admin/agencies` and `/admin/units`: lists, create and edit forms, deactivate buttons.

No JavaScript: every action is a form posted with its CSRF token (Flask-WTF's CSRFProtect
guards every POST of the app), answered by a redirect (303) or the form again with the
error next to its field (422). Scope and audit are the operations' (`domain.org`).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import InvalidData
from domain.org import structure
from domain.org.access import agency_in_scope, org_scope, unit_in_scope
from domain.org.checks import AGENCY_KINDS
from domain.org.directory import agency_page, parent_code, unit_page
from domain.org.regions import provinces_with_regencies
from web.admin import bp
from web.admin.org_common import (
    field_errors,
    form_text,
    guard,
    listed,
    render,
    toggle_active,
)
from web.auth import acting_user

AGENCY_FIELDS = ("code", "name", "region", "kind")
UNIT_FIELDS = ("code", "name", "parent", "region")


@bp.get("/agencies")
@guard
def agencies() -> str:
    user = acting_user()
    search = request.args.get("q", "")[:100]
    page = listed(agency_page, actor=user, search=search)
    return render("admin/agencies.html", page=page, q=search,
                  national=org_scope(user).everything)


def _agency_form(form: dict[str, str], errors: dict[str, str], *, agency: object = None,
                 status: int = 200) -> tuple[str, int]:
    units = listed(unit_page, actor=acting_user(), agency=agency) if agency else None
    html = render("admin/agency_form.html", form=form, errors=errors, agency=agency,
                  kinds=AGENCY_KINDS, provinces=provinces_with_regencies(),
                  units=units, national=org_scope(acting_user()).everything)
    return html, status


@bp.get("/agencies/new")
@guard
def agency_new() -> tuple[str, int]:
    if not org_scope(acting_user()).everything:
        abort(403)
    return _agency_form({"kind": "local_government"}, {})


@bp.post("/agencies/new")
@guard
def agency_create() -> Response | tuple[str, int]:
    form = form_text(*AGENCY_FIELDS, "areas")
    try:
        agency = structure.create_agency(acting_user(), **_with_areas(form))
    except InvalidData as exc:
        return _agency_form(form, field_errors(exc), status=422)
    flash(_("Instansi %(code)s ditambahkan.", code=agency.code), "success")
    return redirect(url_for("admin.agency_edit", code=agency.code), 303)


@bp.get("/agencies/<code>")
@guard
def agency_edit(code: str) -> tuple[str, int]:
    agency = agency_in_scope(acting_user(), code)
    form = {"code": agency.code, "name": agency.name, "region": agency.region_code or "",
            "kind": agency.kind, "areas": ", ".join(agency.area_codes)}
    return _agency_form(form, {}, agency=agency)


@bp.post("/agencies/<code>")
@guard
def agency_update(code: str) -> Response | tuple[str, int]:
    user = acting_user()
    agency = agency_in_scope(user, code)
    form = {"code": code, **form_text("name", "region", "kind", "areas")}
    try:
        fields = _with_areas(form)
        structure.update_agency(user, code, name=fields["name"], region=fields["region"],
                                kind=fields["kind"], areas=fields["areas"])
    except InvalidData as exc:
        return _agency_form(form, field_errors(exc), agency=agency, status=422)
    flash(_("Instansi %(code)s disimpan.", code=code), "success")
    return redirect(url_for("admin.agency_edit", code=code), 303)


def _with_areas(form: dict[str, str]) -> dict[str, Any]:
    """The form's fields for the service: the further areas typed as a comma list."""
    typed = form.get("areas", "").replace(";", ",").split(",")
    return {**form, "areas": [code.strip() for code in typed if code.strip()]}


@bp.post("/agencies/<code>/active")
@guard
def agency_active(code: str) -> Response:
    """The deactivate / reactivate button (`active` = 0 or 1)."""
    toggle_active(lambda active: structure.set_agency_active(acting_user(), code, active),
                  on=_("Instansi %(code)s diaktifkan kembali.", code=code),
                  off=_("Instansi %(code)s dinonaktifkan.", code=code))
    return redirect(url_for("admin.agency_edit", code=code), 303)


@bp.get("/units")
@guard
def units() -> str:
    user = acting_user()
    search = request.args.get("q", "")[:100]
    agency_code = request.args.get("agency", "")
    agency = agency_in_scope(user, agency_code) if agency_code else None
    page = listed(unit_page, actor=user, agency=agency, search=search)
    pager_args = {key: value for key, value in (("agency", agency_code), ("q", search)) if value}
    return render("admin/units.html", page=page, q=search, agency=agency,
                  parent_code=parent_code, pager_args=pager_args)


def _unit_form(form: dict[str, str], errors: dict[str, str], *, unit: object = None,
               status: int = 200) -> tuple[str, int]:
    html = render("admin/unit_form.html", form=form, errors=errors, unit=unit,
                  provinces=provinces_with_regencies())
    return html, status


@bp.get("/units/new")
@guard
def unit_new() -> tuple[str, int]:
    return _unit_form({"parent": request.args.get("parent", "")[:64]}, {})


@bp.post("/units/new")
@guard
def unit_create() -> Response | tuple[str, int]:
    form = form_text(*UNIT_FIELDS)
    try:
        unit = structure.create_unit(acting_user(), **form)
    except InvalidData as exc:
        return _unit_form(form, field_errors(exc), status=422)
    flash(_("Unit %(code)s ditambahkan.", code=unit.code), "success")
    return redirect(url_for("admin.unit_edit", code=unit.code), 303)


@bp.get("/units/<code>")
@guard
def unit_edit(code: str) -> tuple[str, int]:
    unit = unit_in_scope(acting_user(), code)
    form = {"code": unit.code, "name": unit.name, "parent": parent_code(unit),
            "region": unit.region_code or ""}
    return _unit_form(form, {}, unit=unit)


@bp.post("/units/<code>")
@guard
def unit_update(code: str) -> Response | tuple[str, int]:
    user = acting_user()
    unit = unit_in_scope(user, code)
    form = {"code": code, **form_text("name", "parent", "region")}
    try:
        structure.update_unit(user, code, name=form["name"], parent=form["parent"],
                              region=form["region"] or None)
    except InvalidData as exc:
        return _unit_form(form, field_errors(exc), unit=unit, status=422)
    flash(_("Unit %(code)s disimpan.", code=code), "success")
    return redirect(url_for("admin.unit_edit", code=code), 303)


@bp.post("/units/<code>/active")
@guard
def unit_active(code: str) -> Response:
    toggle_active(lambda active: structure.set_unit_active(acting_user(), code, active),
                  on=_("Unit %(code)s diaktifkan kembali.", code=code),
                  off=_("Unit %(code)s dinonaktifkan.", code=code))
    return redirect(url_for("admin.unit_edit", code=code), 303)
