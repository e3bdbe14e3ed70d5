"""Suggestions when a case is filed (any channel): found once at filing, stored, flagged in
the verifier's inbox and listed on the case page even once today's scoring would miss them."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.duplicate_models import DuplicateCandidate
from domain.cases.duplicates import stored_candidates, suggestions
from domain.cases.merging import merge
from domain.cases.models import Case
from domain.db import db
from tests.duplicates.test_duplicates import FIRST, LAT, LON, OTHER_REPORTER, SMS, _at
from tests.jobs.support import drain_outbox
from tests.web.helpers import csrf, login, report_form


def test_a_case_filed_on_the_portal_keeps_its_candidates_with_their_scores(client, world):
    first = _at(0, **FIRST)
    db.session.commit()
    data = {"csrf_token": csrf(client), **report_form(
        **SMS, category="roads", latitude=str(LAT + 0.0009), longitude=str(LON),
        reporter_email="siti@example.org", reporter_phone="", reporter_name="Siti")}
    assert client.post("/", data=data, content_type="multipart/form-data").status_code == 303
    assert db.session.execute(sa.select(DuplicateCandidate)).first() is None  # not yet:
    drain_outbox()  # a worker scores it after the filing committed (jobs/duplicates.py)
    second = db.session.execute(sa.select(Case).where(Case.id != first.id)).scalar_one()
    [row] = db.session.execute(sa.select(DuplicateCandidate)).scalars()
    assert (row.case_id, row.candidate_id) == (second.id, first.id)
    assert row.score >= 70 and 90 < row.distance_m < 110
    [event] = db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id == second.id, CaseEvent.kind == "duplicates_suggested")).scalars()
    assert event.payload == {"candidates": [{"case": first.tracking_id, "score": row.score}]}
    assert db.session.execute(sa.select(DuplicateCandidate).where(
        DuplicateCandidate.case_id == first.id)).first() is None  # nothing to match then


def test_the_inbox_flags_it_and_the_page_lists_it_after_live_scoring_stops(
        client, world, coordinator, clock):
    first = _at(0, **FIRST)
    second = _at(100, **SMS, reporter=OTHER_REPORTER)
    db.session.commit()
    login(client, coordinator)
    inbox = client.get("/desk/").get_data(as_text=True)
    assert f'id="maybe-duplicate-{second.tracking_id}"' in inbox
    assert f'id="maybe-duplicate-{first.tracking_id}"' not in inbox
    clock.advance(timedelta(days=31))  # past the 30-day window of today's scoring
    assert suggestions(second) == []
    assert [s.case.id for s in stored_candidates(second)] == [first.id]
    page = client.get(f"/desk/cases/{second.tracking_id}").get_data(as_text=True)
    assert f'id="duplicate-{first.tracking_id}"' in page


def test_a_candidate_merged_or_closed_since_is_no_longer_flagged(client, world, coordinator):
    first = _at(0, **FIRST)
    second = _at(100, **SMS, reporter=OTHER_REPORTER)
    merge(first, second, actor=coordinator)  # the older one turned out to be the duplicate
    db.session.commit()
    assert stored_candidates(second) == []
    login(client, coordinator)
    inbox = client.get("/desk/").get_data(as_text=True)
    assert f'id="maybe-duplicate-{second.tracking_id}"' not in inbox
