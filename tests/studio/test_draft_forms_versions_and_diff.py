"""Studio: a new form from the draft page, which cases run on a version, the direct deploy's
deployer, old → new values in the diff."""

from __future__ import annotations

import json

import sqlalchemy as sa

from domain.audit.models import CaseEvent
from domain.db import db
from domain.processes import queries
from domain.processes.models import ProcessDraft
from domain.processes.operations import latest_version
from forms.registry import check_form
from tests.factories import submit
from tests.studio import variants as v
from tests.studio.helpers import deploy_edit, make_user
from tests.web.helpers import csrf, login
from web.auth import issue_token


def _new_draft(client) -> int:
    token = csrf(client, "/studio/")
    response = client.post("/studio/models/complaint/drafts", data={"csrf_token": token})
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_author_creates_a_form_from_the_draft_page(client, world):
    login(client, "owner")
    draft_id = _new_draft(client)
    page = client.get(f"/studio/drafts/{draft_id}").get_data(as_text=True)
    assert 'id="new-form"' in page and f'action="/studio/drafts/{draft_id}/forms"' in page
    token = csrf(client, f"/studio/drafts/{draft_id}")
    created = client.post(f"/studio/drafts/{draft_id}/forms",
                          data={"csrf_token": token, "key": "tinjau_jawaban"})
    assert created.status_code == 303
    assert created.headers["Location"].endswith(f"/studio/drafts/{draft_id}/forms/tinjau_jawaban")
    form = db.session.get(ProcessDraft, draft_id).forms["tinjau_jawaban"]
    check_form("tinjau_jawaban", form)  # a valid minimal schema
    assert form["schema"]["type"] == "object" and form["schema"]["properties"] == {}
    editor = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "Formulir tinjau_jawaban ditambahkan ke draf." in editor
    assert json.loads(editor.split('spellcheck="false">', 1)[1].split("</textarea>")[0]
                      .replace("&#34;", '"').replace("&quot;", '"')) == form
    # The draft still validates (an unused form is no error) and lists the new form.
    result = client.post(f"/studio/drafts/{draft_id}/validate", json={},
                         headers={"X-CSRFToken": token})
    assert result.get_json()["issues"] == []
    assert "/forms/tinjau_jawaban" in client.get(f"/studio/drafts/{draft_id}").get_data(
        as_text=True)


def test_new_form_key_is_validated(client, world):
    login(client, "owner")
    draft_id = _new_draft(client)
    token = csrf(client, f"/studio/drafts/{draft_id}")
    for bad in ("Review", "1form", "a", "x" * 42, "tinjau-jawaban", "verify", "../etc", ""):
        response = client.post(f"/studio/drafts/{draft_id}/forms",
                               data={"csrf_token": token, "key": bad})
        assert response.status_code == 422, bad
        assert 'id="new-form-error"' in response.get_data(as_text=True), bad
    forms = db.session.get(ProcessDraft, draft_id).forms
    assert set(forms) == set(latest_version().forms)
    ok = client.post(f"/studio/drafts/{draft_id}/forms",
                     data={"csrf_token": token, "key": "a" + "b" * 40})
    assert ok.status_code == 303


def test_only_the_author_adds_forms(client, other_client, world):
    make_user("owner.two", "process_owner")
    login(client, "owner")
    draft_id = _new_draft(client)
    login(other_client, "owner.two")
    page = other_client.get(f"/studio/drafts/{draft_id}").get_data(as_text=True)
    assert 'id="new-form"' not in page
    token = csrf(other_client, f"/studio/drafts/{draft_id}")
    response = other_client.post(f"/studio/drafts/{draft_id}/forms",
                                 data={"csrf_token": token, "key": "sneaky"})
    assert response.status_code == 403
    assert "sneaky" not in db.session.get(ProcessDraft, draft_id).forms


def test_version_page_lists_its_cases_fifty_a_page(client, world):
    receipts = [submit() for _ in range(53)]
    login(client, "owner")
    first = client.get("/studio/models/complaint/versions/1").get_data(as_text=True)
    assert first.count('class="mono case-tid"') == 50
    shown = [r.tracking_id for r in receipts[:50]]
    assert all(f"{t[:4]}-{t[4:]}" in first for t in shown)
    next_url = first.split('id="version-cases-next" href="', 1)[1].split('"', 1)[0]
    second = client.get(next_url.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('class="mono case-tid"') == 3
    assert 'id="version-cases-next"' not in second
    assert all(f"{r.tracking_id[:4]}-{r.tracking_id[4:]}" in second for r in receipts[50:])
    assert client.get("/studio/models/complaint/versions/1?after=x").status_code == 400


def test_cases_on_version_is_keyset_paginated(world):
    receipts = [submit() for _ in range(3)]
    version_id = latest_version().id
    page = queries.cases_on_version(version_id, limit=2)
    assert [t for t, _ in page.items] == [r.tracking_id for r in receipts[:2]]
    rest = queries.cases_on_version(version_id, cursor=page.next_cursor, limit=2)
    assert [t for t, _ in rest.items] == [receipts[2].tracking_id] and rest.next_cursor is None


def test_sysadmin_direct_deploy_records_the_deployer(client, world):
    db.session.commit()
    sysadmin = world["users"]["sysadmin"]
    response = client.post("/api/v1/process-models/complaint/versions",
                           headers={"Authorization": f"Bearer {issue_token(sysadmin)}"},
                           json={"bpmn": v.renamed(v.shipped_bpmn(), "verify", "Verifikasi"),
                                 "note": "hotfix"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["deployed_by"] == "sysadmin" and body["number"] == 2
    assert "hotfix" in body["note"]
    version = latest_version()
    assert version.deployed_by_id == sysadmin.id
    event = db.session.execute(
        sa.select(CaseEvent).where(CaseEvent.kind == "process_deployed_directly")
    ).scalar_one()
    assert event.actor == f"user:{sysadmin.id}" and event.payload["deployed_by"] == "sysadmin"
    listed = client.get("/api/v1/process-models/complaint",
                        headers={"Authorization": f"Bearer {issue_token(sysadmin)}"})
    assert listed.get_json()["versions"][0]["deployed_by"] == "sysadmin"


def test_version_diff_shows_old_and_new_values(client, world):
    users = world["users"]
    xml = v.with_property(v.with_follow_up_days(v.shipped_bpmn(), 4), "follow_up", "form",
                          "verify")
    deploy_edit(xml, users["owner"], users["sysadmin"])
    login(client, "owner")
    page = client.get("/studio/models/complaint/versions/2").get_data(as_text=True)
    assert "timer: <del>working_days(5)</del> → <ins>working_days(4)</ins>" in page
    assert "form: <del>follow_up</del> → <ins>verify</ins>" in page
