"""Checking a PDF someone hands us: its signature, its hash, the head it printed.

Shared by the public `/verify` page (an upload) and `flask audit verify-casefile FILE.pdf`
(offline: no network, the database and the configured certificate only). The signature is
checked by pyHanko against the agency's certificate; the hash and the head by
`domain/letters/verification.py`. Every finding is a reason code, worded by
`wording/labels.py::verify_problem`.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf

from domain.letters import verification
from reports import signing
from reports.context import HEAD_KEYWORD

NOT_SIGNED = "not_signed"
SIGNATURE_BROKEN = "signature_broken"
SIGNER_UNTRUSTED = "signer_untrusted"
CHANGED_AFTER_SIGNING = "changed_after_signing"


def printed_head(pdf: bytes) -> str | None:
    """The chain head a case file names in its metadata (`aduan-head:<sha256>`), if any."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            keywords = str(doc.docinfo.get("/Keywords", ""))
    except (pikepdf.PdfError, ValueError, RecursionError):
        return None
    for part in keywords.split(","):
        part = part.strip()
        if part.startswith(HEAD_KEYWORD):
            return verification.normalized_hash(part[len(HEAD_KEYWORD):])
    return None


@dataclass(frozen=True)
class FileCheck:
    """One file's verdict: its hash, its signature, the stored document and its head."""

    sha256: str
    signature: signing.SignatureCheck
    document: verification.DocumentCheck
    head: str | None

    @property
    def signature_problems(self) -> list[str]:
        sig = self.signature
        if not sig.signed:
            return [NOT_SIGNED]
        if not (sig.intact and sig.valid):
            return [SIGNATURE_BROKEN]
        problems = [] if sig.trusted else [SIGNER_UNTRUSTED]
        return problems + ([] if sig.covers_whole_file else [CHANGED_AFTER_SIGNING])

    @property
    def problems(self) -> list[str]:
        head = self.document.head
        return [*self.signature_problems, *self.document.problems,
                *(head.problems if head else ())]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(pdf: bytes, settings: object) -> FileCheck:
    """Check a PDF's signature (trusting the configured certificate), hash and head."""
    key = signing.configured(settings)
    signature = signing.validate(pdf, key.certificate if key else None)
    sha256 = hashlib.sha256(pdf).hexdigest()
    head = printed_head(pdf)
    return FileCheck(sha256, signature, verification.check_document(sha256, head), head)
