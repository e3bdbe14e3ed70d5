"""`flask regions`: Kemendagri's administrative codes, loaded from the packaged dataset."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from domain.db import db
from domain.org.regions import LEVELS, load_regions, region_counts
from web.cli._common import fail

LEVEL_NAMES = {1: "provinces", 2: "regencies/cities", 3: "districts", 4: "villages"}

group = AppGroup("regions", help="Kemendagri region codes (provinces down to villages).")


@group.command("load")
@click.option("--villages", is_flag=True, help="Also load the 83,000+ villages (level 4).")
@click.option("--source", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory of the dataset's CSVs. Default: ADUAN_REGIONS_DIR.")
def load(villages: bool, source: Path | None) -> None:
    """Upsert provinces, regencies/cities and districts (idempotent: a rerun changes nothing)."""
    source = source or current_app.config["ADUAN"].regions_dir
    max_level = 4 if villages else 3
    missing = [name for _, name, _ in LEVELS[:max_level] if not (source / name).is_file()]
    if missing:
        fail(f"no {', '.join(missing)} in {source} (run scripts/build-frontend.sh, which "
             "copies them from the npm package idn-area-data)")

    def progress(level: int, done: int, total: int) -> None:
        click.echo(f"  {LEVEL_NAMES[level]}: {done}/{total} inserted", err=True)

    report = load_regions(source, max_level=max_level, progress=progress)
    db.session.commit()
    for level in range(1, max_level + 1):
        click.echo(f"{LEVEL_NAMES[level]}: {report.read[level]} in the dataset, "
                   f"{report.inserted[level]} new, {report.updated[level]} updated")
    click.echo("regions loaded" if report.changed else "regions already up to date: no change")


@group.command("count")
def count() -> None:
    """How many regions of each level the database holds."""
    counts = region_counts()
    for level, name in LEVEL_NAMES.items():
        click.echo(f"{name}: {counts.get(level, 0)}")


COMMANDS = (group,)
