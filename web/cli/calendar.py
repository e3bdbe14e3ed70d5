"""`flask calendar`: the working-day calendar an admin keeps (cuti bersama per year)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from domain.cases.calendar import declare_non_working_day, remove_non_working_day
from domain.db import db
from domain.errors import InvalidData
from domain.sla.operations import CalendarChange, year_calendar
from web.cli._common import error_text


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not a date: {value!r} (e.g. 2026-12-24)") from exc


def _moved(change: CalendarChange) -> str:
    n = len(change.moved_cases)
    return f"  ({n} running deadline(s) moved)" if n else ""


group = AppGroup("calendar", help="National holidays and cuti bersama (working days).")


@group.command("add-day")
@click.argument("day")
@click.argument("name")
@click.option("--kind", default="cuti_bersama", show_default=True,
              type=click.Choice(["cuti_bersama", "closure"]))
def add_day(day: str, name: str, kind: str) -> None:
    """Declare DAY (YYYY-MM-DD) a non-working day; running deadlines over it move later."""
    try:
        change = declare_non_working_day(_day(day), name.strip()[:200], kind)
    except InvalidData as exc:
        raise click.BadParameter(error_text(exc)) from exc
    db.session.commit()
    click.echo(f"{change.day.isoformat()}  {change.kind}  {change.name}{_moved(change)}")


@group.command("remove-day")
@click.argument("day")
def remove_day(day: str) -> None:
    """Withdraw a declared day (national holidays come from the law, not from here)."""
    change = remove_non_working_day(_day(day))
    db.session.commit()
    click.echo(f"removed{_moved(change)}" if change else "no declared day on that date")


@group.command("list")
@click.option("--year", type=int, default=None, help="Default: this year.")
def list_days(year: int | None) -> None:
    """Weekday closures of a year: national holidays and declared cuti bersama."""
    year = year or date.today().year
    for day, name, kind in year_calendar(year):
        click.echo(f"{day.isoformat()}  {day.strftime('%a')}  {kind:<12}  {name}")


COMMANDS = (group,)
