"""Storing rendered PDFs and finding them again. Operations flush; the job commits."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from domain.audit.operations import chain_for, chain_head
from domain.cases.models import Case
from domain.db import db
from domain.errors import NotFound
from domain.letters.models import Letter

KINDS = ("disposition", "follow_up", "casefile")
NUMBER_CODES = {"disposition": "ND", "follow_up": "TL", "casefile": "BP"}


def path_of(letter: Letter, data_dir: Path) -> Path:
    """Where a letter's bytes live: a random key, never anything from the case."""
    return data_dir / "letters" / letter.storage_key[:2] / f"{letter.storage_key}.pdf"


def next_number(case: Case, kind: str, now: datetime) -> str:
    """The letter's reference: kind code, tracking id, running number per case and kind."""
    count = db.session.execute(
        sa.select(sa.func.count()).select_from(Letter)
        .where(Letter.case_id == case.id, Letter.kind == kind)
    ).scalar_one()
    return f"{NUMBER_CODES[kind]}/{case.tracking_id}/{count + 1}/{now.year}"


def store_letter(case: Case, kind: str, pdf: bytes, *, number: str, data_dir: Path,
                 now: datetime, chain_head_hash: str | None = None) -> Letter:
    """Write the bytes (atomically, mode 0600) and record them with their sha256."""
    if kind not in KINDS:
        raise ValueError(f"unknown letter kind {kind!r}")
    letter = Letter(case_id=case.id, kind=kind, number=number,
                    storage_key=secrets.token_hex(16), sha256=hashlib.sha256(pdf).hexdigest(),
                    size=len(pdf), chain_head=chain_head_hash, created_at=now)
    path = path_of(letter, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pdf)
    tmp.replace(path)
    db.session.add(letter)
    db.session.flush()
    return letter


def letters_of(case: Case) -> list[Letter]:
    """The case's letters, newest first (case files included)."""
    return list(db.session.execute(
        sa.select(Letter).where(Letter.case_id == case.id).order_by(Letter.id.desc())
    ).scalars())


def get_letter(case: Case, letter_id: int) -> Letter:
    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.case_id != case.id:
        raise NotFound("letter_not_found")
    return letter


def current_head(case: Case) -> str | None:
    head = chain_head(chain_for(case.id))
    return head.hash if head else None


def current_casefile(case: Case) -> Letter | None:
    """The stored case file rendered against the chain's present head, if there is one."""
    head = current_head(case)
    return db.session.execute(
        sa.select(Letter).where(Letter.case_id == case.id, Letter.kind == "casefile",
                                Letter.chain_head == head)
        .order_by(Letter.id.desc()).limit(1)
    ).scalar_one_or_none()
