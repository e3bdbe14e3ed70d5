"""`flask stats`: the statistics rollup (rebuilt from the cases after a bulk load or repair)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from domain.db import db
from domain.stats.rollup import rebuild as rebuild_rollup
from web.cli._common import fail

group = AppGroup("stats", help="Statistics: the rollup every figure is read from.")


@group.command("rebuild")
@click.option("--batch", default=5000, show_default=True, help="Rows per statement.")
def rebuild(batch: int) -> None:
    """Recount every case into the rollup, in one transaction (writes wait on PostgreSQL)."""
    report = rebuild_rollup(batch=max(100, batch))
    db.session.commit()
    click.echo(f"counted {report.cases} case(s) into {report.rows} rollup row(s); "
               f"{report.corrected} case mark(s) corrected")


@group.command("recap")
@click.argument("month")
@click.option("--agency", "agency_code", default=None, help="Only this agency (its code).")
@click.option("--now", "inline", is_flag=True,
              help="Render here instead of queueing jobs for the workers.")
def recap(month: str, agency_code: str | None, inline: bool) -> None:
    """Monthly recap PDFs per agency for MONTH (YYYY-MM): queued for the workers, or --now."""
    from domain.org.operations import agency_by_code
    from domain.stats.recaps import agencies_with_cases
    from domain.stats.scorecards import month_range
    from jobs.recaps import enqueue_month, render_recap

    try:
        month_range(month)
    except ValueError as exc:
        raise click.BadParameter(f"not a month: {month!r} (e.g. 2026-11)") from exc
    ids = agencies_with_cases(month)
    if agency_code:
        agency = agency_by_code(agency_code)
        if agency is None:
            fail(f"no agency {agency_code!r}")
        ids = [agency.id]
    if not inline:
        queued = enqueue_month(month, ids)
        click.echo(f"queued {len(queued)} recap job(s) for {month}")
        return
    from domain.org.models import Agency

    for agency_id in ids:
        made, fresh = render_recap(db.session.get(Agency, agency_id), month)
        db.session.commit()
        click.echo(f"{'rendered' if fresh else 'kept'} recap {made.id} of agency {agency_id}")


COMMANDS = (group,)
