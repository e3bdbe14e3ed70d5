"""Attachment checks: the bytes decide the type, metadata is dropped, names are random."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from domain.cases import attachments
from domain.errors import InvalidData
from tests.factories import submit
from tests.web.helpers import pdf_bytes, png_bytes, png_of_zeros

REPO = Path(__file__).resolve().parents[2]
# The audit's fake: an HTML page wearing the two strings the old check looked for.
HTML_WEARING_PDF_MARKERS = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "rumah pelapor: Jl. Melati 7")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_png_text_chunks_are_dropped(tmp_path):
    clean = attachments.check_upload("peta.png", io.BytesIO(_png_with_text()), "image/png")
    assert clean.content_type == "image/png" and b"Jl. Melati" not in clean.data


def test_declared_type_is_not_trusted(tmp_path):
    with pytest.raises(InvalidData) as error:
        attachments.check_upload("x.jpg", io.BytesIO(b"GIF89a...."), "image/jpeg")
    assert error.value.details == {"attachments": attachments.BROKEN_IMAGE}
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    with pytest.raises(InvalidData) as error:
        attachments.check_upload("x.gif", io.BytesIO(gif.getvalue()), "image/gif")
    assert error.value.details == {"attachments": attachments.UNSUPPORTED}


def test_size_limit_and_empty_files(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 100)
    with pytest.raises(InvalidData):
        attachments.check_upload("big.pdf", io.BytesIO(b"%PDF-" + b"0" * 200), "")
    with pytest.raises(InvalidData):
        attachments.check_upload("empty.pdf", io.BytesIO(b""), "")


def test_labels_never_carry_a_path():
    assert attachments.safe_label("..\\..\\windows\\system32.pdf") == "system32.pdf"
    assert attachments.safe_label("/etc/<passwd>") == "passwd"
    assert attachments.safe_label("") == "lampiran"


def test_sixth_attachment_is_refused(world, tmp_path):
    case = submit().case
    pdf = pdf_bytes()
    for _ in range(attachments.MAX_ATTACHMENTS):
        attachments.store_attachment(case, "a.pdf", io.BytesIO(pdf), "", root=tmp_path)
    with pytest.raises(InvalidData):
        attachments.store_attachment(case, "a.pdf", io.BytesIO(pdf), "", root=tmp_path)
    assert len(list(tmp_path.iterdir())) == attachments.MAX_ATTACHMENTS


def test_image_over_24_megapixels_is_refused_before_decoding():
    data = png_of_zeros(6400, 6200)  # 39.7 MP: under the old 40 MP cap
    assert len(data) < 200_000
    with pytest.raises(InvalidData) as error:
        attachments.check_upload("foto.png", io.BytesIO(data), "image/png")
    assert error.value.details == {"attachments": attachments.IMAGE_TOO_BIG}
    assert "24 megapiksel" in attachments.IMAGE_TOO_BIG


_RSS_PROBE = """
import io, resource, sys
from PIL import Image
from domain.cases import attachments
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
clean = attachments.check_upload("foto.jpg", io.BytesIO(data), "image/jpeg")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with Image.open(io.BytesIO(clean.data)) as stored:
    print((after - before) * 1024, stored.width, stored.height)
"""


def test_photo_at_the_cap_is_decoded_downscaled_in_bounded_memory(tmp_path):
    """A 24 MP JPEG is decoded at half scale: the process never holds a full-size copy.

    The probe runs in a fresh interpreter so that its peak RSS belongs to this one call; the
    bound is in bytes (one full-size decode, 4 bytes a pixel as Pillow stores RGB), not time.
    """
    width, height = 6000, 4000
    path = tmp_path / "foto.jpg"
    Image.new("RGB", (width, height), (200, 40, 40)).save(path, format="JPEG", quality=90)
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(path)], cwd=REPO,
                         capture_output=True, text=True, check=True)
    grown, stored_width, stored_height = (int(x) for x in out.stdout.split())
    assert grown < width * height * 4, f"peak RSS grew by {grown / 2**20:.0f} MiB"
    assert (stored_width, stored_height) == (attachments.STORED_MAX_SIDE, 1707)


def test_downscaled_photo_keeps_its_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 200, 10)).save(out, format="JPEG", exif=exif.tobytes())
    clean = attachments.check_upload("foto.jpg", io.BytesIO(out.getvalue()), "image/jpeg")
    with Image.open(io.BytesIO(clean.data)) as stored:
        assert stored.size == (1920, attachments.STORED_MAX_SIDE)  # upright: portrait
        assert not stored.getexif()


def test_small_photo_keeps_its_size():
    clean = attachments.check_upload("peta.png", io.BytesIO(png_bytes((640, 480))), "")
    with Image.open(io.BytesIO(clean.data)) as stored:
        assert stored.size == (640, 480) and stored.format == "PNG"


def test_html_wearing_pdf_markers_is_refused():
    with pytest.raises(InvalidData) as error:
        attachments.check_upload("invoice.pdf", io.BytesIO(HTML_WEARING_PDF_MARKERS),
                                 "application/pdf")
    assert error.value.details == {"attachments": attachments.BROKEN_PDF}


def test_pdf_without_pages_or_with_a_password_is_refused():
    import pikepdf

    empty, locked = io.BytesIO(), io.BytesIO()
    pikepdf.new().save(empty)
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="rahasia", owner="rahasia"))
    for data, message in ((empty.getvalue(), attachments.BROKEN_PDF),
                          (locked.getvalue(), attachments.LOCKED_PDF)):
        with pytest.raises(InvalidData) as error:
            attachments.check_upload("surat.pdf", io.BytesIO(data), "application/pdf")
        assert error.value.details == {"attachments": message}


@pytest.mark.parametrize(("filename", "data", "content_type", "label"), [
    ("x.html", pdf_bytes(), "application/pdf", "x.pdf"),
    ("photo.exe", png_bytes(), "image/png", "photo.png"),
    ("foto.PNG.jpg", png_bytes(), "image/png", "foto.PNG.png"),
    (".htaccess", pdf_bytes(), "application/pdf", "htaccess.pdf"),
    ("", pdf_bytes(), "application/pdf", "lampiran.pdf"),
], ids=["html-name", "exe-name", "two-extensions", "dotfile", "no-name"])
def test_label_takes_the_detected_extension(filename, data, content_type, label):
    clean = attachments.check_upload(filename, io.BytesIO(data), "text/html")
    assert (clean.content_type, clean.label) == (content_type, label)
