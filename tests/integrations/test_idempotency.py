"""POST /api/v1/cases for systems that retry: Idempotency-Key, multipart attachments, and
the channel the client declares."""

from __future__ import annotations

import json
import threading

import pytest
import sqlalchemy as sa

from domain.cases.models import Attachment, Case
from domain.db import db
from domain.enums import Channel
from domain.integrations.models import IdempotentRequest
from tests.factories import DESCRIPTION, build_world, intake
from tests.web.helpers import jpeg_bytes

URL = "/api/v1/cases"


@pytest.fixture
def client(app, db_session, redis_conn):
    from tests.conftest import FreshContextClient

    return FreshContextClient(app, app.response_class, use_cookies=False)


def _count(model=Case) -> int:
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_a_retry_with_the_same_key_and_body_gets_the_same_case_and_answer(client, world):
    headers = {"Idempotency-Key": "3f1c9a52-retry"}
    first = client.post(URL, json=intake(), headers=headers)
    assert first.status_code == 201, first.json
    db.session.commit()  # the first request's transaction, as a server would have it
    again = client.post(URL, json=intake(), headers=headers)
    assert again.status_code == 201 and again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert _count() == 1
    row = db.session.execute(sa.select(IdempotentRequest)).scalar_one()
    assert first.json["reporter_key"] not in row.answer  # stored encrypted


def test_the_same_key_with_another_body_is_422(client, world):
    headers = {"Idempotency-Key": "3f1c9a52-other"}
    assert client.post(URL, json=intake(), headers=headers).status_code == 201
    db.session.commit()
    other = client.post(URL, json=intake(title="Jalan rusak parah sekali"), headers=headers)
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json["error"]["details"]
    assert other.json["error"]["message"].startswith("Idempotency-Key ini sudah dipakai")
    assert _count() == 1


def test_without_a_key_two_posts_are_two_cases_and_a_bad_key_is_422(client, world):
    assert client.post(URL, json=intake()).status_code == 201
    assert client.post(URL, json=intake(description=DESCRIPTION + " Lagi.")).status_code == 201
    assert _count() == 2
    # the same body again within ten minutes is the exact-repeat rule, not idempotency: 200,
    # the first case's id, no key (tests/duplicates/test_repeats.py)
    assert client.post(URL, json=intake()).status_code == 200 and _count() == 2
    bad = client.post(URL, json=intake(), headers={"Idempotency-Key": "x" * 256})
    assert bad.status_code == 422 and _count() == 2


def test_a_refused_first_try_leaves_the_key_free(client, world):
    headers = {"Idempotency-Key": "3f1c9a52-fix"}
    assert client.post(URL, json=intake(title="x"), headers=headers).status_code == 422
    fixed = client.post(URL, json=intake(title="x"), headers=headers)
    assert fixed.status_code == 422  # same body, same refusal: nothing was stored
    assert _count(IdempotentRequest) == 0


def test_attachments_through_the_api_as_multipart(client, world):
    data = {"case": json.dumps(intake(channel="app")),
            "attachments": [(_jpeg(), "lubang.jpg", "image/jpeg")]}
    headers = {"Idempotency-Key": "3f1c9a52-multipart"}
    response = client.post(URL, data=data, headers=headers, content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    case = db.session.execute(sa.select(Case)).scalar_one()
    assert case.channel == Channel.APP
    [attachment] = db.session.execute(sa.select(Attachment)).scalars()
    assert attachment.case_id == case.id and attachment.content_type == "image/jpeg"
    db.session.commit()
    data["attachments"] = [(_jpeg(), "lubang.jpg", "image/jpeg")]
    again = client.post(URL, data=data, headers=headers, content_type="multipart/form-data")
    assert again.json["tracking_id"] == response.json["tracking_id"] and _count(Attachment) == 1


def _jpeg():
    import io

    return io.BytesIO(jpeg_bytes())


@pytest.mark.parametrize("declared, recorded", [(None, Channel.API), ("app", Channel.APP),
                                                ("social", Channel.SOCIAL),
                                                ("integration", Channel.INTEGRATION)])
def test_the_declared_channel_is_recorded(client, world, declared, recorded):
    payload = intake() if declared is None else intake(channel=declared)
    tracking_id = client.post(URL, json=payload).json["tracking_id"]
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar()
    assert case.channel == recorded


@pytest.mark.parametrize("declared", ["web", "open311", "walk_in", "telegram"])
def test_a_channel_the_api_may_not_claim_is_422(client, world, declared):
    response = client.post(URL, json=intake(channel=declared))
    assert response.status_code == 422 and "channel" in response.json["error"]["details"]
    assert _count() == 0


def test_two_identical_posts_at_the_same_moment_make_one_case(app, committed_db, redis_conn):
    build_world()
    db.session.commit()
    barrier, answers = threading.Barrier(2), []

    def post() -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(client.post(URL, json=intake(), headers={"Idempotency-Key": "twins"}))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json == answers[1].json
    db.session.remove()
    assert _count() == 1 and _count(IdempotentRequest) == 1
