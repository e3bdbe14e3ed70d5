"""UU PDP (27/2022) right of access: everything Aduan holds about one reporter, exported.

Only the verifying role exports, with a reason, and only through the one identity policy
(`identity.reporter_identity`: a sensitive category still needs a second officer's
approval). The reporter is the one of the case asked about; his other cases are those whose
reporter row has the same NIK, phone number or e-mail, within the officer's scope. Linked
cases in a sensitive category are withheld (counted, not named): linking a person to a
whistleblowing report is exactly what its second-approver rule guards; export those from
the case itself. Every exported case gets a `reporter_data_exported` event (reason and
counts, never a value of the identity).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from domain.audit import operations as audit
from domain.audit.actors import actor as actor_of
from domain.audit.models import CaseEvent
from domain.cases import identity
from domain.cases.attachments import attachments_of, download_name
from domain.cases.models import Case, Reporter
from domain.cases.queries import can_read_case
from domain.db import db
from domain.enums import IDENTITY_ROLES
from domain.errors import Forbidden
from domain.letters.models import Letter
from domain.org.models import User

FORMAT = "aduan-reporter-export/v1"
EVENT = "reporter_data_exported"


def linked_cases(case: Case) -> list[Case]:
    """The case and every other case whose reporter shares its NIK, phone or e-mail."""
    reporter = db.session.get(Reporter, case.id)
    keys = [(column, value) for column, value in (
        (Reporter.nik, reporter and reporter.nik), (Reporter.phone, reporter and reporter.phone),
        (Reporter.email, reporter and reporter.email)) if value]
    if not keys:
        return [case]
    query = (sa.select(Case).join(Reporter, Reporter.case_id == Case.id)
             .where(sa.or_(*(column == value for column, value in keys))).order_by(Case.id))
    return list(db.session.execute(query).scalars())


def _case_data(case: Case) -> dict[str, Any]:
    """One case as the reporter gave it and as Aduan answered it (originals, unmasked)."""
    events = db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == audit.chain_for(case.id))
        .order_by(CaseEvent.seq)).scalars()
    letters = db.session.execute(
        sa.select(Letter).where(Letter.case_id == case.id).order_by(Letter.id)).scalars()
    return {
        "tracking_id": case.tracking_id, "kind": case.kind.value, "channel": case.channel.value,
        "category": case.category, "region": case.region_code, "title": case.title,
        "original_title": case.original_title, "description": case.description,
        "location": case.location,
        "event_date": case.event_date.isoformat() if case.event_date else None,
        "anonymous": case.anonymous, "confidential": case.confidential,
        "status": case.status.value, "submitted_at": case.submitted_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "rating": case.rating,
        "history": [{"seq": e.seq, "kind": e.kind, "at": e.created_at.isoformat(),
                     "by_reporter": e.actor == "reporter",
                     "data": e.payload.get("data") if e.actor == "reporter" else None}
                    for e in events],
        "attachments": [{"name": download_name(a), "content_type": a.content_type,
                         "size": a.size, "sha256": a.sha256, "at": a.created_at.isoformat(),
                         "file": f"attachments/{a.id}-{download_name(a)}"}
                        for a in attachments_of(case)],
        "letters": [{"kind": x.kind, "number": x.number, "sha256": x.sha256,
                     "at": x.created_at.isoformat()} for x in letters],
    }


def export_reporter(case: Case, *, actor: User, reason: str | None,
                    now: datetime) -> dict[str, Any]:
    """Everything held about the case's reporter, as JSON-able data (flush only; audited)."""
    if not actor.roles() & IDENTITY_ROLES:
        raise Forbidden("export_verifying_role_only")
    text = identity._reason(reason, required=True)
    person = identity.reporter_identity(case, actor=actor, reason=text)
    cases, withheld = [], 0
    for other in linked_cases(case):
        if other.id != case.id and (identity.needs_approval(other)
                                    or not can_read_case(actor, other)):
            withheld += 1
            continue
        cases.append(other)
    me = actor_of(actor)
    for exported in cases:
        audit.record(EVENT, actor=me, case_id=exported.id, payload={
            "reason": text, "from_case": case.tracking_id, "cases": len(cases),
            "withheld": withheld})
    return {"format": FORMAT, "exported_at": now.isoformat(), "reason": text,
            "reporter": vars(person) if person else None,
            "pseudonymised": bool(getattr(db.session.get(Reporter, case.id),
                                          "pseudonymised_at", None)),
            "cases": [_case_data(c) for c in cases], "withheld_cases": withheld}


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


def as_zip(data: dict[str, Any], attachments_root: Path) -> bytes:
    """`export.json` plus every exported case's attachment files, as one ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", as_json(data))
        for item in data["cases"]:
            case = db.session.execute(
                sa.select(Case).where(Case.tracking_id == item["tracking_id"])).scalar_one()
            for row, entry in zip(attachments_of(case), item["attachments"], strict=True):
                path = attachments_root / row.storage_key
                if path.is_file():
                    archive.writestr(f"{item['tracking_id']}/{entry['file']}", path.read_bytes())
    return out.getvalue()
