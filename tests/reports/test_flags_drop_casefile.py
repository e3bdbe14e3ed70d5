"""A raised flag makes a stored case file stale at once: the cache is keyed by chain head."""

from __future__ import annotations

from domain.audit.operations import chain_for, chain_head
from domain.cases.flags import raise_flags
from domain.enums import Role
from domain.letters import operations as letters
from domain.letters.access import may_read_letter
from jobs.letters import render_casefile
from tests.factories import create_user
from tests.jobs.support import drain_outbox, to_responded


def test_raising_a_flag_drops_the_cached_case_file(world):
    _, case = to_responded(confidential=False)
    drain_outbox()
    before = render_casefile(case)
    assert letters.current_casefile(case) == before
    raise_flags(case, confidential=True, actor=create_user(Role.LIAISON, "medan.health"))
    # The flag's audit event moved the chain head: the stored file is no longer current,
    # and the next download renders it again against the new head.
    assert letters.current_casefile(case) is None
    after = render_casefile(case)
    assert after.id != before.id and after.chain_head == chain_head(chain_for(case.id)).hash
    assert letters.current_casefile(case) == after


def test_a_letter_that_named_the_reporter_closes_when_the_case_turns_anonymous(world):
    _, case = to_responded(anonymous=False)
    drain_outbox()
    (letter,) = [x for x in letters.letters_of(case) if x.kind == "follow_up"]
    liaison = create_user(Role.LIAISON, "medan.health")
    assert may_read_letter(liaison, case, letter)  # the handling unit reads a named letter
    raise_flags(case, anonymous=True, actor=liaison)
    assert not may_read_letter(liaison, case, letter)  # it still names him: closed to the unit
    assert may_read_letter(create_user(Role.COORDINATOR, "medan.secretariat"), case, letter)
