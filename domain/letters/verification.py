"""Is this our document, and does the audit log still hold what it printed?

Anyone holding a letter or case file can ask (`/verify`, `flask audit verify-casefile`):
the document is known by its SHA-256 (the stored row of the signed bytes), and a case file
names its chain head; the head must still be an event of the case's chain with every link
before it intact, the case row's head must not have shrunk, and once a checkpoint covers
the event an RFC 9162 inclusion proof ties it to a signed root. The answers are codes and
public facts (kind, number, times, hashes): nothing about the reporter or the complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from domain.audit import log as audit_log
from domain.audit import signing
from domain.audit.models import AuditCheckpoint, CaseEvent
from domain.audit.operations import chain_for, verify_chain, verify_heads
from domain.db import db
from domain.letters.models import Letter

HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Reason codes (worded in wording/labels.py::verify_problem).
UNKNOWN_DOCUMENT = "unknown_document"
HEAD_NOT_IN_LOG = "head_not_in_log"
CHAIN_BROKEN = "chain_broken"
TAIL_MISSING = "tail_missing"
LEAF_CHANGED = "leaf_changed"
PROOF_FAILS = "checkpoint_proof_fails"
HEAD_MISMATCH = "head_mismatch"


def normalized_hash(text: str | None) -> str | None:
    """A SHA-256 as typed (spaces, upper case) in canonical hex, or None if it is not one."""
    value = re.sub(r"\s+", "", text or "").lower()
    return value if HEX64.match(value) else None


@dataclass(frozen=True)
class HeadCheck:
    """A chain head as the log holds it now."""

    hash: str
    seq: int | None = None
    at: datetime | None = None
    checkpoint: AuditCheckpoint | None = None
    leaf_index: int | None = None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class DocumentCheck:
    """A document looked up by its hash: its row, and its head checked against the log."""

    sha256: str
    letter: Letter | None = None
    head: HeadCheck | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.letter is not None and not self.problems and (
            self.head is None or self.head.ok)


def _checkpoint_signed(row: AuditCheckpoint) -> bool:
    message = audit_log.checkpoint_message(row.tree_size, row.root_hash, row.created_at)
    return signing.signature_valid(signing.public_key_from_text(row.public_key),
                                   row.signature, message)


def check_head(case_id: int, head_hash: str) -> HeadCheck:
    """Whether the case's chain still ends at or beyond this head, with every link intact."""
    chain = chain_for(case_id)
    event = db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.chain == chain, CaseEvent.hash == head_hash)
    ).scalar_one_or_none()
    if event is None:
        return HeadCheck(head_hash, problems=(HEAD_NOT_IN_LOG,))
    problems: list[str] = []
    if any(b.seq <= event.seq for b in verify_chain(chain)):
        problems.append(CHAIN_BROKEN)
    if verify_heads(case_id):
        problems.append(TAIL_MISSING)
    leaf = audit_log.leaf_of(event.id)
    checkpoint = None
    if leaf is not None:
        if leaf.event_hash != event.hash:
            problems.append(LEAF_CHANGED)
        checkpoint = audit_log.checkpoint_covering(leaf.position)
        if checkpoint is not None and not (
                _checkpoint_signed(checkpoint)
                and audit_log.inclusion(leaf.position, checkpoint)["valid"]):
            problems.append(PROOF_FAILS)
    return HeadCheck(head_hash, seq=event.seq, at=event.created_at, checkpoint=checkpoint,
                     leaf_index=leaf.position if leaf else None, problems=tuple(problems))


def letter_by_hash(sha256: str) -> Letter | None:
    return db.session.execute(
        sa.select(Letter).where(Letter.sha256 == sha256).order_by(Letter.id).limit(1)
    ).scalar_one_or_none()


def check_document(sha256: str, claimed_head: str | None = None) -> DocumentCheck:
    """The document with this hash, and (for a case file) its head against the log.

    `claimed_head` is the head the file itself prints (its metadata); it must be the head
    the document was stored with.
    """
    letter = letter_by_hash(sha256)
    if letter is None:
        return DocumentCheck(sha256, problems=(UNKNOWN_DOCUMENT,))
    problems = ()
    if claimed_head is not None and claimed_head != letter.chain_head:
        problems = (HEAD_MISMATCH,)
    head = check_head(letter.case_id, letter.chain_head) if letter.chain_head else None
    return DocumentCheck(sha256, letter=letter, head=head, problems=problems)


def check_printed_head(head_hash: str) -> HeadCheck | None:
    """What the case file's QR code asks: a head some stored case file printed, checked.

    None when no case file printed this head (a made-up hash learns nothing about cases).
    """
    letter = db.session.execute(
        sa.select(Letter).where(Letter.chain_head == head_hash, Letter.kind == "casefile")
        .order_by(Letter.id).limit(1)
    ).scalar_one_or_none()
    return check_head(letter.case_id, head_hash) if letter else None
