"""The exact-repeat rule: the same contact sending the same text within ten minutes, on any
channel, is the same case, not a second one and not a suggestion.

"The same contact" is any one of the reporter's phone (SMS sender included), e-mail address
or social handle, normalised (a phone in E.164, as the SMS channel stores its senders;
e-mail and handle in lower case, the handle without its `@`). "The same text" is the
description as the duplicate rules normalise it (lower case, punctuation gone, SMS spellings
written out); the title is left out because the SMS and social channels derive it from the
text. A report
without any contact (anonymous and unreachable) never counts as a repeat: nothing ties two
such reports to one person.

Each filed case keeps one sha256 fingerprint per contact (`intake_fingerprint`); a new
report looks its own fingerprints up among the last ten minutes' rows. The caller gets the
existing case's tracking id and no reporter key: the key is shown once and only its hash is
kept, and handing it to whoever types someone's phone number and text would let him act as
that reporter. The first receipt already went to that very contact.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from domain.cases.duplicate_models import IntakeFingerprint
from domain.cases.duplicates import normalise
from domain.cases.models import Case
from domain.channels.normalize import e164
from domain.db import db

if TYPE_CHECKING:
    from domain.cases.intake import Intake

WINDOW = timedelta(minutes=10)
_DIGITS = re.compile(r"\D+")


def _phone(value: str) -> str:
    """The number as the channels store it (E.164, `domain.channels.normalize`), so an SMS
    sender and a web form's phone field are one contact; digits when it is no number."""
    return e164(value) or _DIGITS.sub("", value)


def contacts(intake: Intake) -> list[str]:
    """The normalised contacts a report came with (`phone:628…`, `email:…`, `social:…`)."""
    found = []
    if intake.reporter_phone and _phone(intake.reporter_phone):
        found.append(f"phone:{_phone(intake.reporter_phone)}")
    if intake.reporter_email and intake.reporter_email.strip():
        found.append(f"email:{intake.reporter_email.strip().casefold()}")
    if intake.reporter_handle and intake.reporter_handle.strip().lstrip("@"):
        found.append(f"social:{intake.reporter_handle.strip().lstrip('@').casefold()}")
    return found


def fingerprints(intake: Intake) -> list[str]:
    text = normalise(intake.description)
    return [hashlib.sha256(f"{contact}\n{text}".encode()).hexdigest()
            for contact in contacts(intake)]


def find_repeat(intake: Intake, now: datetime) -> Case | None:
    """The case this report repeats (same contact and text, ten minutes), if any."""
    prints = fingerprints(intake)
    if not prints:
        return None
    case_id = db.session.execute(
        sa.select(IntakeFingerprint.case_id)
        .where(IntakeFingerprint.fingerprint.in_(prints),
               IntakeFingerprint.created_at >= now - WINDOW)
        .order_by(IntakeFingerprint.created_at.desc()).limit(1)).scalar()
    return db.session.get(Case, case_id) if case_id is not None else None


def remember(case: Case, intake: Intake, now: datetime) -> None:
    for fingerprint in fingerprints(intake):
        db.session.add(IntakeFingerprint(case_id=case.id, fingerprint=fingerprint,
                                         created_at=now))
