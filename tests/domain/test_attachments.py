"""Attachment checks: the bytes decide the type, metadata is dropped, names are random."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from domain.cases import attachments
from domain.errors import InvalidData
from tests.factories import submit


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
    pdf = b"%PDF-1.4\n%%EOF\n"
    for _ in range(attachments.MAX_ATTACHMENTS):
        attachments.store_attachment(case, "a.pdf", io.BytesIO(pdf), "", root=tmp_path)
    with pytest.raises(InvalidData):
        attachments.store_attachment(case, "a.pdf", io.BytesIO(pdf), "", root=tmp_path)
    assert len(list(tmp_path.iterdir())) == attachments.MAX_ATTACHMENTS
