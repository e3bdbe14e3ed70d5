"""The daily digest: one mail a day per officer who chose it, listing each event's facts.

The scheduler calls `send_digests` on every pass (jobs/worker.py). Day D's digest is due
from ADUAN_DIGEST_AT (WIB, the controlled clock) and lists the officer's entries made before
that moment and not listed yet; later ones wait for D+1's. Why it is sent once, even when
two schedulers or a retry run it twice: the mail is an outbox row keyed
`digest:<user>:<day>` (unique), and the entries it lists are marked with the day in the
same transaction, so a second run finds nothing to list and the key already taken.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from domain.clock import clock
from domain.db import db
from domain.outbox import operations as outbox
from domain.outbox.models import DigestEntry
from domain.sla.calendar import WIB

log = logging.getLogger(__name__)
MAX_ITEMS = 200  # listed one by one; beyond that the digest counts the rest


def digest_moment(now: datetime, at: str) -> tuple[date, datetime] | None:
    """(today, today's digest moment) in WIB once it has come; None before it."""
    local = now.astimezone(WIB)
    hour, minute = (int(part) for part in at.split(":", 1))
    moment = datetime.combine(local.date(), time(hour, minute), tzinfo=WIB)
    return (local.date(), moment) if local >= moment else None


def _waiting(user_id: int, cutoff: datetime) -> list[DigestEntry]:
    query = sa.select(DigestEntry).where(
        DigestEntry.user_id == user_id, DigestEntry.digest_day.is_(None),
        DigestEntry.created_at < cutoff).order_by(DigestEntry.id)
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # a concurrent run takes the others
    return list(db.session.execute(query).scalars())


def _items(entries: list[DigestEntry]) -> list[dict[str, Any]]:
    return [{"template": e.template, "facts": e.facts, "case_id": e.case_id}
            for e in entries[:MAX_ITEMS]]


def digest_user(user_id: int, day: date, cutoff: datetime) -> bool:
    """One officer's digest of `day` (flush only); False when there is nothing to send."""
    entries = _waiting(user_id, cutoff)
    if not entries:
        return False
    row = outbox.enqueue("email", f"digest:{user_id}:{day.isoformat()}", payload={
        "recipient": f"user:{user_id}", "template": "digest", "day": day.isoformat(),
        "items": _items(entries), "more": max(len(entries) - MAX_ITEMS, 0)})
    if row is None:  # today's digest already went: these are tomorrow's
        return False
    for entry in entries:
        entry.digest_day = day
    return True


def send_digests(now: datetime | None = None, at: str | None = None) -> int:
    """Every due digest, a transaction per officer; returns how many were queued."""
    now = now or clock.now()
    due = digest_moment(now, at or current_app.config["ADUAN"].digest_at)
    if due is None:
        return 0
    day, cutoff = due
    users = list(db.session.execute(sa.select(DigestEntry.user_id).where(
        DigestEntry.digest_day.is_(None), DigestEntry.created_at < cutoff).distinct()).scalars())
    db.session.commit()  # end the read: each officer's digest is its own transaction
    sent = 0
    for user_id in users:
        try:
            sent += digest_user(user_id, day, cutoff)
            db.session.commit()
        except IntegrityError:  # a concurrent run queued this digest first
            db.session.rollback()
    if sent:
        log.info("digest: %d officer digest(s) queued for %s", sent, day.isoformat())
    return sent
