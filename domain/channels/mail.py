"""E-mail as a channel: which mails are robots, which case a reply belongs to, its files.

A mail threads onto a case when its `In-Reply-To` / `References` carry one of our
Message-IDs (`<...aduan.ABCD2345@host>`, `jobs/channels.message_id`) or its subject
carries the tracking id (`Re: Laporan ABCD-2345 diterima`); such a mail is a response on
that case (from the filing address) and never a new case. Auto-replies and bounces
(RFC 3834 `Auto-Submitted`, `Precedence: bulk|junk|list|auto_reply`, `X-Autoreply`,
delivery reports, mailer-daemon and postmaster senders) are dropped without an answer, so
two robots never talk to each other through us. Attachments pass the portal's own checks
(`domain/cases/attachments.check_upload`): a file that fails them is left out, and the
automatic answer to that mail names it (cleaned, `shown_filename`) and says why.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import unicodedata
from collections.abc import Mapping
from email.utils import parseaddr
from typing import Any

from domain.cases import attachments
from domain.cases.attachments import MAX_ATTACHMENTS, check_upload, storage_root, store_clean
from domain.cases.models import Case
from domain.cases.tracking import ALPHABET, LENGTH, normalize_tracking_id
from domain.errors import InvalidData

log = logging.getLogger(__name__)
_ID = f"[{ALPHABET}{ALPHABET.lower()}]"
_IN_MESSAGE_ID = re.compile(rf"aduan\.({_ID}{{{LENGTH}}})@")
_IN_SUBJECT = re.compile(rf"(?<![A-Za-z0-9])({_ID}{{4}}-?{_ID}{{4}})(?![A-Za-z0-9])")
_ROBOT_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|bounces?)([+@.-]|$)", re.I)
_QUOTE_START = re.compile(
    r"^(>|On .+ wrote:|Pada .+ menulis:|-----Original Message-----|-----Pesan Asli-----"
    r"|From: .+|Dari: .+)", re.M)


def address(raw: str) -> str:
    """The bare address of a From header, lower case (`Budi <Budi@X.org>` -> `budi@x.org`)."""
    return parseaddr(raw or "")[1].strip().lower()


def is_automatic(headers: Mapping[str, Any], sender: str) -> bool:
    """Whether the mail was sent by a program (an auto-reply, a bounce, a list)."""
    h = {str(k).lower(): str(v).lower() for k, v in headers.items()}
    if h.get("auto-submitted", "no").strip() not in ("", "no"):
        return True
    if h.get("precedence", "").strip() in ("bulk", "junk", "list", "auto_reply"):
        return True
    if any(key in h for key in ("x-autoreply", "x-autorespond", "x-auto-response-suppress")):
        return True
    if "multipart/report" in h.get("content-type", ""):
        return True
    return bool(_ROBOT_SENDERS.match(sender.split("@", 1)[0] + "@"))


def thread_candidates(subject: str | None, reference: str | None) -> list[str]:
    """Tracking ids a mail may reply to, best first: our Message-ID, then subject words.

    A subject word is only a candidate (an 8-letter word can look like an id); the caller
    takes the first that names a case.
    """
    found = [m.group(1) for m in _IN_MESSAGE_ID.finditer(reference or "")]
    found += _IN_SUBJECT.findall(subject or "")
    ids = [normalize_tracking_id(candidate) for candidate in found]
    return list(dict.fromkeys(i for i in ids if i))


def new_text(body: str) -> str:
    """The reply without the quoted mail under it."""
    found = _QUOTE_START.search(body or "")
    return (body[:found.start()] if found else body or "").strip()


# Why check_upload refused a file (its message, domain/cases/attachments.py), as a code
# the reply's words explain (wording/channels.py REFUSED).
_REASONS = {
    attachments.TOO_LARGE: "too_large", attachments.EMPTY: "empty",
    attachments.UNSUPPORTED: "unsupported", attachments.IMAGE_TOO_BIG: "image_too_big",
    attachments.BROKEN_IMAGE: "broken_image", attachments.BROKEN_PDF: "broken_pdf",
    attachments.LOCKED_PDF: "locked_pdf", attachments.TOO_MANY: "too_many",
}


def _store_one(case: Case, item: Any) -> str | None:
    """Store one mailed file on `case`; the refusal's reason code, or None if stored."""
    if not isinstance(item, Mapping):
        return "unreadable"
    try:
        data = base64.b64decode(str(item.get("content") or ""), validate=True)
        clean = check_upload(str(item.get("filename") or "lampiran"), io.BytesIO(data),
                             str(item.get("content_type") or ""))
        store_clean(case, clean, storage_root())
    except InvalidData as exc:
        message = (exc.details or {}).get("attachments") if isinstance(exc.details, dict) \
            else None
        return _REASONS.get(str(message), "unsupported")
    except (binascii.Error, ValueError):
        return "unreadable"
    return None


def store_attachments(case: Case, raw: Mapping[str, Any]) -> list[str | None]:
    """Check and store the mail's files on `case`: per file, None if stored, else why not
    (a reason code; past the fifth file, `too_many`)."""
    files = list(raw.get("attachments") or [])
    reasons = [_store_one(case, item) if n < MAX_ATTACHMENTS else "too_many"
               for n, item in enumerate(files)]
    refused = sum(reason is not None for reason in reasons)
    if refused:
        log.info("mail on case %s: %d attachment(s) refused by the upload checks",
                 case.id, refused)
    return reasons


def shown_filename(name: Any) -> tuple[str, str]:
    """A refused file's name as the reply may echo it: (stem, extension).

    The name is the sender's: only letters, digits, spaces, `-` and `_` survive, at most 40
    characters, and the extension is given apart (`foto`, `heic`), so no `x.y` in the
    reply can be read as a link or an address by the reporter's mail program.
    """
    base = unicodedata.normalize("NFKC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem, _, extension = base.rpartition(".") if "." in base else (base, "", "")
    stem = re.sub(r"[^\w -]+", " ", stem.replace("_", " "))
    stem = re.sub(r"\s+", " ", stem).strip()[:40].strip()
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:8].lower()
    return stem, extension


def refusals(raw: Mapping[str, Any]) -> list[tuple[int, str, str, str]]:
    """The refused files of a stored mail: (position from 1, stem, extension, reason)."""
    found = []
    for n, item in enumerate(raw.get("attachments") or [], start=1):
        if isinstance(item, Mapping) and item.get("refused"):
            stem, extension = shown_filename(item.get("filename"))
            found.append((n, stem, extension, str(item["refused"])))
    return found
