"""Signed checkpoints of the audit log: a transaction boundary for the scheduler and the CLI."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from domain.audit import log as audit_log
from domain.audit.signing import load_private_key
from domain.db import db

logger = logging.getLogger(__name__)


def checkpoint(signing_key: str, now: datetime) -> audit_log.AuditCheckpoint:
    """Log pending events, sign the tree, commit."""
    row = audit_log.write_checkpoint(load_private_key(signing_key), now)
    db.session.commit()
    return row


def checkpoint_if_due(signing_key: str | None, now: datetime, every: timedelta) -> bool:
    """The scheduler's call: a checkpoint when the last is `every` old and events came."""
    if not signing_key:
        return False
    last = audit_log.latest_checkpoint()
    if last is not None and now - last.created_at < every:
        return False
    if last is not None and audit_log.tree_size() == last.tree_size and \
            audit_log.append_pending() == 0:
        db.session.rollback()
        return False
    row = checkpoint(signing_key, now)
    logger.info("audit checkpoint: %s events, root %s", row.tree_size, row.root_hash)
    return True
