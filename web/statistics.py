"""The statistics and scorecard page, shared by the portal (public) and the desk (scope).

Parses the filters of the query string into a `domain.stats` slice for the reader, asks the
domain for the figures and draws the charts (`reports.charts`). A bad filter value is
named on the page and left out, never a stack trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _

from domain.cases.categories import active_categories
from domain.clock import clock
from domain.enums import CaseKind, Channel
from domain.org.models import User
from domain.org.queries import agency_names, unit_choices
from domain.org.regions import provinces_with_regencies
from domain.sla.calendar import WIB
from domain.stats import figures, scorecards
from domain.stats.access import slice_for
from reports import charts
from web.figures_cache import cached
from web.ui import percent_label
from wording import labels

DEFAULT_DAYS = 90  # the range shown when none is chosen
MAX_RANGE_DAYS = 3660
TEXT_FILTERS = ("category", "region")


@dataclass
class Chosen:
    """The filters as the reader chose them, and what was wrong with any."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    by: str = "agency"
    start: date | None = None
    end: date | None = None


def _day(name: str, chosen: Chosen) -> date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        chosen.errors.append(_("Tanggal tidak valid: %(value)s (contoh 2026-03-31).",
                               value=raw[:20]))
        return None


def _range(chosen: Chosen) -> None:
    month = (request.args.get("month") or "").strip()
    if month:
        try:
            chosen.start, chosen.end = scorecards.month_range(month)
        except ValueError:
            chosen.errors.append(_("Bulan tidak valid: %(value)s (contoh 2026-03).",
                                   value=month[:20]))
    if chosen.start is None:
        chosen.start, chosen.end = _day("start", chosen), _day("end", chosen)
    today = clock.now().astimezone(WIB).date()
    chosen.end = chosen.end or today
    chosen.start = chosen.start or chosen.end - timedelta(days=DEFAULT_DAYS - 1)
    if chosen.start > chosen.end or (chosen.end - chosen.start).days > MAX_RANGE_DAYS:
        chosen.errors.append(_("Rentang tanggal tidak valid."))
        chosen.end, chosen.start = today, today - timedelta(days=DEFAULT_DAYS - 1)


def _choice(name: str, allowed: set[str], chosen: Chosen) -> None:
    raw = (request.args.get(name) or "").strip()
    if raw and raw in allowed:
        chosen.values[name] = raw
    elif raw:
        chosen.errors.append(_("Pilihan tidak dikenal: %(value)s.", value=raw[:40]))


def _number(name: str, chosen: Chosen) -> None:
    raw = (request.args.get(name) or "").strip()
    if raw.isdigit() and len(raw) < 12:
        chosen.values[f"{name}_id"] = int(raw)
    elif raw:
        chosen.errors.append(_("Pilihan tidak dikenal: %(value)s.", value=raw[:40]))


def chosen_filters() -> Chosen:
    """The query string's filters, checked one by one."""
    chosen = Chosen()
    _range(chosen)
    _choice("kind", {k.value for k in CaseKind}, chosen)
    _choice("channel", {c.value for c in Channel}, chosen)
    for name in ("agency", "unit"):
        _number(name, chosen)
    for name in TEXT_FILTERS:
        raw = (request.args.get(name) or "").strip()[:64]
        if raw:
            chosen.values[name] = raw
    chosen.by = "unit" if request.args.get("by") == "unit" else "agency"
    return chosen


def _charts(cards: list[scorecards.Scorecard], funnel: list[figures.Count],
            weeks: list[figures.Week]) -> dict[str, Any]:
    week_labels = [w.start.strftime("%d/%m") for w in weeks]
    return {
        "weekly": charts.column_chart(
            "chart-weekly", _("Laporan diterima dan selesai per minggu"), week_labels,
            [(_("Diterima"), [w.received for w in weeks]),
             (_("Selesai"), [w.closed for w in weeks])]),
        "on_time": charts.bar_chart(
            "chart-on-time", _("Tindak lanjut tepat waktu per instansi atau unit"),
            [charts.Bar(c.label or _("Lainnya (kelompok kecil)"), c.on_time_share)
             for c in cards[:15]], maximum=1.0, label_of=percent_label),
        "funnel": charts.bar_chart(
            "chart-funnel", _("Di mana laporan menunggu"),
            [charts.Bar(labels.status(c.key), c.count) for c in funnel]),
    }


def chosen_slice(user: User | None) -> tuple[Chosen, figures.Slice]:
    """The query string's filters and the slice of the rollup they give `user`."""
    chosen = chosen_filters()
    min_group = current_app.config["ADUAN"].stats_min_group
    return chosen, slice_for(user, start=chosen.start, end=chosen.end, min_group=min_group,
                             **chosen.values)


def statistics_context(user: User | None) -> dict[str, Any]:
    """Everything the statistics template shows, for `user` (None: the public)."""
    chosen, slice_ = chosen_slice(user)
    min_group = slice_.min_group
    cards, funnel, weeks, overall = cached(("scorecards", slice_, chosen.by), lambda: (
        scorecards.scorecards(slice_, by=chosen.by), figures.funnel(slice_),
        figures.weekly(slice_, chosen.start, chosen.end), scorecards.overall(slice_)))
    return {"chosen": chosen, "slice": slice_, "overall": overall,
            "cards": cards, "funnel": funnel, "weeks": weeks,
            "charts": _charts(cards, funnel, weeks), "min_group": min_group,
            "kinds": list(CaseKind), "channels": list(Channel),
            **cached(("filter-choices", chosen.values.get("agency_id")),
                     lambda: filter_choices(chosen.values.get("agency_id")))}


def filter_choices(agency_id: int | None) -> dict[str, Any]:
    """What the filter form offers: categories, every active agency, the chosen agency's
    units, provinces with their regencies. Plain tuples, so a cached copy holds no ORM row."""
    units = [(u.id, u.name) for u in unit_choices(agency_id)] if agency_id else []
    return {"categories": [c.code for c in active_categories()],
            "agencies": agency_names(), "units": units,
            "provinces": provinces_with_regencies()}
