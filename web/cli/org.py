"""`flask org`: onboard agencies, units, users and roles from one CSV (and export it)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from domain.audit.actors import CLI
from domain.db import db
from domain.errors import InvalidData
from domain.org.onboarding import apply_plan, export_csv, plan_import
from web.cli._common import error_text, fail

group = AppGroup("org", help="Agencies, units, users and roles as one CSV (docs/onboarding.md).")


def _line_errors(exc: InvalidData) -> str:
    from wording import errors as words

    with force_locale("en"):
        lines = [f"  {where}: {words.field(code, exc.params)}"
                 for where, code in (exc.details or {}).items()]
        return "\n".join([words.message(exc), *lines])


@group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
def import_(csv_file: Path, dry_run: bool) -> None:
    """Upsert the CSV's rows; one bad line and nothing of the file is applied."""
    try:
        changes = plan_import(csv_file.read_text(encoding="utf-8"))
    except InvalidData as exc:
        fail(_line_errors(exc) if isinstance(exc.details, dict) else error_text(exc))
    except UnicodeDecodeError:
        fail(f"{csv_file} is not UTF-8 text")
    for change in changes:
        click.echo(("would " if dry_run else "") + change.describe())
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run: {len(changes)} change(s), nothing written")
        return
    apply_plan(changes, actor=CLI)
    db.session.commit()
    click.echo(f"{len(changes)} change(s) applied" if changes else "no change: already up to date")


@group.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def export(output: Path | None) -> None:
    """Write agencies, units and users' roles in the import's CSV format."""
    text = export_csv()
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


COMMANDS = (group,)
