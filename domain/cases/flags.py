"""The anonymous and confidential flags after intake: officers raise them, only the reporter
lowers them.

LAPOR!'s real leaks came from admins who forgot to set a flag, so raising one is open to
every desk officer whose scope reaches the case, at any time. Lowering one publishes what
the reporter was promised would stay hidden: that needs the reporter's own consent (his
key), never an officer alone. Each change is one audit event (`flags_raised`,
`flags_lowered`) in the case's chain.

A flag takes effect everywhere at once because nothing copies it: the public list, the
tracking page and the API read `Case.confidential` per request
(`domain.cases.public`), the identity policy reads `Case.anonymous` per look, and a stored
case file is current only for the chain head it was rendered against
(`domain.letters.operations.current_casefile`): the flag's audit event moves the head, so
the next download renders the file again.
"""

from __future__ import annotations

from domain.audit import operations as audit
from domain.audit.actors import REPORTER
from domain.audit.actors import actor as actor_of
from domain.cases.models import Case
from domain.cases.queries import can_read_case
from domain.cases.tracking import reporter_key_matches
from domain.cases.workflow import lock_case
from domain.db import db
from domain.enums import Role
from domain.errors import Forbidden, InvalidData, NotFound
from domain.org.models import User

FLAGS = ("anonymous", "confidential")
# Roles that work cases at the desk (domain.org.permissions.DESK_ROLES): auditors read only.
RAISING_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.COORDINATOR, Role.LIAISON, Role.OFFICER,
                           Role.SUPERVISOR})


def _wanted(anonymous: bool | None, confidential: bool | None) -> dict[str, bool]:
    wanted = {name: value for name, value in zip(FLAGS, (anonymous, confidential), strict=True)
              if value is not None}
    if not wanted:
        raise InvalidData("flags_none_given", details={"flags": "required"})
    return wanted


def may_raise_flags(user: User, case: Case) -> bool:
    """Whether the desk offers this officer the buttons that raise a flag."""
    return bool(user.roles() & RAISING_ROLES) and can_read_case(user, case)


def raise_flags(case: Case, *, anonymous: bool | None = None,
                confidential: bool | None = None, actor: User) -> list[str]:
    """Set the given flags on; returns the flags that were off and now are (audited).

    Outside the officer's scope the case does not exist (NotFound); asking to turn a flag
    off is refused with `flag_lowering_needs_reporter`, whatever the flag's state.
    """
    wanted = _wanted(anonymous, confidential)
    if not may_raise_flags(actor, case):
        raise NotFound("case_not_found")
    if not all(wanted.values()):
        raise Forbidden("flag_lowering_needs_reporter")
    raised = [name for name in wanted if not getattr(case, name)]
    if raised:
        _apply(case, raised, True, actor=actor_of(actor), kind="flags_raised")
    return raised


def reporter_set_flags(case: Case, reporter_key: str | None, *, anonymous: bool | None = None,
                       confidential: bool | None = None) -> list[str]:
    """The reporter, with his key, turns flags on or off; returns the flags that changed.

    The one way a flag goes down: each lowering is its own `flags_lowered` event, actor
    `reporter`, so the history shows that the reporter consented.
    """
    wanted = _wanted(anonymous, confidential)
    if not reporter_key_matches(reporter_key, case.reporter_key_hash):
        raise Forbidden("reporter_key_mismatch")
    lowered = [name for name, value in wanted.items() if not value and getattr(case, name)]
    raised = [name for name, value in wanted.items() if value and not getattr(case, name)]
    if lowered:
        _apply(case, lowered, False, actor=REPORTER, kind="flags_lowered")
    if raised:
        _apply(case, raised, True, actor=REPORTER, kind="flags_raised")
    return lowered + raised


def _apply(case: Case, names: list[str], value: bool, *, actor: str, kind: str) -> None:
    lock_case(case, None)  # the row lock the chain append needs; moves the case's version
    for name in names:
        setattr(case, name, value)
    audit.record(kind, actor=actor, case_id=case.id,
                 payload={"flags": names, "anonymous": case.anonymous,
                          "confidential": case.confidential})
    db.session.flush()
