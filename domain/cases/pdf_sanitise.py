"""Strip what a PDF can *do* from an uploaded PDF, keeping what it shows.

An officer opens a reporter's PDF in his own reader. What a PDF can do there: run
JavaScript (the document's open action, page and field triggers, the `/JavaScript` name
tree), launch a program, submit or import form data to a URL, carry embedded files (a
dropper in an attachment annotation or the `/EmbeddedFiles` tree), and ship an XFA form
(a second, scriptable document inside). All of these are removed; pages, text, images and
fonts stay. Unreferenced objects are dropped by qpdf when it writes the file, so a removed
script's stream is gone, not merely unlinked.

Streams are written as they came (no decoding, `StreamDecodeLevel.none`), so a small
compressed file cannot be inflated into a huge stored one.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name

# Actions that run code, open other files or send data (ISO 32000-2, 12.6.4). Plain links
# (`/URI`) stay: a reader asks before following one, and evidence may cite a web page.
DANGEROUS_ACTIONS = frozenset({
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/GoToE",
    "/GoToR", "/Rendition", "/RichMediaExecute", "/Sound", "/Movie", "/Hide",
})
# Keys that attach an action, a script or a file wherever they appear.
TRIGGER_KEYS = ("/AA", "/JS", "/EF", "/RichMediaContent")


def _dangerous(action: object) -> bool:
    """Whether an action (or any action of its `/Next` chain) is one we remove."""
    seen = 0
    while isinstance(action, Dictionary) and seen < 64:
        if str(action.get("/S", "")) in DANGEROUS_ACTIONS:
            return True
        nxt = action.get("/Next")
        action = nxt[0] if isinstance(nxt, Array) and len(nxt) else nxt
        seen += 1
    return False


def _clean_dictionary(obj: Dictionary) -> None:
    for key in TRIGGER_KEYS:
        if key in obj:
            del obj[key]
    if "/A" in obj and _dangerous(obj.get("/A")):
        del obj["/A"]
    if str(obj.get("/S", "")) in DANGEROUS_ACTIONS:
        # An action object reached some other way: make it do nothing.
        obj["/S"] = Name("/GoTo")
        obj["/D"] = Array([])


def _clean_catalog(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    for key in ("/OpenAction", "/AA"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]
    if "/NeedsRendering" in root:
        del root["/NeedsRendering"]


def _clean_pages(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, Array):
            kept = [a for a in annots if not (isinstance(a, Dictionary) and str(
                a.get("/Subtype", "")) in ("/FileAttachment", "/RichMedia", "/Screen",
                                           "/Movie", "/Sound"))]
            page.obj["/Annots"] = Array(kept)


def sanitise_pdf(data: bytes) -> bytes:
    """The same pages without scripts, launch/submit actions, embedded files or XFA.

    Raises pikepdf errors for a file that does not parse (the caller has checked it does).
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _clean_catalog(pdf)
        _clean_pages(pdf)
        for obj in pdf.objects:
            if isinstance(obj, Dictionary | pikepdf.Stream):
                _clean_dictionary(obj if isinstance(obj, Dictionary) else obj.stream_dict)
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
