"""HTTP helpers for page tests: CSRF tokens from real pages, logins, filing through the portal."""

from __future__ import annotations

import io
import re
import struct
import zlib
from typing import Any

from flask.testing import FlaskClient
from PIL import Image

from domain.org.models import User
from tests.factories import PASSWORD

TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: FlaskClient, url: str = "/") -> str:
    """The CSRF token as a browser gets it: from a rendered form."""
    page = client.get(url).get_data(as_text=True)
    match = TOKEN_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client: FlaskClient, user: User | str) -> None:
    """Log in through the desk's form as `user` (a User or a username)."""
    username = user if isinstance(user, str) else user.username
    token = csrf(client, "/desk/login")
    response = client.post("/desk/login", data={"csrf_token": token, "username": username,
                                                 "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)


def report_form(**overrides: Any) -> dict[str, Any]:
    form = {
        "kind": "complaint", "title": "Obat tidak tersedia di puskesmas",
        "description": "Sudah tiga minggu obat hipertensi kosong di Puskesmas Medan Baru.",
        "category": "health", "region": "12.71", "location": "Puskesmas Medan Baru",
        "event_date": "", "anonymous": "yes", "confidential": "no",
        "reporter_name": "Budi Santoso", "reporter_phone": "+6281234567890",
        "reporter_email": "budi@example.org",
    }
    form.update(overrides)
    return form


def jpeg_bytes(size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x0131] = "GPS-leaking-firmware"  # Software
        image.save(out, format="JPEG", exif=data.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    """A real (parseable) PDF of blank pages, as pikepdf writes it."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (32, 24)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def png_of_zeros(width: int, height: int) -> bytes:
    """A valid greyscale PNG of `width` x `height` black pixels, written without Pillow.

    Zero rows compress ~1000:1, so the audit's 6400x6200 image is ~40 KB here and the test
    never holds its pixels.
    """
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    packer = zlib.compressobj(9)
    row = b"\x00" * (width + 1)  # filter byte 0, then one byte per pixel
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))
