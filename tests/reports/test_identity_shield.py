"""Issue 12's identity shield end to end: a NIK, a phone number and the reporter's name typed
into an anonymous public report reach no page, API answer or document outside the verifying
role, and the verifier still reads them (highlighted). Runs on both databases."""

from __future__ import annotations

import re

from flask import current_app

from domain.enums import Role
from domain.letters import operations as letters
from jobs import messages
from jobs.letters import render_casefile
from tests.factories import complete, create_user, ready_task, submit
from tests.jobs.support import drain_outbox, pdf_text
from tests.web.helpers import login
from web.auth import issue_token

NIK = "3171015502900001"
TITLE = "Obat kosong, hubungi 0812 3456 7890"
DESCRIPTION = (f"Saya Budi Santoso, NIK {NIK}, HP 0812-3456-7890.\n\n"
               "Obat hipertensi kosong di Puskesmas Medan Baru sejak tiga minggu.")
LEAKS = (NIK, "0812-3456-7890", "0812 3456 7890", "Budi", "Santoso")


def _case():
    receipt = submit(anonymous=True, title=TITLE, description=DESCRIPTION, reporter={
        "name": "Budi Santoso", "phone": "+6281234567890", "email": "budi@example.org",
        "nik": NIK})
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary=TITLE, unit_code="medan.health")
    return receipt.case


def _no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text
    assert "[NIK]" in text and "[telepon]" in text


def _pdf(letter) -> str:
    return pdf_text(letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes())


def test_public_pages_and_api_show_no_nik_phone_or_name(client, world):
    case = _case()
    page = client.get(f"/track/{case.tracking_id}").get_data(as_text=True)
    _no_leak(page)
    assert "[nama pelapor]" in page
    api = client.get(f"/api/v1/cases/{case.tracking_id}")
    assert api.status_code == 200
    _no_leak(api.get_data(as_text=True))
    assert api.get_json()["description"].startswith("Saya [nama pelapor], NIK [NIK]")
    listing = client.get("/cases").get_data(as_text=True)
    assert "Obat kosong, hubungi [telepon]" in listing and "0812 3456 7890" not in listing


def test_a_search_never_finds_a_case_by_what_the_shield_masked(client, world):
    _case()
    found = client.get("/cases", query_string={"q": "0812 3456"}).get_data(as_text=True)
    assert "Obat kosong" not in found
    assert "Obat kosong" in client.get("/cases", query_string={"q": "hubungi"}).get_data(
        as_text=True)


def test_disposition_letter_and_case_file_are_masked(world):
    case = _case()
    drain_outbox()
    disposition = [x for x in letters.letters_of(case) if x.kind == "disposition"]
    assert len(disposition) == 1
    _no_leak(_pdf(disposition[0]))
    _no_leak(_pdf(render_casefile(case)))


def test_the_verifier_reads_the_original_highlighted_the_unit_reads_it_masked(
        client, world, coordinator, liaison):
    case = _case()
    login(client, coordinator)
    page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    assert f'<mark class="shield" data-kind="nik">{NIK}</mark>' in page
    assert '<mark class="shield" data-kind="reporter">Budi Santoso</mark>' in page
    assert re.search(r'<mark class="shield" data-kind="phone">0812 3456 7890</mark>', page)
    client.get("/desk/logout")
    login(client, liaison)
    unit_page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    _no_leak(unit_page)
    assert "<mark" not in unit_page
    for listing in ("/desk/", "/desk/cases"):  # the unit's inbox and case list
        shown = client.get(listing).get_data(as_text=True)
        assert "Obat kosong, hubungi [telepon]" in shown and "0812 3456 7890" not in shown


def test_notifications_to_officers_quote_no_citizen_text(world):
    case = _case()
    task = ready_task(case)
    for message in (messages.render("status", case, {"to": "follow_up"}, None),
                    messages.render("escalation", case, {"level": 1}, task)):
        for leak in (*LEAKS, "hubungi", "Obat"):
            assert leak not in message.subject + message.body


def test_highlighting_escapes_citizen_markup(client, world, coordinator):
    receipt = submit(anonymous=True, description=f"<b>NIK</b> {NIK} <script>x</script>")
    login(client, coordinator)
    page = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "&lt;b&gt;NIK&lt;/b&gt; <mark" in page and "<script>x" not in page


def test_the_officer_api_gives_units_masked_text_and_the_verifier_the_original(client, world,
                                                                                liaison):
    case = _case()
    unit = {"Authorization": f"Bearer {issue_token(liaison)}"}
    tasks = client.get("/api/v1/tasks", headers=unit).get_json()["items"]
    assert [t["case"]["title"] for t in tasks] == ["Obat kosong, hubungi [telepon]"]
    detail = client.get(f"/api/v1/tasks/{tasks[0]['id']}", headers=unit).get_data(as_text=True)
    listing = client.get("/api/v1/cases", headers=unit).get_data(as_text=True)
    _no_leak(detail)
    assert "Obat kosong, hubungi [telepon]" in listing  # the list has no description
    assert not any(leak in listing for leak in LEAKS)
    verifier = create_user(Role.COORDINATOR, "medan.secretariat")
    task = ready_task(case)  # the verifier's API view of the unit's task is out of his lane
    assert task.lane == "liaison"
    mine = client.get("/api/v1/cases", headers={
        "Authorization": f"Bearer {issue_token(verifier)}"}).get_data(as_text=True)
    assert "0812 3456 7890" in mine
