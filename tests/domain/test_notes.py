"""Officers' notes: kept whole or refused, never silently cut."""

from __future__ import annotations

import pytest

from domain.cases.tasks import NOTE_MAX_CHARS, add_note
from domain.errors import InvalidData
from tests.factories import submit


def test_note_over_the_limit_is_refused_on_the_body_field(world):
    case = submit().case
    with pytest.raises(InvalidData) as error:
        add_note(case, "x" * (NOTE_MAX_CHARS + 1), actor=world["users"]["verifier"])
    assert set(error.value.details) == {"body"}
    kept = add_note(case, "y" * NOTE_MAX_CHARS, actor=world["users"]["verifier"])
    assert kept.body == "y" * NOTE_MAX_CHARS
