"""marshmallow schemas of `/api/v1/admin/`: agencies, units, officers, memberships, the CSV.

Requests only check shapes and lengths; what makes a value valid (a code's spelling, a
known region, a role's unit) is the domain's (`domain.org.checks`), so the API, the pages
and the CSV import refuse the same input with the same words. These schemas describe
officers' accounts, never a reporter: no reporter identity field passes through them.
"""

from __future__ import annotations

from marshmallow import fields, validate

from domain.enums import Role
from domain.org.checks import AGENCY_KINDS
from domain.org.directory import parent_code
from web.api.schemas import PageQuerySchema, _In, _Out

CODE = {"validate": validate.Length(min=1, max=64)}
NAME = {"validate": validate.Length(min=1, max=200)}
REGION_DOC = {"description": "Kemendagri code, e.g. 32.73 (Kota Bandung); empty for none"}
AREAS_DOC = {"description": "Further Kemendagri codes it covers beside its region"}
PARENT_DOC = {"description": "A unit code, or the agency's code for its top unit"}


class AdminListQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "Text in the name or code"})
    active = fields.Boolean(load_default=None, metadata={"description": "Only (in)active ones"})


class AdminUnitQuerySchema(AdminListQuerySchema):
    agency = fields.String(load_default=None, **CODE, metadata={"description": "Agency code"})


class AdminUserQuerySchema(AdminListQuerySchema):
    unit = fields.String(load_default=None, **CODE,
                         metadata={"description": "Members of this unit (code)"})


class AdminAgencySchema(_Out):
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    region = fields.String(attribute="region_code", allow_none=True, metadata=REGION_DOC)
    areas = fields.List(fields.String(), attribute="area_codes", metadata=AREAS_DOC)
    active = fields.Boolean()


class AdminAgencyPageSchema(_Out):
    items = fields.List(fields.Nested(AdminAgencySchema))
    next_cursor = fields.String(allow_none=True)


class AdminAgencyCreateSchema(_In):
    code = fields.String(required=True, **CODE)
    name = fields.String(required=True, **NAME)
    region = fields.String(load_default=None, allow_none=True, metadata=REGION_DOC)
    kind = fields.String(load_default="local_government", validate=validate.OneOf(AGENCY_KINDS))
    areas = fields.List(fields.String(validate=validate.Length(max=16)), load_default=None,
                        validate=validate.Length(max=200), metadata=AREAS_DOC)


class AdminAgencyUpdateSchema(_In):
    name = fields.String(load_default=None, **NAME)
    region = fields.String(load_default=None, allow_none=True, metadata={
        "description": "A Kemendagri code; an empty string clears it; absent: unchanged"})
    kind = fields.String(load_default=None, validate=validate.OneOf(AGENCY_KINDS))
    areas = fields.List(fields.String(validate=validate.Length(max=16)), load_default=None,
                        validate=validate.Length(max=200), metadata={
                            "description": "Further areas (replaces the list; [] drops them; "
                                           "absent: unchanged)"})


class AdminUnitSchema(_Out):
    code = fields.String()
    name = fields.String()
    agency = fields.String(attribute="agency.code")
    parent = fields.Function(parent_code, metadata={"type": "string", **PARENT_DOC})
    region = fields.String(attribute="region_code", allow_none=True)
    active = fields.Boolean()


class AdminUnitPageSchema(_Out):
    items = fields.List(fields.Nested(AdminUnitSchema))
    next_cursor = fields.String(allow_none=True)


class AdminUnitCreateSchema(_In):
    code = fields.String(required=True, **CODE)
    name = fields.String(required=True, **NAME)
    parent = fields.String(required=True, **CODE, metadata=PARENT_DOC)
    region = fields.String(load_default=None, allow_none=True, metadata={
        "description": "Default: the agency's region"})


class AdminUnitUpdateSchema(_In):
    name = fields.String(load_default=None, **NAME)
    region = fields.String(load_default=None, allow_none=True)
    parent = fields.String(load_default=None, **CODE, metadata={
        "description": "Move under this unit of the same agency (never under itself)"})


class AdminMembershipSchema(_Out):
    id = fields.Integer()
    role = fields.String(attribute="role.value")
    unit = fields.String(attribute="unit.code", allow_none=True)


class AdminUserSchema(_Out):
    """An officer's account as his admin sees it (never a password or its hash)."""

    username = fields.String()
    name = fields.String(attribute="display_name")
    email = fields.String(allow_none=True)
    locale = fields.String()
    active = fields.Boolean()
    memberships = fields.List(fields.Nested(AdminMembershipSchema))


class AdminUserPageSchema(_Out):
    items = fields.List(fields.Nested(AdminUserSchema))
    next_cursor = fields.String(allow_none=True)


class AdminMembershipCreateSchema(_In):
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    unit = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                         metadata={"description": "Unit code; none for a national role"})


class AdminUserCreateSchema(AdminMembershipCreateSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String(required=True, **NAME)
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=254))
    locale = fields.String(load_default="id", validate=validate.OneOf(["id", "en"]))
    password = fields.String(load_default=None, allow_none=True, load_only=True,
                             validate=validate.Length(max=1024), metadata={
                                 "description": "Optional; without one the account cannot "
                                                "log in until a password is set"})


class AdminUserUpdateSchema(_In):
    name = fields.String(load_default=None, **NAME)
    email = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=254),
                          metadata={"description": "An empty string clears it"})
    locale = fields.String(load_default=None, validate=validate.OneOf(["id", "en"]))


class OrgImportRequestSchema(_In):
    csv = fields.String(required=True, validate=validate.Length(min=1, max=5_000_000), metadata={
        "description": "The file: header kind,code,name,parent,region,username,email,role"})
    dry_run = fields.Boolean(load_default=False)


class OrgChangeSchema(_Out):
    line = fields.Integer()
    action = fields.String(metadata={"description": "create, update or grant"})
    kind = fields.String(metadata={"description": "agency, unit, user or role"})
    key = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields", keys=fields.String(),
                          values=fields.String(allow_none=True))


class OrgImportResultSchema(_Out):
    dry_run = fields.Boolean()
    applied = fields.Integer(metadata={"description": "Changes written (0 for a dry run)"})
    changes = fields.List(fields.Nested(OrgChangeSchema))


class AdminResetLinkSchema(_Out):
    username = fields.String()
    expires_at = fields.DateTime(metadata={"description": "The link works once until then"})
