"""What the monthly recap PDF shows: the agency's figures (from `domain.stats.recaps`) with
the same charts as the statistics page, in Indonesian (an official report, like letters)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import force_locale

from domain.stats.recaps import RecapFigures
from reports import charts
from wording import labels


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + "%"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def recap(figures: RecapFigures, now: datetime) -> dict[str, Any]:
    """The template context of one agency's recap for one month."""
    with force_locale("id"):
        funnel = [(labels.status(c.key), c.count) for c in figures.funnel]
    weeks = figures.weeks
    return {
        "meta": {"title": f"Rekap bulanan {figures.agency.name} {figures.month}",
                 "author": "Aduan", "subject": "Rekap bulanan",
                 "keywords": f"aduan, rekap bulanan, {figures.agency.code}, {figures.month}"},
        "agency": figures.agency.name, "month": figures.month, "date": now,
        "overall": figures.overall, "units": figures.units, "weeks": weeks, "funnel": funnel,
        "pct": _pct, "num": _num,
        "weekly_chart": charts.column_chart(
            "chart-weekly", "Laporan diterima dan selesai per minggu",
            [w.start.strftime("%d/%m") for w in weeks],
            [("Diterima", [w.received for w in weeks]), ("Selesai", [w.closed for w in weeks])]),
        "unit_chart": charts.bar_chart(
            "chart-on-time", "Tindak lanjut tepat waktu per unit",
            [charts.Bar(c.label or "Belum didisposisikan", c.on_time_share)
             for c in figures.units[:15]], maximum=1.0, label_of=_pct),
    }
