"""Channel text meets the identity shield like the portal's; a message is handled once."""

from __future__ import annotations

import sqlalchemy as sa

from domain.cases.models import Case, Reporter
from domain.cases.shielded import case_text
from domain.channels.conversation import Policy
from domain.channels.operations import process_inbound
from domain.channels.receive import Incoming, receive
from domain.db import db
from domain.enums import Channel


def _sms(text: str, sender: str = "+6281234567890", message_id: str = "m1") -> Case | None:
    message, _ = receive(Incoming(Channel.SMS, "generic", message_id, sender, text, {}))
    process_inbound(message.id, Policy())
    return db.session.get(Case, message.case_id) if message.case_id else None


def test_the_number_and_nik_in_an_sms_are_masked_for_everyone_but_the_verifier(world):
    case = _sms("LAPOR Saya Budi, hp 0812-3456-7890, NIK 1271034506900002, jalan rusak")
    assert "0812-3456-7890" in case.description  # stored as sent
    shown = case_text(case).description.text
    assert "0812-3456-7890" not in shown and "1271034506900002" not in shown
    assert "[telepon]" in shown and "[NIK]" in shown


def test_an_sms_case_is_anonymous_and_confidential_by_default_and_keeps_the_number_apart(
        world):
    case = _sms("LAPOR Pungli di kantor kelurahan")
    assert case.anonymous and case.confidential
    assert db.session.get(Reporter, case.id).phone == "+6281234567890"
    assert "+62" not in (case.title + case.description)


def test_a_redelivered_message_changes_nothing(world):
    first, new = receive(Incoming(Channel.SMS, "generic", "same", "+6281234567890",
                                  "LAPOR jalan", {}))
    again, new_again = receive(Incoming(Channel.SMS, "generic", "same", "+6281234567890",
                                        "LAPOR jalan", {"changed": True}))
    assert new and not new_again and again.id == first.id and again.raw == {}
    process_inbound(first.id, Policy())
    assert process_inbound(first.id, Policy()) == "handled already"
    assert db.session.execute(sa.select(sa.func.count(Case.id))).scalar_one() == 1


def test_two_jobs_racing_for_one_multi_part_set_make_one_case(world):
    """Both parts' jobs see the set complete; the second claim matches no part and backs
    off with a Conflict (its outbox retry then finds the set handled)."""
    import pytest

    from domain.channels import concat
    from domain.errors import Conflict

    parts = [receive(Incoming(Channel.SMS, "vonage", f"p{n}", "+6281234567890", text, {},
                              concat_ref="R9", concat_part=n, concat_total=2))[0]
             for n, text in ((1, "LAPOR Jalan "), (2, "rusak parah"))]
    seen_by_both = concat._open_parts(parts[0])
    assert concat._assemble(seen_by_both, Policy(), incomplete=False) == "case_created"
    with pytest.raises(Conflict):
        concat._assemble(seen_by_both, Policy(), incomplete=False)
    [case] = db.session.execute(sa.select(Case)).scalars()
    assert case.description == "Jalan rusak parah"
