"""`/admin/categories`: the category list a national admin keeps (create, edit, deactivate).

The page only parses the form and calls `domain.cases.category_admin`; a wrong value comes
back next to its field, in the reader's language. Deactivating is a button, not a delete:
old cases keep their category and its name.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.cases.categories import all_categories, get_category
from domain.cases.category_admin import (
    CATEGORY_ROLES,
    NAME_MAX,
    CategoryInput,
    create_category,
    set_active,
    update_category,
)
from domain.errors import Conflict, InvalidData, NotFound
from web.admin import bp
from web.auth import acting_user, login_required
from wording import errors as error_words

FIELDS = ("code", "name_id", "name_en", "position")


def _input(form: dict[str, str]) -> CategoryInput:
    raw = form.get("position", "").strip() or "100"
    position: Any = int(raw) if raw.lstrip("-").isdigit() else -1  # -1: "position_range"
    return CategoryInput(form.get("name_id", ""), form.get("name_en", ""),
                         sensitive=form.get("sensitive") == "on", position=position)


def _posted() -> dict[str, str]:
    form = {name: request.form.get(name, "") for name in FIELDS}
    form["sensitive"] = "on" if request.form.get("sensitive") else ""
    return form


def _errors(exc: InvalidData | Conflict) -> dict[str, str]:
    if isinstance(exc, Conflict):
        return {"code": error_words.message(exc)}
    details = error_words.field(exc.details or {})
    return {k: str(v) for k, v in details.items()} or {"_": error_words.message(exc)}


def _list_page(form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
               status: int = 200) -> tuple[str, int]:
    return render_template("admin/categories.html", categories=all_categories(),
                           form=form or {"position": "100"}, errors=errors or {},
                           name_max=NAME_MAX), status


@bp.get("/categories")
@login_required(*CATEGORY_ROLES)
def categories() -> tuple[str, int]:
    return _list_page()


@bp.post("/categories")
@login_required(*CATEGORY_ROLES)
def category_create() -> Response | tuple[str, int]:
    form = _posted()
    try:
        create_category(form["code"], _input(form), actor=acting_user())
    except (InvalidData, Conflict) as exc:
        return _list_page(form, _errors(exc), 422)
    flash(_("Kategori %(code)s ditambahkan.", code=form["code"].strip()), "success")
    return redirect(url_for("admin.categories"), 303)


def _edit_page(code: str, form: dict[str, str], errors: dict[str, str] | None = None,
               status: int = 200) -> tuple[str, int]:
    category = get_category(code)
    if category is None:
        raise NotFound("category_not_found")
    return render_template("admin/category_edit.html", category=category, form=form,
                           errors=errors or {}, name_max=NAME_MAX), status


@bp.get("/categories/<code>")
@login_required(*CATEGORY_ROLES)
def category_edit(code: str) -> tuple[str, int]:
    category = get_category(code)
    if category is None:
        raise NotFound("category_not_found")
    form = {"name_id": category.name_id, "name_en": category.name_en,
            "position": str(category.position), "sensitive": "on" if category.sensitive else ""}
    return _edit_page(code, form)


@bp.post("/categories/<code>")
@login_required(*CATEGORY_ROLES)
def category_update(code: str) -> Response | tuple[str, int]:
    form = _posted()
    try:
        update_category(code, _input(form), actor=acting_user())
    except InvalidData as exc:
        return _edit_page(code, form, _errors(exc), 422)
    flash(_("Kategori %(code)s disimpan.", code=code), "success")
    return redirect(url_for("admin.categories"), 303)


@bp.post("/categories/<code>/active")
@login_required(*CATEGORY_ROLES)
def category_active(code: str) -> Response:
    active = request.form.get("active") == "1"
    set_active(code, active, actor=acting_user())
    flash(_("Kategori %(code)s diaktifkan kembali.", code=code) if active
          else _("Kategori %(code)s dinonaktifkan: tidak dapat dipilih untuk laporan baru.",
                 code=code), "success")
    return redirect(url_for("admin.categories"), 303)
