"""Forget Idempotency-Keys older than ADUAN_IDEMPOTENCY_HOURS (the scheduler's sweep)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from domain.db import db
from domain.integrations import idempotency

log = logging.getLogger(__name__)


def expire_keys(settings: object, now: datetime) -> int:
    """One committed pass; a retry with an expired key then files a new case."""
    hours = int(getattr(settings, "idempotency_hours", 24))
    done = idempotency.expire(now, timedelta(hours=hours))
    db.session.commit()
    if done:
        log.info("idempotency: %d expired keys forgotten", done)
    return done
