"""UU PDP retention: closed cases past the period lose their reporter's identity, once, and
the audit log stays valid because it never held the identity."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.audit.operations import verify_chain, verify_heads
from domain.cases import retention
from domain.cases.models import Reporter
from domain.db import db
from domain.enums import CaseStatus
from tests.factories import case_in

NIK = "3171015502900001"
SECRET = "test-secret"
PEOPLE = {"name": "Budi Santoso", "phone": "+6281234567890", "email": "budi@example.org",
          "nik": NIK}


_visits = count(1)


def _closed(**people):
    # each one a complaint of its own (the same words from the same person within ten
    # minutes would be an exact repeat: the same case)
    return case_in(CaseStatus.CLOSED, reporter=people or PEOPLE,
                   title="Obat kosong, kata Budi Santoso",
                   description=f"Saya Budi Santoso, NIK {NIK}, HP 0812-3456-7890. "
                               f"Laporan ke-{next(_visits)}.")


def test_a_closed_case_past_the_period_is_pseudonymised_once_and_the_log_stays_valid(
        app, world, clock):
    case = _closed()
    open_case = case_in(CaseStatus.FOLLOW_UP, reporter=PEOPLE)
    assert retention.due(clock.now(), 30) == []  # closed today: not yet
    later = clock.now() + timedelta(days=31)
    assert retention.due(later, 30) == [case.id]
    assert retention.run(now=later, secret=SECRET, days=30) == 1
    reporter = db.session.get(Reporter, case.id)
    assert reporter.pseudonymised_at == later and reporter.name.startswith("Pseudonim ")
    assert (reporter.phone, reporter.email, reporter.nik) == (None, None, None)
    for text in (case.title, case.description):
        assert "Budi" not in text and NIK not in text and "0812-3456-7890" not in text
    assert "[NIK]" in case.description
    assert db.session.get(Reporter, open_case.id).nik == NIK  # still open: kept
    events = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.kind == retention.EVENT)).scalars().all()
    assert len(events) == 1 and events[0].payload == {"retention_days": 30}
    assert retention.run(now=later, secret=SECRET, days=30) == 0  # idempotent
    assert retention.pseudonymise(case.id, now=later, secret=SECRET, days=30) is False
    assert verify_chain() == [] and verify_heads() == []
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    # No event of the case ever carried the identity it had.
    payloads = db.session.execute(sa.select(CaseEvent.payload).where(
        CaseEvent.case_id == case.id)).scalars().all()
    assert NIK not in str(payloads) and "budi@example.org" not in str(payloads)


def test_the_same_person_keeps_one_pseudonym_across_cases(world, clock):
    first, second = _closed(), _closed()
    other = _closed(name="Siti", phone="+6281398765432", email="siti@example.org")
    later = clock.now() + timedelta(days=2000)
    assert retention.run(now=later, secret=SECRET, days=1825) == 3
    names = [db.session.get(Reporter, c.id).name for c in (first, second, other)]
    assert names[0] == names[1] != names[2]


def test_zero_days_keeps_every_identity(world, clock):
    case = _closed()
    assert retention.run(now=clock.now() + timedelta(days=9999), secret=SECRET, days=0) == 0
    assert db.session.get(Reporter, case.id).nik == NIK


def test_the_cli_runs_the_pass_as_of_a_moment(app, world, clock):
    case = _closed()
    moment = (clock.now() + timedelta(days=1826)).isoformat()
    result = app.test_cli_runner().invoke(args=["cases", "pseudonymise", "--as-of", moment])
    assert result.exit_code == 0 and "pseudonymised 1 reporter(s)" in result.output
    assert db.session.get(Reporter, case.id).pseudonymised_at is not None
    again = app.test_cli_runner().invoke(args=["cases", "pseudonymise", "--as-of", moment])
    assert "pseudonymised 0 reporter(s)" in again.output
