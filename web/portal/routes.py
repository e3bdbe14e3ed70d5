"""Portal pages: the report form, the one-time receipt, tracking, the public list, figures."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from marshmallow import ValidationError

from domain.cases import tracking
from domain.cases.attachments import MAX_ATTACHMENTS, Upload
from domain.cases.categories import active_categories, all_categories
from domain.cases.flags import FLAGS, reporter_set_flags
from domain.cases.history import Audience, timeline
from domain.cases.intake import submit_with_attachments
from domain.cases.models import Case
from domain.cases.public import PublicFilters, public_cases, region_choices, tracking_audience
from domain.cases.queries import find_case
from domain.cases.responses import reporter_respond, reporter_task
from domain.cases.schemas import load_intake
from domain.cases.shielded import case_text
from domain.enums import CaseKind, CaseStatus, Channel
from domain.errors import Conflict, Forbidden, InvalidData, NotFound
from domain.letters.access import reporter_letter, reporter_letters
from domain.org.regions import chosen_region, districts_of, provinces_with_regencies
from domain.processes.operations import form_of
from domain.stats.figures import Slice, public_stats
from forms.render import build_fields, parse_submission
from forms.render import title as form_title
from web.cases import pager_args
from web.downloads import pdf_response
from web.extensions import limiter
from web.figures_cache import cached
from web.portal import bp
from web.portal import intake as intake_form
from web.statistics import statistics_context
from web.ui import locale
from wording import errors as error_words


def _intake_limit() -> str:
    return current_app.config["ADUAN"].rate_limit_intake


def _tracking_limit() -> str:
    return current_app.config["ADUAN"].rate_limit_tracking


def _no_store(response: Response) -> Response:
    """Pages holding a secret (the key, the private view) must not stay in any cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _report_page(values: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
    page = render_template(
        "portal/report.html", values=values, errors=errors, kinds=list(CaseKind),
        categories=[c.code for c in active_categories()], provinces=provinces_with_regencies(),
        districts=districts_of(values.get("region")), max_attachments=MAX_ATTACHMENTS,
    )
    return make_response(page, status)


@bp.get("/")
def home() -> Response:
    """The report form; `?region=32.73` preselects an area and offers its districts."""
    values = intake_form.defaults()
    values["region"] = request.args.get("region", "")[:16]
    return _report_page(values, {})


@bp.post("/")
@limiter.limit(_intake_limit)
def submit() -> Response:
    """File a report with its attachments; the receipt follows by POST-redirect-GET.

    The "choose district" button posts the form too (`step=region`): the page comes back
    with what was typed and the chosen regency's districts, so the cascade needs no script.
    """
    values = intake_form.values_of(request.form)
    if request.form.get("step") == "region":
        return _report_page(values, {})
    region, wrong = chosen_region(values["region"], values["district"])
    errors = {wrong: intake_form.field_errors({wrong: ""})[wrong]} if wrong else {}
    try:
        intake = load_intake(intake_form.payload_of(values, region), Channel.WEB)
    except ValidationError as exc:
        errors = {**intake_form.field_errors(exc.messages), **errors}
    if errors:
        return _report_page(values, errors, 422)
    uploads = [Upload(f.filename or "", f.stream, f.mimetype or "")
               for f in request.files.getlist("attachments") if f.filename]
    try:
        receipt = submit_with_attachments(intake, uploads)
    except InvalidData as exc:
        details = exc.details if isinstance(exc.details, dict) else {}
        message = intake_form.attachment_error(str(details.get("attachments", "")))
        return _report_page(values, {"attachments": message}, 422)
    # The key crosses exactly one redirect inside the signed session, then is dropped.
    session["receipt"] = {"tracking_id": receipt.tracking_id, "key": receipt.reporter_key,
                          "repeated": receipt.repeated}
    return redirect(url_for("portal.receipt"), 303)


@bp.get("/receipt")
def receipt() -> Response:
    shown = session.pop("receipt", None)
    if not shown:
        flash(_("Tanda terima hanya ditampilkan sekali. Lacak laporan dengan nomor pelacakan."),
              "info")
        return redirect(url_for("portal.track_form"))
    return _no_store(make_response(render_template(
        "portal/receipt.html", tracking_id=shown["tracking_id"], reporter_key=shown["key"],
        repeated=shown.get("repeated", False))))


@bp.get("/track")
@limiter.limit(_tracking_limit)
def track_form() -> Response | str:
    raw = request.args.get("id", "")
    if raw:
        normalized = tracking.normalize_tracking_id(raw)
        if normalized:
            return redirect(url_for("portal.track", tracking_id=normalized))
        return make_response(render_template(
            "portal/track_form.html", value=raw,
            error=_("Nomor pelacakan terdiri dari 8 huruf dan angka, misalnya ABCD-2345.")), 422)
    return render_template("portal/track_form.html", value="", error=None)


def _hidden(tracking_id: str, key_error: str | None = None) -> Response:
    """404 for an id that names no public case: no case at all, or a confidential one.

    The two look the same (domain.cases.public.tracking_audience), and both offer the key
    form, so the reporter of a confidential case can still open it.
    """
    normalized = tracking.normalize_tracking_id(tracking_id)
    if normalized is None:
        abort(404)
    return make_response(render_template(
        "portal/track_hidden.html", tracking_id=normalized, key_error=key_error), 404)


def _case_or_404(tracking_id: str) -> Case:
    try:
        return find_case(tracking_id)
    except NotFound:
        abort(_hidden(tracking_id))


def _track_page(case: Case, *, key: str | None = None, errors: dict | None = None,
                values: dict | None = None, key_error: str | None = None,
                status: int = 200) -> Response:
    """The tracking page; given the (checked) key, the reporter's private view and form."""
    private = key is not None
    task = reporter_task(case) if private else None
    fields, title = [], ""
    if task is not None:
        form = form_of(case.process_version_id, task.form)
        fields = build_fields(form, locale(), values=values, errors=errors)
        title = form_title(form, locale(), task.label)
    audience = Audience.REPORTER if private else Audience.PUBLIC
    # The reporter reads his own words; everyone else reads them through the identity shield.
    text = None if private else case_text(case)
    response = make_response(render_template(
        "portal/track.html", case=case, steps=timeline(case, audience), private=private,
        title=case.title if text is None else text.title.text,
        description=case.description if text is None else text.description.text,
        task=task, fields=fields, form_title=title, key=key, errors=errors or {},
        key_error=key_error, letters=reporter_letters(case) if private else [],
    ), status)
    return _no_store(response) if private else response


def _key_error(case: Case) -> Response:
    """A key that does not match: 403 on a public case, the not-found page on a confidential."""
    message = _("Kunci pelapor tidak cocok.")
    if tracking_audience(case, None) is None:
        return _hidden(case.tracking_id, message)
    return _track_page(case, key_error=message, status=403)


@bp.get("/track/<tracking_id>")
@limiter.limit(_tracking_limit)
def track(tracking_id: str) -> Response:
    case = _case_or_404(tracking_id)
    if tracking_audience(case, None) is None:
        return _hidden(tracking_id)
    return _track_page(case)


@bp.post("/track/<tracking_id>")
@limiter.limit(_tracking_limit)
def track_private(tracking_id: str) -> Response:
    """Open the reporter's view with the secret key (posted, so it never sits in a URL)."""
    key = request.form.get("reporter_key", "").strip()
    try:
        case = find_case(tracking_id)
    except NotFound:
        return _hidden(tracking_id, _("Kunci pelapor tidak cocok."))
    if tracking_audience(case, key) != Audience.REPORTER:
        return _key_error(case)
    return _track_page(case, key=key)


@bp.post("/track/<tracking_id>/letters/<int:letter_id>")
@limiter.limit(_tracking_limit)
def reporter_letter_pdf(tracking_id: str, letter_id: int) -> Response:
    """A letter addressed to the reporter (the follow-up letter), for the holder of the key.

    The key travels in the POST body, never in the URL; only reporter-facing kinds are
    served (never the nota dinas or the case file): anything else is 404.
    """
    case = _case_or_404(tracking_id)
    key = request.form.get("reporter_key", "").strip()
    if not tracking.reporter_key_matches(key, case.reporter_key_hash):
        return _key_error(case)
    try:
        return pdf_response(reporter_letter(case, letter_id))
    except NotFound:
        abort(404)


@bp.post("/track/<tracking_id>/respond")
@limiter.limit(_tracking_limit)
def respond(tracking_id: str) -> Response:
    """The reporter answers a hold or accepts / reopens / rates the follow-up."""
    case = _case_or_404(tracking_id)
    key = request.form.get("reporter_key", "").strip()
    task = reporter_task(case)
    data = parse_submission(form_of(case.process_version_id, task.form), request.form) \
        if task is not None else {}
    try:
        reporter_respond(case.tracking_id, key, data, locale())
    except Forbidden:
        return _key_error(case)
    except Conflict:
        flash(_("Laporan ini sedang tidak menunggu tanggapan Anda."), "info")
        return redirect(url_for("portal.track", tracking_id=case.tracking_id), 303)
    except InvalidData as exc:
        errors = (error_words.field(exc.details, exc.params) if isinstance(exc.details, dict)
                  else {"_": error_words.message(exc)})
        return _track_page(case, key=key, errors=errors, values=data, status=422)
    flash(_("Terima kasih, tanggapan Anda sudah kami terima."), "success")
    return redirect(url_for("portal.track", tracking_id=case.tracking_id), 303)


@bp.post("/track/<tracking_id>/flags")
@limiter.limit(_tracking_limit)
def lower_flag(tracking_id: str) -> Response:
    """The reporter, with his key, lowers a flag: the one way a flag goes down."""
    case = _case_or_404(tracking_id)
    key = request.form.get("reporter_key", "").strip()
    flag = request.form.get("flag", "")
    if flag not in FLAGS:
        abort(400)
    try:
        reporter_set_flags(case, key, **{flag: False})
    except Forbidden:
        return _key_error(case)
    except Conflict:
        flash(_("Laporan ini baru saja diubah; coba lagi."), "info")
        return redirect(url_for("portal.track", tracking_id=case.tracking_id), 303)
    flash(_("Laporan kini terbuka untuk publik.") if flag == "confidential"
          else _("Laporan kini tidak anonim lagi."), "success")
    return _track_page(case, key=key)  # still the reporter's view: a confidential case stays


@bp.get("/cases")
def case_list() -> str:
    filters = PublicFilters(
        search=request.args.get("q") or None, status=request.args.get("status") or None,
        category=request.args.get("category") or None, region=request.args.get("region") or None,
    )
    try:
        page = public_cases(filters, cursor=request.args.get("after") or None)
    except ValueError:
        abort(400)
    return render_template(
        "portal/list.html", page=page, filters=filters, args=pager_args(),
        statuses=list(CaseStatus), categories=[c.code for c in all_categories()],
        regions=region_choices(),
    )


@bp.get("/statistics")
def statistics() -> str:
    slice_ = Slice(min_group=current_app.config["ADUAN"].stats_min_group)
    return render_template("portal/stats.html",
                           stats=cached(("public", slice_), lambda: public_stats(slice_)))


@bp.get("/statistics/scorecards")
def scorecards() -> str:
    """Scorecards per agency or unit with charts, public cases only (filters in the URL)."""
    return render_template("portal/scorecards.html", s=statistics_context(None))
