"""The scorecard page over HTTP: public and desk, charts as inline SVG with their tables."""

from __future__ import annotations

import re

from domain.db import db
from domain.org.operations import unit_by_code
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, submit
from tests.web.helpers import login


def _answered(n, coordinator, liaison, **overrides):
    for _ in range(n):
        case = submit(**overrides).case
        verify_valid(case, coordinator)
        complete(case, "follow_up", liaison, decision="answer", answer="Sudah.")


def test_public_scorecards_show_charts_tables_and_the_ranking(client, world, coordinator,
                                                             liaison):
    _answered(5, coordinator, liaison)
    agency = unit_by_code("medan.health").agency
    agency.name = 'Pemkot <script>alert("x")</script> & Co'  # names are data: escaped
    db.session.flush()
    page = client.get("/statistics/scorecards").get_data(as_text=True)
    for chart in ("chart-weekly", "chart-funnel", "chart-on-time"):
        assert re.search(rf'<svg[^>]*id="{chart}"[^>]*role="img"', page), chart
    for table in ("table-weekly", "table-funnel", "ranking"):
        assert f'id="{table}"' in page
    assert re.search(r'id="sc-received">5<', page) and re.search(r'id="sc-on-time">100', page)
    assert "<script>alert" not in page and "Pemkot &lt;script&gt;alert" in page
    assert "<script" not in page.split('id="chart-on-time"')[1].split("</svg>")[0]


def test_bad_filters_are_named_not_a_stack_trace(client, world):
    response = client.get("/statistics/scorecards?start=31-12-2026&kind=nope&month=2026-13"
                          "&agency=x1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="stats-errors"' in page
    assert "31-12-2026" in page and "nope" in page and "2026-13" in page


def test_the_desk_counts_confidential_cases_of_the_scope(client, world, coordinator, liaison):
    _answered(5, coordinator, liaison, confidential=True)
    public = client.get("/statistics/scorecards").get_data(as_text=True)
    assert re.search(r'id="sc-received">0<', public)
    login(client, liaison)
    desk = client.get("/desk/statistics?by=unit").get_data(as_text=True)
    assert re.search(r'id="sc-received">5<', desk) and 'id="chart-on-time"' in desk
    assert client.get("/desk/statistics?lang=en").status_code == 200


def test_cached_figures_stay_per_scope_and_expire(client, world, app, coordinator, liaison):
    from dataclasses import replace

    from web import figures_cache

    _answered(5, coordinator, liaison, confidential=True)
    app.config["ADUAN"] = replace(app.config["ADUAN"], stats_cache_seconds=60)
    figures_cache.forget()
    try:
        assert re.search(r'id="sc-received">0<', client.get("/statistics/scorecards").text)
        login(client, liaison)  # the officer's slice is another key: his own figures
        assert re.search(r'id="sc-received">5<', client.get("/desk/statistics").text)
        _answered(1, coordinator, liaison, confidential=True)
        assert re.search(r'id="sc-received">5<', client.get("/desk/statistics").text)
        figures_cache.forget()  # (what the passing seconds do)
        assert re.search(r'id="sc-received">6<', client.get("/desk/statistics").text)
    finally:
        app.config["ADUAN"] = replace(app.config["ADUAN"], stats_cache_seconds=0)
        figures_cache.forget()


def test_the_filters_are_choices_and_narrow_the_figures(client, world, coordinator, liaison):
    _answered(5, coordinator, liaison)
    _answered(5, coordinator, liaison, category="roads")
    page = client.get("/statistics/scorecards").get_data(as_text=True)
    agency = unit_by_code("medan.health").agency
    for select in ("s-region", "s-category", "s-agency", "s-kind", "s-channel"):
        assert re.search(rf'<select id="{select}"', page), select
    assert f'<option value="{agency.id}">{agency.name}</option>' in page
    assert '<option value="12.71">' in page  # Kota Medan under its province
    assert re.search(r'<select id="s-unit" name="unit" disabled', page)  # no agency yet
    chosen = client.get(f"/statistics/scorecards?agency={agency.id}&category=roads"
                        "&region=12.71").get_data(as_text=True)
    assert re.search(r'id="sc-received">5<', chosen)
    assert f'<option value="{agency.id}" selected>' in chosen
    assert '<option value="roads" selected>' in chosen and '<option value="12.71" selected>' \
        in chosen
    health = unit_by_code("medan.health")
    assert f'<option value="{health.id}">{health.name}</option>' in chosen  # its units now
    other = client.get(f"/statistics/scorecards?unit={health.id}&agency={agency.id}"
                       "&region=12.71.01.2001").get_data(as_text=True)
    assert '<option value="12.71.01.2001" selected>' in other  # a drilled-down code stays
