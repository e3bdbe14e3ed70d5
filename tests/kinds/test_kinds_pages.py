"""The information request on the desk and on the requester's tracking page: the PPID's form
offers the pasal 17 exemptions, a second extension is refused in plain words, and the
requester reads the extension's reason and may object."""

from __future__ import annotations

import re

from domain.enums import CaseStatus
from tests.factories import complete, submit
from tests.kinds.support import IR
from tests.web.helpers import csrf, login

REASON = "Data masih dihimpun dari 39 puskesmas."


def _task_form(page: str) -> tuple[str, str]:
    action = re.search(r'action="(/desk/tasks/[^"]+)" class="task-form"', page).group(1)
    return action, re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_ppid_form_offers_the_exemptions_and_refuses_a_second_extension(
        client, world, coordinator):
    case = submit(**IR).case
    login(client, coordinator)
    url = f"/desk/cases/{case.tracking_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Pengecualian (UU 14/2008 pasal 17)" in page
    assert "Pasal 17 huruf h: mengungkap rahasia pribadi" in page
    assert "Perpanjang sekali (paling lama 7 hari kerja)" in page
    complete(case, "ir_answer", coordinator, decision="extend", reason=REASON)
    page = client.get(url).get_data(as_text=True)
    assert "perpanjangan kedua tidak diperbolehkan" in page.lower()
    assert 'value="extend"' not in page
    action, version = _task_form(page)
    response = client.post(action, data={"csrf_token": csrf(client, url), "version": version,
                                         "decision": "extend", "reason": "Sekali lagi."})
    assert response.status_code == 422
    assert "hanya dapat diberikan satu kali" in response.get_data(as_text=True)
    assert case.status == CaseStatus.FOLLOW_UP


def test_the_requester_reads_the_extension_reason_and_may_object(client, world, coordinator):
    receipt = submit(**IR)
    case = receipt.case
    complete(case, "ir_answer", coordinator, decision="extend", reason=REASON)
    complete(case, "ir_answer_extended", coordinator, decision="answer", answer="Terlampir.")
    page = client.post(f"/track/{case.tracking_id}",
                       data={"csrf_token": csrf(client, f"/track/{case.tracking_id}"),
                             "reporter_key": receipt.reporter_key}).get_data(as_text=True)
    assert "Waktu jawaban diperpanjang satu kali" in page and REASON in page
    assert "Perpanjangan satu kali: jawaban dalam 7 hari kerja berikutnya" in page
    assert "Ajukan keberatan" in page and "Alasan keberatan (UU 14/2008 pasal 35)" in page
