"""Firing deadline timers. Each timer fires in its own transaction, exactly once."""

from __future__ import annotations

import logging
from datetime import datetime

from domain.cases import operations as cases
from domain.db import db
from domain.errors import Conflict

log = logging.getLogger(__name__)


def fire(timer_id: str, as_of: datetime) -> bool:
    """Fire one timer and commit; a timer already fired or not due is a no-op."""
    try:
        fired = cases.fire_timer(timer_id, as_of)
        db.session.commit()
        return fired
    except Conflict:
        # Someone changed the case at the same moment; the timer stays pending for the
        # next sweep, which finds it still due.
        db.session.rollback()
        return False
    except Exception:
        db.session.rollback()
        log.exception("timer %s failed to fire", timer_id)
        raise


def sweep_due(as_of: datetime, batch: int = 200) -> int:
    """Fire every pending timer due by `as_of`, including those a firing makes due."""
    total = 0
    while True:
        ids = cases.due_timer_ids(as_of, batch)
        db.session.rollback()  # end the read transaction before the per-timer ones
        fired_now = sum(fire(timer_id, as_of) for timer_id in ids)
        total += fired_now
        if len(ids) < batch or fired_now == 0:
            return total
