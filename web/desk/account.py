"""`/desk/password` (every logged-in user changes his own), `/desk/reset/<token>` (the
one-time link an admin sent) and `/desk/notifications` (immediate mails or a daily digest).
The password pages state the rules in the reader's language and put a refused value's
reason next to its field; neither ever echoes a password back.
"""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.errors import InvalidData, NotFound
from domain.org.password_rules import PASSWORD_MIN
from domain.org.passwords import change_own_password, reset_password, reset_user
from domain.outbox.preferences import mode_of, set_notice_mode
from web.auth import acting_user, login_required, login_session
from web.desk import bp
from wording import errors as error_words


def _field_errors(exc: InvalidData) -> dict[str, str]:
    words = error_words.field(exc.details or {}, {"min": PASSWORD_MIN})
    return {name: str(text) for name, text in words.items()}


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password", methods=["GET", "POST"])
@login_required()
def change_password() -> Response:
    """Current password, new one twice; this browser stays logged in, every other session
    and API token of the user ends."""
    user = acting_user()
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            change_own_password(user, request.form.get("current", ""),
                                request.form.get("new", ""), request.form.get("confirm", ""))
        except InvalidData as exc:
            errors = _field_errors(exc)
        else:
            login_session(user)  # a fresh cookie for the new fingerprint and epoch
            flash(_("Kata sandi diganti. Sesi lain dan token API Anda telah berakhir."),
                  "success")
            return redirect(url_for("desk.change_password"), 303)
    page = render_template("desk/password.html", errors=errors, min_length=PASSWORD_MIN)
    return _no_store(make_response(page, 422 if errors else 200))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response:
    """The page of a reset link: an unknown, used or expired link says so (404)."""
    user = reset_user(token)
    if user is None:
        page = render_template("desk/reset_invalid.html")
        return _no_store(make_response(page, 404))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            reset_password(token, request.form.get("new", ""), request.form.get("confirm", ""))
        except InvalidData as exc:
            errors = _field_errors(exc)
        except NotFound:
            return _no_store(make_response(render_template("desk/reset_invalid.html"), 404))
        else:
            flash(_("Kata sandi baru disimpan. Silakan masuk."), "success")
            return redirect(url_for("desk.login"), 303)
    page = render_template("desk/reset.html", errors=errors, min_length=PASSWORD_MIN,
                           username=user.username)
    return _no_store(make_response(page, 422 if errors else 200))


@bp.route("/notifications", methods=["GET", "POST"])
@login_required()
def notifications() -> Response:
    """How the officer hears of his cases: a mail per event or one digest a day (his own
    choice; unset, the service's default). The mails' language is his account's."""
    user = acting_user()
    settings = current_app.config["ADUAN"]
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            set_notice_mode(user, request.form.get("mode", ""))
        except InvalidData as exc:
            errors = _field_errors(exc)
        else:
            flash(_("Pilihan pemberitahuan disimpan."), "success")
            return redirect(url_for("desk.notifications"), 303)
    page = render_template("desk/notifications.html", errors=errors, chosen=user.notice_mode,
                           default=settings.notice_mode, digest_at=settings.digest_at,
                           effective=mode_of(user, settings.notice_mode))
    return make_response(page, 422 if errors else 200)
