"""`/admin/calendar`: a year's national holidays and cuti bersama; declare or withdraw a day.

National admins and sysadmins keep the calendar. Declaring or withdrawing a day moves the
running deadlines whose window holds it (`domain.cases.calendar`); the page says how many.
"""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.cases.calendar import declare_non_working_day, remove_non_working_day
from domain.clock import clock
from domain.errors import InvalidData
from domain.org.permissions import CALENDAR_ROLES
from domain.sla.calendar import WIB
from domain.sla.operations import NAME_MAX, year_calendar
from domain.text import has_control_chars
from web.admin import bp
from web.auth import current_user, login_required
from wording import errors as error_words

YEARS = range(2000, 2101)


def _this_year() -> int:
    return clock.now().astimezone(WIB).year


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return _this_year()
    return year if year in YEARS else _this_year()


def _day(value: str) -> date | None:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if day.year in YEARS else None


def _page(year: int, form: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    html = render_template("admin/calendar.html", year=year, days=year_calendar(year),
                           form=form or {}, errors=errors or {}, name_max=NAME_MAX)
    return html, status


@bp.get("/calendar")
@login_required(*CALENDAR_ROLES)
def calendar() -> tuple[str, int]:
    return _page(_year(request.args.get("year")))


@bp.post("/calendar")
@login_required(*CALENDAR_ROLES)
def declare() -> Response | tuple[str, int]:
    """Declare a cuti bersama; wrong input comes back on the page, next to its field."""
    form = {"day": request.form.get("day", ""), "name": request.form.get("name", "")}
    year = _year(request.form.get("year"))
    errors: dict[str, str] = {}
    day = _day(form["day"])
    if day is None:
        errors["day"] = _("Tanggal tidak valid; gunakan format TTTT-BB-HH.")
    name = form["name"].strip()
    if not name:
        errors["name"] = _("Nama hari wajib diisi.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Nama hari paling banyak %(n)d karakter.", n=NAME_MAX)
    elif has_control_chars(name):
        errors["name"] = _("Nama hari mengandung karakter yang tidak diizinkan.")
    if errors or day is None:
        return _page(year, form, errors, 422)
    try:
        change = declare_non_working_day(day, name, actor=current_user())
    except InvalidData as exc:
        return _page(year, form, {"name": error_words.message(exc)}, 422)
    flash(_("Cuti bersama %(day)s ditetapkan; %(n)d tenggat berjalan disesuaikan.",
            day=change.day.isoformat(), n=len(change.moved_cases)), "success")
    return redirect(url_for("admin.calendar", year=day.year), 303)


@bp.post("/calendar/remove")
@login_required(*CALENDAR_ROLES)
def remove() -> Response:
    day = _day(request.form.get("day", ""))
    change = remove_non_working_day(day, actor=current_user()) if day else None
    if change is None:
        flash(_("Tidak ada cuti bersama pada tanggal itu."), "error")
        return redirect(url_for("admin.calendar", year=_year(request.form.get("year"))), 303)
    flash(_("Cuti bersama %(day)s dibatalkan; %(n)d tenggat berjalan disesuaikan.",
            day=change.day.isoformat(), n=len(change.moved_cases)), "success")
    return redirect(url_for("admin.calendar", year=change.day.year), 303)
