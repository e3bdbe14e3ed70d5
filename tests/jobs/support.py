"""Helpers for job and report tests: walk a case along, drain the outbox, read PDFs back."""

from __future__ import annotations

import subprocess
from io import BytesIO
from typing import Any

import sqlalchemy as sa
from pypdf import PdfReader

from domain.cases.models import Case
from domain.clock import clock
from domain.db import db
from domain.enums import OutboxStatus, Role
from domain.outbox.models import OutboxMessage
from tests.factories import complete, create_user, submit


def to_follow_up(**intake: Any) -> tuple[Any, Case]:
    """A case a fresh coordinator verified and disposed to Dinas Kesehatan."""
    receipt = submit(**intake)
    case = receipt.case
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat hipertensi kosong di Puskesmas Medan Baru",
             unit_code="medan.health")
    return receipt, case


def to_responded(answer: str = "Stok obat sudah dikirim.", **intake: Any) -> tuple[Any, Case]:
    """`to_follow_up`, then a fresh liaison of Dinas Kesehatan answered."""
    receipt, case = to_follow_up(**intake)
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.health"), decision="answer",
             answer=answer)
    return receipt, case


def pending_outbox() -> list[OutboxMessage]:
    return list(db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.PENDING,
                                       OutboxMessage.next_attempt_at <= clock.now())
        .order_by(OutboxMessage.id)).scalars())


def drain_outbox(rounds: int = 10) -> list[str]:
    """Process every due outbox row (and the rows that spawns) the way a worker would."""
    from jobs.outbox import process

    db.session.commit()
    results = []
    for _ in range(rounds):
        ids = [m.id for m in pending_outbox()]
        if not ids:
            break
        results += [process(message_id) for message_id in ids]
    return results


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it (what a person would copy out of the file)."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())  # words in reading order, one space apart


def pdf_metadata(pdf: bytes) -> dict[str, str]:
    meta = PdfReader(BytesIO(pdf)).metadata or {}
    return {str(k): str(v) for k, v in meta.items()}


def pdf_fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")).split("+")[-1])
    return fonts


def sink_lines(folder: Any, channel: str) -> list[dict[str, Any]]:
    """What the development sink of `channel` ("email", "sms") recorded, oldest first."""
    import json

    path = folder / f"{channel}.log"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
