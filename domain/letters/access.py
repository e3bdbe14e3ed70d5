"""Who may read which letter of a case: the one rule for the API, the desk's document pages
and the reporter's portal.

- Officers and auditors: those with a case-reading role whose scope holds the case
  (`readable_case`); anyone else gets NotFound, the same answer as for a case that does not
  exist.
- A copy (tembusan) unit, reading the case only through `case_copy`, does not get a letter
  that names a non-anonymous reporter (`NAMING_KINDS`). The unit holding the case, the
  verifying roles (coordinators, national admins) and auditors keep it.
- A naming letter rendered before an officer raised the anonymous flag still names the
  reporter: from then on only the verifying roles and auditors read it (`named_before_anonymous`).
- The reporter, proven by his key, reads the letters addressed to him (`REPORTER_KINDS`:
  the follow-up letter), never the nota dinas or the case file.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.models import Case
from domain.cases.queries import can_read_case, find_case, reads_only_as_copy
from domain.db import db
from domain.enums import IDENTITY_ROLES, Role
from domain.errors import NotFound
from domain.letters import operations as letters
from domain.letters.models import Letter
from domain.org.models import User
from domain.org.permissions import CASE_READER_ROLES

READER_ROLES = frozenset(CASE_READER_ROLES)
# Letters written to the reporter: he may fetch them with his key. Never the nota dinas.
REPORTER_KINDS = frozenset({"follow_up"})
# Letters that carry the reporter's name when the report is not anonymous (reports/context.py).
NAMING_KINDS = frozenset({"follow_up"})


def readable_case(user: User, tracking_id: str) -> Case:
    """The case if this user may read its documents; NotFound otherwise (no existence leak)."""
    case = find_case(tracking_id)
    if not (user.roles() & READER_ROLES) or not can_read_case(user, case):
        raise NotFound("case_not_found")
    return case


def named_before_anonymous(case: Case, letter: Letter) -> bool:
    """A naming letter of a case now anonymous, rendered before the anonymous flag went up
    (domain/cases/flags.py): it still carries the reporter's name."""
    if letter.kind not in NAMING_KINDS or not case.anonymous:
        return False
    raised = db.session.execute(
        sa.select(CaseEvent.payload, CaseEvent.created_at)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "flags_raised")
    ).all()
    return any("anonymous" in (p or {}).get("flags", []) and letter.created_at <= at
               for p, at in raised)


def may_read_letter(user: User, case: Case, letter: Letter) -> bool:
    """Whether an officer who may read the case's documents may read this letter too."""
    roles = user.roles()
    if letter.kind not in NAMING_KINDS:
        return True
    if case.anonymous:
        return not named_before_anonymous(case, letter) or bool(
            roles & (IDENTITY_ROLES | {Role.AUDITOR}))
    if Role.AUDITOR in roles:
        return True
    return not reads_only_as_copy(user, case)


def visible_letters(user: User, case: Case) -> list[Letter]:
    """The case's letters this officer may read, newest first."""
    return [x for x in letters.letters_of(case) if may_read_letter(user, case, x)]


def letter_for(user: User, case: Case, letter_id: int) -> Letter:
    """One letter of the case for this officer; NotFound when he may not read it."""
    letter = letters.get_letter(case, letter_id)
    if not may_read_letter(user, case, letter):
        raise NotFound("letter_not_found")
    return letter


def reporter_letters(case: Case) -> list[Letter]:
    """The letters addressed to the reporter (for the holder of the key), newest first."""
    return [x for x in letters.letters_of(case) if x.kind in REPORTER_KINDS]


def reporter_letter(case: Case, letter_id: int) -> Letter:
    """One letter addressed to the reporter; NotFound for any other kind."""
    letter = letters.get_letter(case, letter_id)
    if letter.kind not in REPORTER_KINDS:
        raise NotFound("letter_not_found")
    return letter
