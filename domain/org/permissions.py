"""Role groups: which roles open which area. Blueprints guard their views with these, and the
navigation in `base.html` asks the same predicates (through a context processor), so a page
and the link to it never disagree.
"""

from __future__ import annotations

from domain.enums import Role
from domain.org.models import User

# Roles that work cases at the desk; auditors read in /audit, other roles have no desk.
DESK_ROLES = (Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.LIAISON, Role.OFFICER, Role.SUPERVISOR)
# Roles that read cases and their documents: the desk, plus auditors (read-only).
# Sysadmins and process owners see everything else, but not these.
CASE_READER_ROLES = (*DESK_ROLES, Role.AUDITOR)
AUDIT_ROLES = (Role.AUDITOR,)
# Process owners edit lifecycles; sysadmins may do everything they may.
STUDIO_ROLES = (Role.PROCESS_OWNER, Role.SYSADMIN)
# The working-day calendar (cuti bersama) is kept nationally.
CALENDAR_ROLES = (Role.NATIONAL_ADMIN, Role.SYSADMIN)
# Machine clients (Open311 API keys, agency webhooks) are configured nationally.
INTEGRATION_ROLES = (Role.NATIONAL_ADMIN, Role.SYSADMIN)
OPEN311_ROLES = INTEGRATION_ROLES
# The job system's health page.
JOBS_ROLES = (Role.SYSADMIN,)
# Agencies, units and users (/admin/agencies ...): national admins everything, coordinators
# their own agency (domain/org/access.py narrows it).
ORG_ROLES = (Role.NATIONAL_ADMIN, Role.COORDINATOR)


def works_at_desk(user: User) -> bool:
    return user.has_role(*DESK_ROLES)


def audits_only(user: User) -> bool:
    """An auditor without a desk role: his home is /audit, not the desk."""
    return user.has_role(*AUDIT_ROLES) and not works_at_desk(user)


def uses_studio(user: User) -> bool:
    return user.has_role(*STUDIO_ROLES)


def manages_org(user: User) -> bool:
    return user.has_role(*ORG_ROLES)
