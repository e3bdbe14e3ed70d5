"""The replay page over HTTP: each finished case's verdict against the draft, in words."""

from __future__ import annotations

from tests.factories import case_in
from tests.studio import variants as v
from tests.studio.test_pages import _json_post, _new_draft
from tests.web.helpers import csrf, login


def _draft_with_four_days(client) -> int:
    draft_id = _new_draft(client)
    token = csrf(client, f"/studio/drafts/{draft_id}")
    bpmn = v.with_follow_up_days(v.shipped_bpmn(), 4)
    assert _json_post(client, f"/studio/drafts/{draft_id}/save", {"bpmn": bpmn},
                      token).status_code == 200
    return draft_id


def test_replay_lists_the_finished_cases_whose_deadline_would_move(client, world):
    closed = case_in("closed", title="<script>alert(1)</script> Jalan rusak")
    archived = case_in("archived")
    login(client, "owner")
    draft_id = _draft_with_four_days(client)
    assert 'id="replay-form"' in client.get(f"/studio/drafts/{draft_id}/changes").get_data(
        as_text=True)
    page = client.get(f"/studio/drafts/{draft_id}/replay")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'data-tracking-id="{closed.tracking_id}" data-outcome="deadline"' in text
    assert f'data-tracking-id="{archived.tracking_id}" data-outcome="same"' in text
    assert "tenggat bergeser" in text and "“Tindak lanjut unit”: tenggat" in text
    assert "<script>" not in text and "Jalan rusak" not in text  # no citizen text at all
    english = client.get(f"/studio/drafts/{draft_id}/replay?lang=en").get_data(as_text=True)
    assert ("Cases replayed: 2; same 1, deadline moved 1, different path 0, cannot be replayed"
            " 0.") in english


def test_replay_count_is_bounded_and_a_bad_count_is_the_default(client, world):
    login(client, "owner")
    draft_id = _draft_with_four_days(client)
    for query, shown in (("n=abc", 20), ("n=100000", 100), ("n=0", 1), ("", 20)):
        page = client.get(f"/studio/drafts/{draft_id}/replay?{query}")
        assert page.status_code == 200
        assert f'name="n" min="1" max="100" value="{shown}"' in page.get_data(as_text=True)
    assert 'id="replay-empty"' in page.get_data(as_text=True)


def test_replay_is_for_studio_roles(client, other_client, world):
    login(client, "owner")
    draft_id = _draft_with_four_days(client)
    login(other_client, "liaison.health")
    assert other_client.get(f"/studio/drafts/{draft_id}/replay").status_code == 403
