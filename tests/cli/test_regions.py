"""`flask regions load`: Kemendagri's codes from the packaged dataset, idempotently."""

from __future__ import annotations

import sqlalchemy as sa

from domain.db import db
from domain.org.models import Region
from domain.org.regions import agency_for_region, ancestors, region_counts

# idn-area-data 4.0.1 follows the latest Kepmendagri: 38 provinces, 514 regencies and cities,
# 7,285 districts (the 2022 decree's 7,277, which DOMAIN.md quotes, gained eight since).
PROVINCES, REGENCIES, DISTRICTS = 38, 514, 7285


def _invoke(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def test_load_fills_three_levels_and_a_rerun_changes_nothing(app, db_session):
    first = _invoke(app, "regions", "load")
    assert first.exit_code == 0, first.output
    assert "regions loaded" in first.output
    assert region_counts() == {1: PROVINCES, 2: REGENCIES, 3: DISTRICTS}
    bandung = db.session.get(Region, "32.73")
    assert (bandung.name, bandung.level, bandung.parent_code) == ("Kota Bandung", 2, "32")
    district = db.session.get(Region, "32.73.01")
    assert district.level == 3 and district.parent_code == "32.73"
    second = _invoke(app, "regions", "load")
    assert second.exit_code == 0, second.output
    assert "already up to date: no change" in second.output
    assert f"districts: {DISTRICTS} in the dataset, 0 new, 0 updated" in second.output
    assert region_counts() == {1: PROVINCES, 2: REGENCIES, 3: DISTRICTS}


def test_load_corrects_a_renamed_region_and_keeps_the_demo_spelling(app, world):
    db.session.execute(sa.update(Region).where(Region.code == "12").values(name="SUMUT"))
    result = _invoke(app, "regions", "load")
    assert result.exit_code == 0, result.output
    assert "provinces: 38 in the dataset, 36 new, 1 updated" in result.output
    assert db.session.get(Region, "12").name == "Sumatera Utara"


def test_load_without_the_dataset_says_how_to_get_it(app, db_session, tmp_path):
    result = _invoke(app, "regions", "load", "--source", str(tmp_path))
    assert result.exit_code == 1 and "build-frontend.sh" in result.output


def test_a_code_covers_its_dotted_prefixes_and_the_most_specific_agency_wins(world):
    assert ancestors("32.73.01.1001") == ["32.73.01.1001", "32.73.01", "32.73", "32"]
    assert agency_for_region("31.71.02").code == "pemprov-dki"
    assert agency_for_region("12.71.05").code == "pemkot-medan"
    assert agency_for_region("12.01") is None and agency_for_region("") is None
