"""Officers' notices: fanned out per person, then mailed at once or kept for the digest.

An escalation tells those who can act on the new task; a disposition tells the liaisons of
the unit the case went to (`disposed`) and of each copy unit (`copied`, for information).
A person is told once per event, whatever roles he holds: the disposition wins over the
copy, and the rows' dedupe keys (`d:<event>:email:user:<id>`) and `digest_entry`'s unique
(user, event) keep a retried fan-out from telling him twice. Each notice carries its
event's facts; an officer who chose the digest gets a `digest_entry` instead of a mail.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from domain.cases.models import HumanTask
from domain.clock import clock
from domain.db import db
from domain.org.models import User
from domain.outbox import operations as outbox
from domain.outbox.models import DigestEntry, OutboxMessage
from domain.outbox.preferences import DIGEST, mode_of
from domain.outbox.recipients import unit_liaisons, users_who_can_act


def default_mode() -> str:
    return current_app.config["ADUAN"].notice_mode


def tell_officer(event: OutboxMessage, user: User, template: str, facts: dict[str, Any],
                 extra: dict[str, Any] | None = None) -> None:
    """One officer, one event: a mail row now, or a digest entry for his daily mail."""
    if not user.email:
        return
    if mode_of(user, default_mode()) == DIGEST:
        db.session.add(DigestEntry(user_id=user.id, event_id=event.id, case_id=event.case_id,
                                   template=template, facts=facts, created_at=clock.now()))
        return
    outbox.enqueue("email", f"d:{event.id}:email:user:{user.id}", case_id=event.case_id,
                   payload={"recipient": f"user:{user.id}", "template": template,
                            "facts": facts, **(extra or {})})


def expand_escalation(message: OutboxMessage) -> None:
    task = db.session.get(HumanTask, message.payload.get("task_id"))
    if task is None:
        return
    facts = message.payload.get("facts")
    for user in users_who_can_act(task):
        extra = {"task_id": task.id, "level": message.payload.get("level", 1)}
        if facts is None:  # an event row from before facts: worded from the task when sent
            if user.email:
                outbox.enqueue("email", f"d:{message.id}:email:user:{user.id}",
                               case_id=message.case_id, payload={
                                   "recipient": f"user:{user.id}", "template": "escalation",
                                   **extra})
            continue
        tell_officer(message, user, "escalation", facts, extra)


def expand_disposed(message: OutboxMessage) -> None:
    """The unit's liaisons hear the case is theirs; the copy units' liaisons, for information."""
    facts = message.payload["facts"]
    unit = facts.get("unit") or {}
    copies = {c["id"]: c["name"] for c in facts.get("copies") or []}
    main = unit.get("id") if facts.get("unit_new") else None  # a copy added: copies only
    ids = ([main] if main else []) + list(copies)
    told: set[int] = set()
    # The unit's own liaisons first: someone liaison of both hears of the disposition.
    for unit_id, user in sorted(unit_liaisons(ids), key=lambda row: row[0] != main):
        if user.id in told:
            continue
        told.add(user.id)
        if unit_id == main:
            tell_officer(message, user, "disposed", facts)
        else:
            tell_officer(message, user, "copied", {**facts, "copy": copies.get(unit_id)})
