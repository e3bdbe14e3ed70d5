"""HTTP helpers for page tests: CSRF tokens from real pages, logins, filing through the portal."""

from __future__ import annotations

import io
import re
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
