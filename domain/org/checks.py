"""What makes an organisation's fields valid, in one place for the CSV import and the admin.

Each check answers a field code of `wording.errors.FIELD` (or None when the value is good),
so the import reports it against a line and the admin pages and API against a field, with
the same words.
"""

from __future__ import annotations

import re

from domain.db import db
from domain.enums import Role
from domain.org.models import Region
from domain.text import has_control_chars

CODE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX = 200
EMAIL_MAX = 254
GLOBAL_ONLY = (Role.NATIONAL_ADMIN, Role.SYSADMIN)
UNIT_ONLY = (Role.COORDINATOR, Role.LIAISON, Role.OFFICER, Role.SUPERVISOR)
AGENCY_KINDS = ("local_government", "national", "ministry", "state_company", "university",
                "other")


def code_problem(code: str) -> str | None:
    return None if CODE.match(code) else "code_invalid"


def name_problem(name: str) -> str | None:
    if not name or len(name) > NAME_MAX:
        return "name_length"
    return "control_characters" if has_control_chars(name) else None


def region_problem(region: str | None) -> str | None:
    """An empty region is allowed (a national agency); a given one must be loaded."""
    if not region:
        return None
    return None if db.session.get(Region, region) is not None else "region_unknown"


def username_problem(username: str) -> str | None:
    return None if USERNAME.match(username) else "username_invalid"


def email_problem(email: str | None) -> str | None:
    if not email:
        return None
    return None if len(email) <= EMAIL_MAX and EMAIL.match(email) else "email_invalid"


def role_problem(role: Role, has_unit: bool) -> str | None:
    """National roles hold no unit; unit roles always name one (the membership's CHECKs)."""
    if role in GLOBAL_ONLY and has_unit:
        return "role_is_global"
    if role in UNIT_ONLY and not has_unit:
        return "role_needs_unit"
    return None


def parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None
