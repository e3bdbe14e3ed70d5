"""Duplicates: nearby open cases of the same category with similar words are suggested with
their score; far, other-category, closed or old ones are not; a merge archives the duplicate
and its reporter follows the primary."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.cases.duplicates import normalise, stored_candidates, suggestions
from domain.cases.merging import merge
from domain.cases.models import Case
from domain.db import db
from domain.enums import CaseStatus
from tests.factories import case_in, complete, submit
from tests.jobs.support import drain_outbox
from tests.web.helpers import csrf, login

LAT, LON = 3.5952, 98.6722
PER_100_M = 0.000899  # degrees of latitude in 100 m
FIRST = {"title": "Jalan berlubang di depan sekolah",
         "description": "Jalan berlubang besar di depan SD Negeri 5, sudah dua minggu tidak "
                        "diperbaiki dan membahayakan anak-anak."}
SMS = {"title": "Jln berlubang dpn sklh",
       "description": "jln berlubang besar dpn SD Negeri 5 sdh dua minggu tdk diperbaiki, "
                      "membahayakan anak2"}
OTHER_REPORTER = {"name": "Siti Aminah", "email": "siti@example.org", "phone": None}


_citizens = count(1)


def _at(metres_north: float, **overrides):
    """A report so many metres north of LAT, LON, by its own citizen unless one is named
    (the same contact with the same words would be an exact repeat: the same case)."""
    fields = {"category": "roads", "latitude": LAT + PER_100_M * metres_north / 100,
              "longitude": LON,
              "reporter": {"email": f"warga{next(_citizens)}@example.org"}, **overrides}
    case = submit(**fields).case
    drain_outbox()  # the filing-time scoring is a worker's job after the commit
    return case


def test_sms_spelling_is_normalised():
    assert normalise("Jln rusak, sdh 2 mgg TDK diperbaiki!") == \
        "jalan rusak sudah 2 minggu tidak diperbaiki"


def test_a_similar_open_case_100_m_away_is_suggested_with_its_score(world):
    first = _at(0, **FIRST)
    second = _at(100, **SMS, reporter=OTHER_REPORTER)
    [found] = suggestions(second)
    assert found.case.id == first.id and found.score >= 70
    assert 90 < found.distance_m < 110


def test_far_other_category_closed_old_or_different_words_are_not(world, clock):
    second_fields = {**SMS, "reporter": OTHER_REPORTER}
    _at(400, **FIRST)  # 400 m away
    _at(0, **FIRST, category="health")  # another category
    closed = case_in("closed", category="roads", latitude=LAT, longitude=LON, **FIRST)
    assert closed.status == CaseStatus.CLOSED
    _at(50, title="Lampu jalan mati", description="Lampu penerangan jalan mati sejak Senin.")
    clock.advance(timedelta(days=31))
    recent = _at(100, **second_fields)
    assert suggestions(recent) == [] and stored_candidates(recent) == []  # nor at filing
    old = _at(0, **FIRST)  # within 30 days of the next one only
    clock.advance(timedelta(days=1))
    latest = _at(100, **SMS)
    assert {s.case.id for s in suggestions(latest)} == {old.id, recent.id}  # not the first ones
    assert {s.case.id for s in stored_candidates(latest)} == {old.id, recent.id}


def test_without_coordinates_the_same_district_counts(world):
    first = submit(category="roads", **FIRST).case
    elsewhere = submit(category="roads", region="31.71", reporter={"email": "a@example.org"},
                       **FIRST).case
    second = submit(category="roads", reporter=OTHER_REPORTER, **SMS).case
    assert [s.case.id for s in suggestions(second)] == [first.id]
    assert elsewhere.id not in [s.case.id for s in suggestions(second)]


def test_a_merge_archives_the_duplicate_and_its_reporter_follows_the_primary(
        world, coordinator, sinks):
    primary = _at(0, **FIRST)
    duplicate = _at(100, **SMS, reporter=OTHER_REPORTER)
    merge(duplicate, primary, actor=coordinator)
    assert duplicate.status == CaseStatus.ARCHIVED and duplicate.duplicate_of_id == primary.id
    kinds = {e.kind: e.payload for e in db.session.execute(sa.select(CaseEvent).where(
        CaseEvent.case_id.in_([primary.id, duplicate.id]))).scalars()}
    assert kinds["case_merged"] == {"reason": "duplicate", "primary": primary.tracking_id}
    assert kinds["duplicate_merged"] == {"duplicate": duplicate.tracking_id}
    drain_outbox()
    complete(primary, "verify", coordinator, decision="valid", summary=primary.title,
             unit_code="medan.works")
    drain_outbox()
    mails = [json.loads(line) for line in (sinks / "email.log").read_text().splitlines()]
    to_siti = [m for m in mails if m["to"] == "siti@example.org"]
    assert any(primary.tracking_id in m["body"] for m in to_siti), to_siti
    assert suggestions(_at(50, **FIRST, reporter={"email": "x@example.org"})) != []


def test_the_verifier_sees_suggestions_and_merges_on_the_case_page(client, world, coordinator,
                                                                  liaison):
    primary = _at(0, **FIRST)
    duplicate = _at(100, **SMS, reporter=OTHER_REPORTER)
    db.session.commit()
    login(client, coordinator)
    page = client.get(f"/desk/cases/{duplicate.tracking_id}").get_data(as_text=True)
    assert f'id="duplicate-{primary.tracking_id}"' in page
    token = csrf(client, f"/desk/cases/{duplicate.tracking_id}")
    response = client.post(f"/desk/cases/{duplicate.tracking_id}/merge",
                           data={"csrf_token": token, "primary": primary.tracking_id})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/desk/cases/{primary.tracking_id}")
    duplicate = db.session.get(Case, duplicate.id)  # the request's session ended with it
    assert duplicate.status == CaseStatus.ARCHIVED and duplicate.duplicate_of_id == primary.id
    again = client.post(f"/desk/cases/{duplicate.tracking_id}/merge",
                        data={"csrf_token": token, "primary": primary.tracking_id})
    assert again.status_code == 303  # refused in words: it is no longer in verification
