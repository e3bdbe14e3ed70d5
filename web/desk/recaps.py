"""The monthly recaps an agency's coordinators (and auditors) download from the desk."""

from __future__ import annotations

from io import BytesIO

from flask import Response, abort, current_app, render_template, send_file

from domain.stats import recaps
from web.auth import acting_user, login_required
from web.desk import bp


@bp.get("/recaps")
@login_required(*recaps.READER_ROLES)
def recap_list() -> str:
    return render_template("desk/recaps.html", recaps=recaps.readable(acting_user()))


@bp.get("/recaps/<int:recap_id>.pdf")
@login_required(*recaps.READER_ROLES)
def recap_pdf(recap_id: int) -> Response:
    recap = recaps.readable_one(acting_user(), recap_id)
    if recap is None:
        abort(404)
    path = recaps.path_of(recap, current_app.config["ADUAN"].data_dir)
    if not path.is_file():
        abort(404)
    response = send_file(BytesIO(path.read_bytes()), mimetype="application/pdf",
                         download_name=f"rekap-{recap.month}-{recap.agency_id}.pdf",
                         max_age=0, conditional=False, etag=recap.sha256)
    response.headers["Cache-Control"] = "private, no-store"
    return response
