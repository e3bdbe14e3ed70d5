"""The draft's impact page over HTTP: the change in words and the deadline preview."""

from __future__ import annotations

from tests.factories import complete, submit
from tests.studio import variants as v
from tests.studio.helpers import review_bpmn
from tests.studio.test_pages import _json_post, _new_draft
from tests.web.helpers import csrf, login


def test_impact_page_says_the_change_in_words_and_previews_deadlines(client, world):
    case = submit().case
    complete(case, "verify", world["users"]["verifier"], decision="valid", summary="Obat",
             unit_code="medan.health")
    login(client, "owner")
    draft_id = _new_draft(client)
    token = csrf(client, f"/studio/drafts/{draft_id}")
    url = f"/studio/drafts/{draft_id}/save"
    form = {"key": "review", "form": v.REVIEW_FORM}
    assert _json_post(client, url, form, token).status_code == 200
    assert _json_post(client, url, {"bpmn": review_bpmn()}, token).status_code == 200
    page = client.get(f"/studio/drafts/{draft_id}/changes")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-code="deadline_shortened" data-element-id="follow_up_late"' in text
    assert "dipersingkat dari 5 menjadi 4 hari kerja" in text
    assert 'data-code="step_added" data-element-id="review"' in text
    assert 'id="timer-changes"' in text and "5 → 4 hari kerja" in text
    assert f'data-tracking-id="{case.tracking_id}"' in text
    english = client.get(f"/studio/drafts/{draft_id}/changes?lang=en").get_data(as_text=True)
    assert "is shortened from 5 to 4 working days" in english
    assert "by the unit liaison is added after" in english
    assert "whose deadline moves if moved to the new version: 1" in english


def test_impact_page_is_for_studio_roles(client, other_client, world):
    login(client, "owner")
    draft_id = _new_draft(client)
    login(other_client, "liaison.health")
    assert other_client.get(f"/studio/drafts/{draft_id}/changes").status_code == 403
