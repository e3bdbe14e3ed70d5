"""The OpenAPI entries of `/api/v1/admin/` (agencies, units, users, memberships, the CSV).

Kept beside `web/api/openapi.py`, which appends them to its table: the test that every
route on the blueprint is documented covers these too.
"""

from __future__ import annotations

from web.api import admin_schemas as s
from web.api.openapi import Op

AGENCY_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
               "description": "Agency code, e.g. pemkot-bandung"}
UNIT_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "Unit code, e.g. bandung.health"}
USERNAME = {"name": "username", "in": "path", "required": True, "schema": {"type": "string"}}
MEMBERSHIP_ID = {"name": "membership_id", "in": "path", "required": True,
                 "schema": {"type": "integer"}}
SCOPE = ("National admins manage everything; a coordinator his own agency's units and users, "
         "and anything outside it answers 404 like a missing one. Every change is audited "
         "with the caller as its actor.")
NATIONAL = "National admins only (403 for a coordinator). Audited."
TAG = "admin"


def _op(method: str, path: str, summary: str, response: object, *, errors: tuple[int, ...],
        description: str = SCOPE, **more: object) -> Op:
    return Op(method, path, summary, TAG, response, errors=(401, 403, *errors), bearer=True,
              description=description, **more)


ADMIN_OPERATIONS: tuple[Op, ...] = (
    _op("get", "/admin/agencies", "Agencies I manage", s.AdminAgencyPageSchema,
        query=s.AdminListQuerySchema, errors=(422,)),
    _op("post", "/admin/agencies", "Create an agency", s.AdminAgencySchema, status=201,
        body=s.AdminAgencyCreateSchema, errors=(422,),
        description="It receives the new cases of its region and of every area below it. "
                    + NATIONAL),
    _op("get", "/admin/agencies/{code}", "One agency", s.AdminAgencySchema,
        params=(AGENCY_CODE,), errors=(404,)),
    _op("patch", "/admin/agencies/{code}", "Rename an agency or change its region",
        s.AdminAgencySchema, body=s.AdminAgencyUpdateSchema, params=(AGENCY_CODE,),
        errors=(404, 422), description=NATIONAL),
    _op("post", "/admin/agencies/{code}/deactivate", "Deactivate an agency",
        s.AdminAgencySchema, params=(AGENCY_CODE,), errors=(404, 409),
        description="It receives no new case; 409 while one of its units is active. "
                    + NATIONAL),
    _op("post", "/admin/agencies/{code}/activate", "Reactivate an agency", s.AdminAgencySchema,
        params=(AGENCY_CODE,), errors=(404,), description=NATIONAL),
    _op("get", "/admin/units", "Units I manage", s.AdminUnitPageSchema,
        query=s.AdminUnitQuerySchema, errors=(404, 422)),
    _op("post", "/admin/units", "Create a unit", s.AdminUnitSchema, status=201,
        body=s.AdminUnitCreateSchema, errors=(422,),
        description="Under a unit, or as the agency's one top unit (`parent` = the agency's "
                    "code). " + SCOPE),
    _op("get", "/admin/units/{code}", "One unit", s.AdminUnitSchema, params=(UNIT_CODE,),
        errors=(404,)),
    _op("patch", "/admin/units/{code}", "Rename, re-region or move a unit", s.AdminUnitSchema,
        body=s.AdminUnitUpdateSchema, params=(UNIT_CODE,), errors=(404, 422),
        description="A unit moves only inside its agency and never under itself or one of "
                    "its sub-units (422 unit_cycle). " + SCOPE),
    _op("post", "/admin/units/{code}/deactivate", "Deactivate a unit", s.AdminUnitSchema,
        params=(UNIT_CODE,), errors=(404, 409),
        description="No longer offered for disposal; 409 while it has an active sub-unit, "
                    "an open task or an active member. " + SCOPE),
    _op("post", "/admin/units/{code}/activate", "Reactivate a unit", s.AdminUnitSchema,
        params=(UNIT_CODE,), errors=(404, 409)),
    _op("get", "/admin/users", "Users I manage", s.AdminUserPageSchema,
        query=s.AdminUserQuerySchema, errors=(404, 422)),
    _op("post", "/admin/users", "Create a user with a first role", s.AdminUserSchema,
        status=201, body=s.AdminUserCreateSchema, errors=(422,),
        description="A coordinator creates users of his agency with a unit role there. "
                    + SCOPE),
    _op("get", "/admin/users/{username}", "One user with his roles", s.AdminUserSchema,
        params=(USERNAME,), errors=(404,)),
    _op("patch", "/admin/users/{username}", "Change a user's name, e-mail or language",
        s.AdminUserSchema, body=s.AdminUserUpdateSchema, params=(USERNAME,),
        errors=(404, 422)),
    _op("post", "/admin/users/{username}/deactivate", "Deactivate a user", s.AdminUserSchema,
        params=(USERNAME,), errors=(404, 409),
        description="As `flask users disable`: no login, his sessions and tokens end, his "
                    "open tasks go back to their unit's inbox. Nobody deactivates himself "
                    "(409). " + SCOPE),
    _op("post", "/admin/users/{username}/activate", "Reactivate a user", s.AdminUserSchema,
        params=(USERNAME,), errors=(404,)),
    _op("post", "/admin/users/{username}/reset-link", "Mail a one-time password link",
        s.AdminResetLinkSchema, status=202, params=(USERNAME,), errors=(404, 422),
        description="The API's counterpart of `flask users set-password`: the user sets his "
                    "own password through the link, which expires in 24 hours and works once "
                    "(older links die); the admin never learns it. 422 without an e-mail, "
                    "403 for a deactivated user. " + SCOPE),
    _op("post", "/admin/users/{username}/memberships", "Grant a role", s.AdminUserSchema,
        status=201, body=s.AdminMembershipCreateSchema, params=(USERNAME,),
        errors=(404, 409, 422),
        description="A coordinator grants unit roles in his agency's units only (403 for "
                    "another role). " + SCOPE),
    _op("delete", "/admin/users/{username}/memberships/{membership_id}", "Revoke a role",
        s.AdminUserSchema, params=(USERNAME, MEMBERSHIP_ID), errors=(404, 409),
        description="His open tasks he may no longer act on go back to their unit; the last "
                    "role is not revoked (409: deactivate the user). " + SCOPE),
    _op("post", "/admin/org/import", "Import the organisation CSV", s.OrgImportResultSchema,
        body=s.OrgImportRequestSchema, errors=(422,),
        description="The file of `flask org import` (docs/onboarding.md): planned whole; one "
                    "bad line (422, `details` by line number) and nothing is applied. "
                    "Idempotent; `dry_run` lists the changes only. " + NATIONAL),
    _op("get", "/admin/org/export", "Export the organisation CSV", None, errors=(),
        extra={"content": {"text/csv": {"schema": {"type": "string"}}}},
        description="Agencies, units and every user's roles in the import's format. "
                    + NATIONAL),
)
