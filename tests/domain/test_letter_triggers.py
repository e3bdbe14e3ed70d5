"""Which status change produces which letter (domain/letters/triggers.py)."""

from __future__ import annotations

from domain.letters.triggers import letter_on_status


def test_leaving_verification_for_follow_up_is_the_disposition():
    assert letter_on_status("verification", "follow_up") == "disposition"


def test_reaching_responded_from_any_status_is_the_follow_up_letter():
    assert letter_on_status("follow_up", "responded") == "follow_up"
    assert letter_on_status(None, "responded") == "follow_up"


def test_other_changes_produce_no_letter():
    assert letter_on_status("submitted", "verification") is None
    assert letter_on_status("responded", "closed") is None
    assert letter_on_status("follow_up", None) is None
