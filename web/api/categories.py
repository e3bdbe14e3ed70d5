"""Categories through the API: the public list for intake clients, and the national admin's
list, create and edit under `/api/v1/admin/categories` (the same operations as the page).

Every change is audited by `domain.cases.category_admin`, naming the token's user. A code
outside the list answers 404; a caller who is not a national admin answers 403.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from domain.cases.categories import CategoryInfo, active_categories, all_categories
from domain.cases.category_admin import (
    CODE_RE,
    NAME_MAX,
    POSITION_MAX,
    CategoryInput,
    create_category,
    may_manage,
    set_active,
    update_category,
)
from domain.cases.models import Category
from domain.errors import Forbidden
from web.api import bp
from web.api.common import json_body, load, locale, officer
from web.api.schemas import _In, _Out


class CategorySchema(_Out):
    code = fields.String(required=True, metadata={"example": "health"})
    label = fields.String(required=True, metadata={"description": "In the request's language"})
    name_id = fields.String(required=True)
    name_en = fields.String(required=True)
    active = fields.Boolean(required=True, metadata={
        "description": "Only active categories are accepted for new cases"})
    sensitive = fields.Boolean(required=True, metadata={
        "description": "A reporter's identity needs a second verifying officer's approval"})
    position = fields.Integer(required=True)


class CategoryListSchema(_Out):
    items = fields.List(fields.Nested(CategorySchema), required=True)


class CategoryUpdateSchema(_In):
    name_id = fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    name_en = fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    sensitive = fields.Boolean(load_default=False)
    position = fields.Integer(load_default=100, validate=validate.Range(0, POSITION_MAX))
    active = fields.Boolean(load_default=None, metadata={
        "description": "false deactivates (no new case may choose it), true reactivates"})


class CategoryCreateSchema(CategoryUpdateSchema):
    code = fields.String(required=True, validate=validate.Regexp(CODE_RE), metadata={
        "description": "Lower-case letters, digits and underscores; fixed once created"})


def _json(category: CategoryInfo | Category) -> dict[str, Any]:
    lang = locale()
    label = category.name_en if lang.startswith("en") else category.name_id
    return {"code": category.code, "label": label, "name_id": category.name_id,
            "name_en": category.name_en, "active": category.active,
            "sensitive": category.sensitive, "position": category.position}


def _input(body: dict[str, Any]) -> CategoryInput:
    return CategoryInput(body["name_id"], body["name_en"], sensitive=body["sensitive"],
                         position=body["position"])


@bp.get("/categories")
def category_list() -> dict[str, Any]:
    """The categories a new case may choose (public: intake clients need the codes)."""
    return CategoryListSchema().dump({"items": [_json(c) for c in active_categories()]})


def _admin() -> Any:
    user = officer()
    if not may_manage(user):
        raise Forbidden("categories_national_admin_only")
    return user


@bp.get("/admin/categories")
def admin_category_list() -> dict[str, Any]:
    """Every category, inactive ones too."""
    _admin()
    return CategoryListSchema().dump({"items": [_json(c) for c in all_categories()]})


@bp.post("/admin/categories")
def admin_category_create() -> tuple[dict[str, Any], int]:
    user = _admin()
    body = load(CategoryCreateSchema(), json_body())
    row = create_category(body["code"], _input(body), actor=user)
    if body["active"] is False:
        set_active(row.code, False, actor=user)
    return CategorySchema().dump(_json(row)), 201


@bp.put("/admin/categories/<code>")
def admin_category_update(code: str) -> dict[str, Any]:
    """Names, order, sensitivity, and (with `active`) deactivation or reactivation."""
    user = _admin()
    body = load(CategoryUpdateSchema(), json_body())
    row = update_category(code, _input(body), actor=user)
    if body["active"] is not None:
        set_active(code, body["active"], actor=user)
    return CategorySchema().dump(_json(row))

