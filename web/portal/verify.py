"""`/verify`: anyone holding an Aduan document checks it, without learning anything personal.

Three ways in: the case file's QR code (`?head=<sha256>`, the chain head it printed), a
typed SHA-256 of the file (`?sha256=`), or the file itself (POST; its signature is checked
too). The answer names the document (kind, number, date), its head and the checkpoint that
covers it: never the reporter, the complaint's text, or its status.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, make_response, render_template, request
from flask_babel import gettext as _

from domain.letters import verification
from reports.verification import check_file
from web.extensions import limiter
from web.portal import bp
from wording import labels

MAX_UPLOAD = 25 * 1024 * 1024


def _limit() -> str:
    return current_app.config["ADUAN"].rate_limit_tracking


def _head_view(head: verification.HeadCheck | None) -> dict[str, Any] | None:
    if head is None:
        return None
    cp = head.checkpoint
    return {"hash": head.hash, "seq": head.seq, "at": head.at, "leaf_index": head.leaf_index,
            "checkpoint": {"tree_size": cp.tree_size, "root": cp.root_hash,
                           "at": cp.created_at} if cp else None}


def _document_view(doc: verification.DocumentCheck, problems: list[str],
                   signature: str | None = None) -> dict[str, Any]:
    letter = doc.letter
    return {"ok": not problems, "sha256": doc.sha256, "signature": signature,
            "problems": [labels.verify_problem(code) for code in problems],
            "kind": labels.letter(letter.kind) if letter else None,
            "number": letter.number if letter else None,
            "issued_at": letter.created_at if letter else None,
            "head": _head_view(doc.head)}


def _page(status: int = 200, **context: Any) -> Any:
    context.setdefault("error", None)
    context.setdefault("result", None)
    context.setdefault("head", None)
    response = make_response(render_template("portal/verify.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _uploaded() -> Any:
    upload = request.files.get("document")
    data = upload.stream.read(MAX_UPLOAD + 1) if upload and upload.filename else b""
    if not data:
        return _page(422, error=_("Pilih berkas PDF untuk diperiksa."))
    if len(data) > MAX_UPLOAD:
        return _page(422, error=_("Berkas lebih besar dari 25 MB."))
    found = check_file(data, current_app.config["ADUAN"])
    signer = found.signature.signer if found.signature.ok else None
    return _page(result=_document_view(found.document, found.problems, signer))


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(_limit)
def verify() -> Any:
    if request.method == "POST":
        return _uploaded()
    raw_hash, raw_head = request.args.get("sha256", ""), request.args.get("head", "")
    if raw_hash:
        sha256 = verification.normalized_hash(raw_hash)
        if sha256 is None:
            return _page(422, error=_("Hash SHA-256 terdiri dari 64 angka heksadesimal."),
                         value=raw_hash)
        doc = verification.check_document(sha256)
        problems = [*doc.problems, *(doc.head.problems if doc.head else ())]
        return _page(result=_document_view(doc, problems), value=sha256)
    if raw_head:
        head_hash = verification.normalized_hash(raw_head)
        head = verification.check_printed_head(head_hash) if head_hash else None
        if head is None:
            return _page(404, error=_("Tidak ada berkas perkara yang mencetak kepala rantai "
                                      "ini."))
        return _page(head=_head_view(head) | {
            "ok": head.ok, "problems": [labels.verify_problem(c) for c in head.problems]})
    return _page()
