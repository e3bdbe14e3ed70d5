"""The retention pass (UU PDP): pseudonymise reporters of cases closed long enough ago."""

from __future__ import annotations

import logging
from datetime import datetime

from domain.cases import retention
from domain.db import db

log = logging.getLogger(__name__)


def pseudonymise_due(settings: object, now: datetime) -> int:
    """One pass over every due case, committed; the scheduler and `flask cases` call it."""
    days = int(getattr(settings, "retention_days", 0))
    done = retention.run(now=now, secret=str(getattr(settings, "secret_key", "")), days=days)
    db.session.commit()
    if done:
        log.info("retention: %d reporter identities pseudonymised", done)
    return done
