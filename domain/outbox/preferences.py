"""How an officer hears of his cases: a mail per event, or one daily digest.

The choice is the officer's own (`user_account.notice_mode`, set on /desk/notifications);
an account that never chose follows the service's default (ADUAN_NOTICE_MODE, set by the
administrator). Password-reset links are not notices about cases: they always go at once.
"""

from __future__ import annotations

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.errors import InvalidData
from domain.org.models import User

IMMEDIATE, DIGEST = "immediate", "digest"
MODES = (IMMEDIATE, DIGEST)


def mode_of(user: User, default: str = IMMEDIATE) -> str:
    """The user's own choice, else the service's default."""
    return user.notice_mode if user.notice_mode in MODES else \
        (default if default in MODES else IMMEDIATE)


def set_notice_mode(user: User, mode: str | None) -> bool:
    """The acting user chooses for himself ("" or None: follow the default); audited.

    Returns whether anything changed.
    """
    wanted = mode or None
    if wanted is not None and wanted not in MODES:
        raise InvalidData("check_input", details={"mode": "notice_mode_invalid"})
    if user.notice_mode == wanted:
        return False
    before, user.notice_mode = user.notice_mode, wanted
    audit.record("notice_mode_changed", actor=actor_of(user),
                 payload={"username": user.username, "from": before, "to": wanted})
    return True
