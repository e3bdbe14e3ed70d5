"""Counter entry: an officer keys in a complaint that came by phone, on paper or in person.

The case is born through the one intake (`intake.submit_with_attachments`, the one schema),
so it runs the same lifecycle as every other; what the counter adds is how it came (channel
`phone`, `paper` or `walk_in`), who keyed it in (the audit's `case_submitted` actor is the
officer), the scanned letter as an attachment, and a privacy choice the officer must make
with the citizen: there is no default to forget at the counter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from domain.cases.attachments import Upload
from domain.cases.intake import Receipt, submit_with_attachments
from domain.cases.schemas import load_intake
from domain.enums import COUNTER_CHANNELS, Channel
from domain.errors import InvalidData
from domain.org.models import User

PRIVACY_FIELDS = ("anonymous", "confidential")


def counter_channel(value: str) -> Channel:
    """The counter's own channels only; anything else is a field error on `channel`."""
    if value not in {c.value for c in COUNTER_CHANNELS}:
        raise InvalidData("counter_channel_required", details={"channel": ["required"]})
    return Channel(value)


def file_at_counter(payload: dict[str, Any], channel: str, uploads: Iterable[Upload], *,
                    officer: User) -> Receipt:
    """File what the citizen told the officer. The privacy flags must be in `payload`
    (chosen with the citizen); the intake schema raises ValidationError for bad fields."""
    missing = [name for name in PRIVACY_FIELDS if payload.get(name) is None]
    if missing:
        raise InvalidData("counter_privacy_required",
                          details={name: ["required"] for name in missing})
    intake = load_intake(payload, counter_channel(channel))
    return submit_with_attachments(replace(intake, entered_by_id=officer.id), uploads)
