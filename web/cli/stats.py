"""`flask stats`: the statistics rollup (rebuilt from the cases after a bulk load or repair)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from domain.db import db
from domain.stats.rollup import rebuild as rebuild_rollup

group = AppGroup("stats", help="Statistics: the rollup every figure is read from.")


@group.command("rebuild")
@click.option("--batch", default=5000, show_default=True, help="Rows per statement.")
def rebuild(batch: int) -> None:
    """Recount every case into the rollup, in one transaction (writes wait on PostgreSQL)."""
    report = rebuild_rollup(batch=max(100, batch))
    db.session.commit()
    click.echo(f"counted {report.cases} case(s) into {report.rows} rollup row(s); "
               f"{report.corrected} case mark(s) corrected")


COMMANDS = (group,)
