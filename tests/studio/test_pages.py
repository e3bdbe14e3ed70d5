"""Studio pages over HTTP: access, listing, modeler endpoints, approval, preview, migration."""

from __future__ import annotations

import os

import sqlalchemy as sa

from domain.cases.models import Case
from domain.db import db
from domain.enums import DraftStatus, Role
from domain.processes.models import ProcessDraft
from domain.processes.operations import latest_version
from tests.factories import complete, submit
from tests.studio import variants as v
from tests.studio.helpers import make_user, review_bpmn
from tests.web.helpers import csrf, login

MARKER = "/tmp/aduan-pwned"


def _json_post(client, url, body, token):
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def _new_draft(client) -> int:
    token = csrf(client, "/studio/")
    response = client.post("/studio/models/complaint/drafts", data={"csrf_token": token})
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_studio_is_for_process_owners_and_sysadmins(client, world):
    assert client.get("/studio/").status_code == 302  # to the login page
    login(client, "liaison.health")
    assert client.get("/studio/").status_code == 403
    assert client.get("/studio/models/complaint/versions/1").status_code == 403


def test_index_lists_models_versions_and_case_counts(client, world):
    submit()
    login(client, "owner")
    page = client.get("/studio/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="model-complaint"' in text and 'class="case-count">1 / 1<' in text
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_modeler_save_validate_names_the_element_and_runs_nothing(client, world):
    login(client, "owner")
    draft_id = _new_draft(client)
    page = client.get(f"/studio/drafts/{draft_id}").get_data(as_text=True)
    assert 'id="studio-modeler"' in page and "studio-modeler.js" in page
    token = csrf(client, f"/studio/drafts/{draft_id}")
    saved = _json_post(client, f"/studio/drafts/{draft_id}/save",
                       {"bpmn": v.with_os_script(v.shipped_bpmn())}, token)
    assert saved.status_code == 200
    result = _json_post(client, f"/studio/drafts/{draft_id}/validate", {}, token)
    assert result.status_code == 200
    assert [i["element_id"] for i in result.get_json()["issues"]] == ["init"]
    assert not os.path.exists(MARKER)
    submitted = client.post(f"/studio/drafts/{draft_id}/submit", data={"csrf_token": token})
    assert submitted.status_code == 422
    assert db.session.get(ProcessDraft, draft_id).status == DraftStatus.DRAFT


def test_second_owner_sees_the_diff_and_approves(client, other_client, world):
    make_user("owner.two", Role.PROCESS_OWNER)
    login(client, "owner")
    draft_id = _new_draft(client)
    token = csrf(client, f"/studio/drafts/{draft_id}")
    forms = v.review_forms()
    for key, form in forms.items():
        _json_post(client, f"/studio/drafts/{draft_id}/save", {"key": key, "form": form}, token)
    _json_post(client, f"/studio/drafts/{draft_id}/save", {"bpmn": review_bpmn()}, token)
    # The shipped scenarios describe the old lifecycle; this edit comes without scenarios.
    _json_post(client, f"/studio/drafts/{draft_id}/save", {"scenarios": []}, token)
    assert client.post(f"/studio/drafts/{draft_id}/submit",
                       data={"csrf_token": token}).status_code == 303
    # The author cannot approve (no button, and the POST is refused).
    assert 'id="btn-approve"' not in client.get(f"/studio/drafts/{draft_id}").get_data(
        as_text=True)
    assert client.post(f"/studio/drafts/{draft_id}/approve",
                       data={"csrf_token": token}).status_code == 403

    login(other_client, "owner.two")
    review = other_client.get(f"/studio/drafts/{draft_id}").get_data(as_text=True)
    assert 'id="btn-approve"' in review and 'data-element-id="review"' in review
    token2 = csrf(other_client, f"/studio/drafts/{draft_id}")
    done = other_client.post(f"/studio/drafts/{draft_id}/approve", data={"csrf_token": token2})
    assert done.status_code == 303 and done.headers["Location"].endswith("/versions/2")
    version_page = other_client.get("/studio/models/complaint/versions/2").get_data(as_text=True)
    assert 'class="diff-added" data-element-id="review"' in version_page
    assert latest_version().number == 2


def test_migrate_button_moves_running_cases(client, world):
    users = world["users"]
    running = submit().case
    complete(running, "verify", users["verifier"], decision="valid", summary="s",
             unit_code="medan.health")
    from tests.studio.helpers import deploy_edit

    deploy_edit(review_bpmn(), users["owner"], users["sysadmin"], forms=v.review_forms())
    login(client, "owner")
    page = client.get("/studio/models/complaint/versions/2").get_data(as_text=True)
    assert 'id="migrate-from-1"' in page
    token = csrf(client, "/studio/models/complaint/versions/2")
    result = client.post("/studio/models/complaint/versions/2/migrate",
                         data={"csrf_token": token, "from": "1"})
    text = result.get_data(as_text=True)
    assert result.status_code == 200 and 'id="migrated-count">1<' in text
    version_id = db.session.execute(
        sa.select(Case.process_version_id).where(Case.id == running.id)
    ).scalar_one()
    assert version_id == latest_version().id


def test_form_preview_uses_the_desk_renderer(client, world):
    login(client, "owner")
    token = csrf(client, "/studio/")
    response = _json_post(client, "/studio/forms/preview",
                          {"key": "review", "form": v.REVIEW_FORM}, token)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="in-note"' in html and "Tinjau jawaban" in html
    bad = _json_post(client, "/studio/forms/preview",
                     {"key": "x", "form": {"schema": {"type": "string"}}}, token)
    assert 'class="error"' in bad.get_data(as_text=True)


def test_dmn_and_form_editor_pages_render(client, world):
    login(client, "owner")
    draft_id = _new_draft(client)
    dmn = client.get(f"/studio/drafts/{draft_id}/dmn")
    assert "studio-dmn.js" in dmn.get_data(as_text=True)
    # dmn-js writes style attributes: only this page relaxes style-src, never script-src.
    policy = dmn.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy
    assert "unsafe-inline" not in client.get(f"/studio/drafts/{draft_id}").headers[
        "Content-Security-Policy"]
    assert "routing" in client.get(f"/studio/drafts/{draft_id}/dmn.xml").get_data(as_text=True)
    form = client.get(f"/studio/drafts/{draft_id}/forms/verify").get_data(as_text=True)
    assert 'id="form-json"' in form and "studio-forms.js" in form
