"""UU PDP (27/2022): a closed case keeps its reporter's identity only for a set period.

After `ADUAN_RETENTION_DAYS` since a case closed, the scheduler (and `flask cases
pseudonymise`) replaces the reporter row's name, phone, e-mail and NIK with a pseudonym: an
HMAC of his identity under the installation's secret, so one person's cases still link to
each other and to nobody. The case's own text columns (title, description, location) are
rewritten through the identity shield (with the verifying officer's corrections) while the
identity is still known, so his name and numbers do not outlive it there either.

The audit chain is untouched: its events never carried the identity (only codes, ids and
hashes), so `flask audit verify` stays valid. One `reporter_pseudonymised` event records the
step. The job is idempotent: a conditional UPDATE claims each reporter row once, so a second
run, or two schedulers at once, pseudonymise nothing twice.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

import sqlalchemy as sa

from domain.audit import actors
from domain.audit import operations as audit
from domain.cases import shield_overrides
from domain.cases.models import Case, Reporter
from domain.cases.shielded import case_text
from domain.db import db
from domain.enums import CaseStatus

EVENT = "reporter_pseudonymised"
# Each text column and its length (a mask can be longer than what it hides: `[nama]`).
TEXT_FIELDS = {"title": 200, "original_title": 200, "description": None, "location": 300}
BATCH = 200


def pseudonym(reporter: Reporter, secret: str) -> str:
    """The same short name for the same person (NIK, else phone, else e-mail, else name)."""
    key = next((v for v in (reporter.nik, reporter.phone, reporter.email, reporter.name) if v),
               f"case:{reporter.case_id}")
    digest = hmac.new(secret.encode(), key.strip().lower().encode(), hashlib.sha256)
    return f"Pseudonim {digest.hexdigest()[:12]}"


def due(now: datetime, days: int, limit: int = BATCH) -> list[int]:
    """Ids of closed cases past the retention period whose reporter still has an identity."""
    if days <= 0:
        return []
    cutoff = now - timedelta(days=days)
    return list(db.session.execute(
        sa.select(Case.id).join(Reporter, Reporter.case_id == Case.id)
        .where(Case.status.in_((CaseStatus.CLOSED, CaseStatus.ARCHIVED)),
               Case.closed_at < cutoff, Reporter.pseudonymised_at.is_(None))
        .order_by(Case.id).limit(limit)
    ).scalars())


def pseudonymise(case_id: int, *, now: datetime, secret: str, days: int) -> bool:
    """Replace one reporter's identity (flush only); False when it already was."""
    claimed = db.session.execute(
        sa.update(Reporter).where(Reporter.case_id == case_id,
                                  Reporter.pseudonymised_at.is_(None))
        .values(pseudonymised_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return False
    reporter = db.session.get(Reporter, case_id, populate_existing=True)
    case = db.session.get(Case, case_id)
    masked = case_text(case)  # with the verifying officer's corrections, then forget them
    for field, length in TEXT_FIELDS.items():
        if getattr(case, field):
            setattr(case, field, getattr(masked, field).text[:length])
    shield_overrides.forget(case)
    reporter.name = pseudonym(reporter, secret)
    reporter.phone = reporter.email = reporter.nik = None
    audit.record(EVENT, actor=actors.RETENTION, case_id=case_id, now=now,
                 payload={"retention_days": days})
    db.session.flush()
    return True


def run(*, now: datetime, secret: str, days: int) -> int:
    """Pseudonymise every due reporter, in batches (flush only); how many were changed."""
    done = 0
    while ids := due(now, days):
        changed = sum(pseudonymise(i, now=now, secret=secret, days=days) for i in ids)
        done += changed
        if not changed:
            break
    return done
