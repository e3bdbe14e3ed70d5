"""A new report enters: every channel hands over an `Intake`, the reporter leaves with a `Receipt`.

Submitting with attachments lives here too, so the one path by which a case is born is in
one module; `attachments.py` only checks and stores files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.cases import repeats, tracking
from domain.cases.attachments import Upload, check_uploads, storage_root, store_clean
from domain.cases.models import Case, Reporter
from domain.cases.workflow import run_start
from domain.clock import clock
from domain.db import db
from domain.enums import CaseKind, Channel
from domain.outbox import operations as outbox
from domain.processes.models import ProcessVersion
from domain.processes.operations import latest_version, start_version


@dataclass(frozen=True)
class Intake:
    """A new report as every channel hands it over (already schema-validated)."""

    kind: CaseKind
    title: str
    description: str
    category: str
    region: str
    location: str | None = None
    event_date: date | None = None
    anonymous: bool = True
    confidential: bool = True
    reporter_name: str | None = None
    reporter_phone: str | None = None
    reporter_email: str | None = None
    reporter_nik: str | None = None
    channel: Channel = Channel.WEB
    entered_by_id: int | None = None  # the officer who keyed it in at the counter
    latitude: float | None = None
    longitude: float | None = None
    reporter_handle: str | None = None  # a social author: only for the exact-repeat rule


@dataclass(frozen=True)
class Receipt:
    """What the reporter takes away: the public tracking id and the secret key (shown once).

    `repeated`: the report repeated one filed minutes ago (`domain/cases/repeats.py`); the
    receipt names that case and carries no key (it was shown once, to the first report).
    """

    case: Case
    tracking_id: str
    reporter_key: str
    repeated: bool = False


def _free_tracking_id() -> str:
    """A tracking id no case has yet (random, so a retry on collision is enough)."""
    for _ in range(5):
        tracking_id = tracking.new_tracking_id()
        taken = db.session.execute(
            sa.select(Case.id).where(Case.tracking_id == tracking_id)
        ).first()
        if not taken:
            return tracking_id
    # 30**8 ids; five collisions in a row means a broken RNG
    raise RuntimeError("could not allocate a tracking id")  # pragma: no cover


def _new_case(
    intake: Intake, tracking_id: str, key: str, version: ProcessVersion, now: datetime
) -> Case:
    case = Case(
        tracking_id=tracking_id,
        reporter_key_hash=tracking.hash_reporter_key(key),
        kind=intake.kind,
        channel=intake.channel,
        category=intake.category,
        region_code=intake.region,
        title=intake.title,
        original_title=intake.title,
        description=intake.description,
        location=intake.location,
        latitude=intake.latitude,
        longitude=intake.longitude,
        event_date=intake.event_date,
        anonymous=intake.anonymous,
        confidential=intake.confidential,
        process_version_id=version.id,
        submitted_at=now,
    )
    db.session.add(case)
    db.session.flush()
    return case


def _add_reporter(case: Case, intake: Intake) -> None:
    """The reporter row exists only when the reporter told us anything about themselves."""
    if any(
        (intake.reporter_name, intake.reporter_phone, intake.reporter_email, intake.reporter_nik)
    ):
        db.session.add(
            Reporter(
                case_id=case.id,
                name=intake.reporter_name,
                phone=intake.reporter_phone,
                email=intake.reporter_email,
                nik=intake.reporter_nik,
            )
        )


def _record_submission(
    case: Case, process_key: str, version: ProcessVersion, now: datetime, actor: str
) -> None:
    audit.record(
        "case_submitted",
        actor=actor,
        case_id=case.id,
        now=now,
        payload={
            "kind": case.kind.value,
            "channel": case.channel.value,
            "category": case.category,
            "region": case.region_code,
            "anonymous": case.anonymous,
            "confidential": case.confidential,
            "process": process_key,
            "version": version.number,
        },
    )


def submit_case(intake: Intake, *, process_key: str | None = None) -> Receipt:
    """File a report: create the case and its reporter row, start its workflow.

    Without `process_key`, the kind picks the model (`processes.operations.SHIPPED`); a
    complaint starts on its region's agency copy of the lifecycle if one is deployed, else on
    the national template (`complaint`); always the latest version.
    Rows are written by two flushes: the case (its id names everything else), then the rest.
    """
    with db.session.no_autoflush:
        return _submit(intake, process_key)  # the projection's flush writes the rest


def _repeat(case: Case, intake: Intake, now: datetime) -> Receipt:
    """The same report again: nothing new is filed; the existing case notes that it came."""
    audit.record("repeat_received", actor="reporter", case_id=case.id, now=now,
                 payload={"channel": intake.channel.value})
    db.session.flush()
    return Receipt(case, case.tracking_id, "", repeated=True)


def _submit(intake: Intake, process_key: str | None) -> Receipt:
    now = clock.now()
    existing = repeats.find_repeat(intake, now)
    if existing is not None:
        return _repeat(existing, intake, now)
    if process_key:
        version = latest_version(process_key)
    else:
        process_key, version = start_version(intake.region, intake.kind)
    key = tracking.new_reporter_key()
    case = _new_case(intake, _free_tracking_id(), key, version, now)
    audit.new_chain(case.id)
    _add_reporter(case, intake)
    repeats.remember(case, intake, now)  # written by the projection's flush with the rest
    # The reporter files, or the counter officer who keyed it in (the audit names him).
    actor = f"user:{intake.entered_by_id}" if intake.entered_by_id else "reporter"
    _record_submission(case, process_key, version, now, actor)
    if intake.reporter_email or intake.reporter_phone:
        outbox.enqueue(
            "receipt", f"receipt:{case.id}", case_id=case.id, payload={"reporter_key": key},
            fresh=True,  # the case is this transaction's own
        )
    # Scored by a worker once this transaction commits (jobs/outbox.py, `duplicates`): the
    # candidate search reads the case table and rapidfuzz scores each hit, work the reporter
    # need not wait for; the row makes it happen once, as of the filing moment.
    outbox.enqueue("duplicates", f"duplicates:{case.id}", case_id=case.id,
                   payload={"filed_at": now.isoformat()}, fresh=True)
    run_start(
        case,
        {
            "kind": case.kind.value,
            "category": case.category,
            "region": case.region_code,
            "title": case.title,
        },
        now,
        "reporter",
    )
    return Receipt(case, case.tracking_id, key)


def submit_with_attachments(intake: Intake, uploads: Iterable[Upload], *,
                            root: Path | None = None) -> Receipt:
    """File a report and its attachments in the caller's one transaction.

    Every file is checked before the case exists, so a bad upload creates nothing and the
    reporter sees the error next to the field. A repeat (the same report again within ten
    minutes) stores no files: it is the same report, sent twice. Files are written after
    the case rows; if the transaction then fails, the orphans are unreferenced random names,
    harmless and removable by a sweep.
    """
    cleaned = check_uploads(uploads)
    receipt = submit_case(intake)
    if receipt.repeated:  # the first report's files are on the case already
        return receipt
    target = root or storage_root()
    for clean in cleaned:
        store_clean(receipt.case, clean, target)
    return receipt
