"""Attachments a reporter sends: checked, cleaned and stored under random names.

Uploads are untrusted twice over: their *name* (a path in disguise) and their *content*
(a PDF that is an HTML page, a JPEG with the reporter's GPS position in its EXIF block).
So the type is decided by the bytes (never by the browser's declared content type, never by
the name): a PDF must parse (pikepdf) and have a page, an image must decode as JPEG or PNG.
A PDF is then stripped of what it can do (scripts, launch and submit actions, embedded
files, XFA: `domain/cases/pdf_sanitise.py`), its streams written as they came, so a flate
bomb is never inflated.
The name survives only as a sanitised stem, and the stored, shown and served extension is
the detected type's (`photo.exe` holding a PNG is `photo.png`). Images are decoded and
re-encoded from their pixels alone (which drops EXIF, XMP, ICC and text chunks), at most
24 megapixels in, downscaled while decoding (a JPEG never exists at full size; a PNG has no
scaled decode and is loaded once), so a small file cannot make a web worker hold a huge
image several times over. Every file lands under a random name in `<data_dir>/attachments/`.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pikepdf
import sqlalchemy as sa
from PIL import Image, ImageOps, UnidentifiedImageError

from domain.audit import operations as audit
from domain.cases.models import Attachment, Case
from domain.cases.pdf_sanitise import sanitise_pdf
from domain.clock import clock
from domain.db import db
from domain.errors import InvalidData, NotFound

MAX_ATTACHMENTS = 5
MAX_BYTES = 10 * 1024 * 1024
# A phone's main camera gives 12-24 MP; a decoded 24 MP RGBA image is still ~96 MB. Checked
# from the header, before any pixel is decoded.
MAX_PIXELS = 24_000_000
# The stored copy's long side: a photographed document stays legible, and re-encoding works
# on at most ~6.5 MP (JPEGs are even decoded at a reduced scale, see `_decode`).
STORED_MAX_SIDE = 2560
JPEG_QUALITY = 85
PDF_MAGIC = b"%PDF-"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}

# The messages of InvalidData(details={"attachments": ...}); web layers translate them.
TOO_MANY = f"Paling banyak {MAX_ATTACHMENTS} lampiran."
TOO_LARGE = "Berkas lebih besar dari 10 MB."
EMPTY = "Berkas kosong."
UNSUPPORTED = "Jenis berkas tidak didukung (hanya JPEG, PNG atau PDF)."
IMAGE_TOO_BIG = "Gambar lebih dari 24 megapiksel; perkecil resolusinya lalu kirim lagi."
BROKEN_IMAGE = "Gambar rusak atau tidak dapat dibaca."
BROKEN_PDF = "Berkas PDF rusak atau tidak lengkap."
LOCKED_PDF = "Berkas PDF dikunci dengan kata sandi; kirim salinan tanpa kata sandi."


@dataclass(frozen=True)
class Upload:
    """One file as a channel hands it over: the untrusted name, its bytes and declared type."""

    filename: str
    stream: BinaryIO
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class CleanFile:
    """A checked file ready to store: safe bytes, the sniffed type and a display label."""

    data: bytes
    content_type: str
    label: str


def storage_root() -> Path:
    """`<data_dir>/attachments` of the running app (the one place storage is configured)."""
    from flask import current_app

    return Path(current_app.config["ADUAN"].data_dir) / "attachments"


def safe_label(filename: str) -> str:
    """A display name without directories or odd characters; never used as a path."""
    name = unicodedata.normalize("NFKC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" ._")
    return name[:120] or "lampiran"


def typed_label(filename: str, content_type: str) -> str:
    """The sanitised stem of `filename` plus the extension of the detected type.

    The uploader's extension is dropped: `invoice.html` holding a PDF is `invoice.pdf`,
    `photo.exe` holding a PNG is `photo.png`.
    """
    label = safe_label(filename)
    stem = label.rsplit(".", 1)[0].rstrip(" ._") if "." in label else label
    return f"{stem or 'lampiran'}.{EXTENSIONS[content_type]}"


def _invalid(message: str) -> InvalidData:
    return InvalidData("attachment_invalid", details={"attachments": message})


def _read_capped(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _invalid(TOO_LARGE)
    if not data:
        raise _invalid(EMPTY)
    return data


def _decode(image: Image.Image) -> Image.Image:
    """The upright pixels of an opened image, at most STORED_MAX_SIDE on the long side.

    A JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that still covers the target
    (`draft`), so its full-size pixels never exist in memory; a PNG has no scaled decode and
    is loaded once (bounded by MAX_PIXELS), then reduced in place before any copy is made.
    """
    width, height = image.size
    scale = min(1.0, STORED_MAX_SIDE / max(width, height))
    if image.format == "JPEG":
        image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
    image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE))  # in place; no-op when small enough
    ImageOps.exif_transpose(image, in_place=True)  # keep the photo's orientation
    return image


def _reencode(data: bytes) -> tuple[bytes, str]:
    """Decode an image and write its pixels into a fresh file with no metadata at all."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            if fmt not in ("JPEG", "PNG"):
                raise _invalid(UNSUPPORTED)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _invalid(IMAGE_TOO_BIG)
            upright = _decode(image)
            if fmt == "JPEG":
                mode = "RGB"
            else:
                mode = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
            pixels = upright if upright.mode == mode else upright.convert(mode)
            # A new blank image has an empty `info` (no EXIF, XMP, ICC or text); pasting
            # copies pixels only.
            fresh = Image.new(mode, pixels.size)
            fresh.paste(pixels)
            del pixels, upright
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _invalid(BROKEN_IMAGE) from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        fresh.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        return out.getvalue(), "image/jpeg"
    fresh.save(out, format="PNG", optimize=True)
    return out.getvalue(), "image/png"


def _check_pdf(data: bytes) -> None:
    """Refuse what only looks like a PDF: it must parse and hold at least one page.

    `%PDF-` at the start and `%%EOF` at the end are two strings anybody can type around an
    HTML page; qpdf (through pikepdf) reads the cross-reference table, the trailer and the
    page tree.
    """
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) < 1:
                raise _invalid(BROKEN_PDF)
    except pikepdf.PasswordError as exc:
        raise _invalid(LOCKED_PDF) from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise _invalid(BROKEN_PDF) from exc


def check_upload(filename: str, stream: BinaryIO, content_type: str = "") -> CleanFile:
    """Validate and clean one upload; raises InvalidData naming the `attachments` field.

    `content_type` is what the browser claimed and is deliberately not trusted: the bytes
    decide (a PDF that parses, or an image Pillow can decode as JPEG or PNG), and the label
    takes the detected type's extension.
    """
    data = _read_capped(stream)
    if data.startswith(PDF_MAGIC):
        _check_pdf(data)
        try:
            cleaned = sanitise_pdf(data)
        except (pikepdf.PdfError, ValueError, RecursionError) as exc:
            raise _invalid(BROKEN_PDF) from exc
        return CleanFile(cleaned, "application/pdf", typed_label(filename, "application/pdf"))
    cleaned, sniffed = _reencode(data)
    if len(cleaned) > MAX_BYTES:
        raise _invalid(TOO_LARGE)
    return CleanFile(cleaned, sniffed, typed_label(filename, sniffed))


def _count(case: Case) -> int:
    return db.session.execute(
        sa.select(sa.func.count(Attachment.id)).where(Attachment.case_id == case.id)
    ).scalar_one()


def store_clean(case: Case, clean: CleanFile, root: Path) -> Attachment:
    """Store checked bytes under a random name and record the row and an audit event."""
    if _count(case) >= MAX_ATTACHMENTS:
        raise _invalid(TOO_MANY)
    key = f"{secrets.token_hex(16)}.{EXTENSIONS[clean.content_type]}"
    root.mkdir(parents=True, exist_ok=True)
    (root / key).write_bytes(clean.data)
    attachment = Attachment(
        case_id=case.id, storage_key=key, content_type=clean.content_type, size=len(clean.data),
        sha256=hashlib.sha256(clean.data).hexdigest(), label=clean.label, created_at=clock.now(),
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record("attachment_added", actor="reporter", case_id=case.id, payload={
        "attachment_id": attachment.id, "content_type": attachment.content_type,
        "size": attachment.size, "sha256": attachment.sha256,
    })
    return attachment


def store_attachment(case: Case, filename: str, stream: BinaryIO, content_type: str,
                     *, root: Path | None = None) -> Attachment:
    """Check, clean and store one file for a case (at most five per case)."""
    return store_clean(case, check_upload(filename, stream, content_type), root or storage_root())


def check_uploads(uploads: Iterable[Upload]) -> list[CleanFile]:
    """Check every named upload of one submission (at most five) before anything is stored."""
    files = [u for u in uploads if u.filename]
    if len(files) > MAX_ATTACHMENTS:
        raise _invalid(TOO_MANY)
    return [check_upload(u.filename, u.stream, u.content_type) for u in files]


def attachments_of(case: Case) -> list[Attachment]:
    return list(db.session.execute(
        sa.select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ).scalars())


def download_name(attachment: Attachment) -> str:
    """The name a download gets: the label's stem plus the stored type's extension.

    Derived again when serving, so rows stored before labels carried the detected extension
    (`invoice.html` holding a PDF) are still served as `invoice.pdf`.
    """
    return typed_label(attachment.label, attachment.content_type)


def open_attachment(attachment_id: int, case: Case, *, root: Path | None = None) -> tuple[
        Attachment, Path]:
    """The row and file of one attachment of `case` (the caller has checked access)."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        raise NotFound("attachment_not_found")
    path = (root or storage_root()) / attachment.storage_key
    if not path.is_file():
        raise NotFound("attachment_not_found")
    return attachment, path
