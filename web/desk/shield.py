"""Desk actions of the verifying officer on the identity shield: mask more, release one.

Both call `domain/cases/shield_overrides.py` (verifying role only, audited without the
value) and come back to the case page, whose text every other reader now reads corrected.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from domain.cases import shield_overrides
from domain.errors import Forbidden, InvalidData
from domain.org.permissions import DESK_ROLES
from web.auth import acting_user, login_required
from web.cases import readable_case
from web.desk import bp
from web.desk.routes import render_case
from wording import errors as error_words


def _back(tracking_id: str) -> Response:
    return redirect(url_for("desk.case", tracking_id=tracking_id, _anchor="shield"), 303)


@bp.post("/cases/<tracking_id>/shield/mask")
@login_required(*DESK_ROLES)
def shield_mask(tracking_id: str) -> Response:
    """Mask every occurrence of the typed text in one field (the value is not kept)."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    try:
        added = shield_overrides.mask_more(case, actor=user, field=request.form.get("field", ""),
                                           value=request.form.get("value", ""))
    except Forbidden:
        abort(403)
    except InvalidData as exc:
        return render_case(case, user, shield_error=error_words.message(exc), status=422)
    flash(_("%(n)s tempat disamarkan.", n=added), "success")
    return _back(case.tracking_id)


@bp.post("/cases/<tracking_id>/shield/release")
@login_required(*DESK_ROLES)
def shield_release(tracking_id: str) -> Response:
    """Release one detection as a false positive: it reads as written for everyone."""
    user = acting_user()
    case = readable_case(tracking_id, user)
    try:
        start, end = int(request.form.get("start", "")), int(request.form.get("end", ""))
    except ValueError:
        abort(400)
    try:
        shield_overrides.release(case, actor=user, field=request.form.get("field", ""),
                                 start=start, end=end)
    except Forbidden:
        abort(403)
    except InvalidData as exc:
        return render_case(case, user, shield_error=error_words.message(exc), status=422)
    flash(_("Deteksi dilepas: teks ini tidak lagi disamarkan."), "success")
    return _back(case.tracking_id)
