"""The organisation's codes in people's words: roles and kinds of agency (admin pages)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from domain.enums import Role
from wording.labels import label

ROLE = {
    Role.NATIONAL_ADMIN: _l("Admin nasional"),
    Role.COORDINATOR: _l("Koordinator instansi"),
    Role.LIAISON: _l("Admin penghubung unit"),
    Role.OFFICER: _l("Petugas unit"),
    Role.SUPERVISOR: _l("Atasan unit"),
    Role.PROCESS_OWNER: _l("Pemilik proses"),
    Role.AUDITOR: _l("Auditor"),
    Role.SYSADMIN: _l("Admin sistem"),
}
AGENCY_KIND = {
    "local_government": _l("Pemerintah daerah"),
    "national": _l("Lembaga nasional"),
    "ministry": _l("Kementerian atau lembaga"),
    "state_company": _l("BUMN atau BUMD"),
    "university": _l("Perguruan tinggi"),
    "other": _l("Lainnya"),
}


def role_label(role: Role | str) -> str:
    try:
        return label(ROLE, Role(role))
    except ValueError:
        return str(role)


def kind_label(kind: str) -> str:
    return label(AGENCY_KIND, kind)
