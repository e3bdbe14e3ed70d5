"""The desk's case page shows the reporter's channel and conversation; answers go back."""

from __future__ import annotations

import json

from domain.channels.conversation import Policy
from domain.channels.operations import process_inbound, set_agency_keyword
from domain.channels.receive import Incoming, receive
from domain.db import db
from domain.enums import Channel, Role
from tests.factories import complete, create_user
from tests.jobs.support import drain_outbox
from tests.web.helpers import login

BUDI = "+6281234567890"


def _sms(text: str, message_id: str):
    message, _ = receive(Incoming(Channel.SMS, "generic", message_id, BUDI, text, {}))
    process_inbound(message.id, Policy())
    return message


def _texts(sinks) -> list[str]:
    path = sinks / "sms.log"
    return [json.loads(x)["text"] for x in path.read_text().splitlines()] if path.exists() \
        else []


def test_the_case_page_shows_the_channel_and_the_thread_masked_for_the_unit(
        client, world, sinks):
    set_agency_keyword("MEDAN", "pemkot-medan")
    first = _sms("MEDAN#rs#Puskesmas Medan Baru#Obat kosong, hubungi saya 0812-3456-7890", "a")
    drain_outbox()
    from domain.cases.models import Case

    case = db.session.get(Case, first.case_id)
    _sms(f"#{case.tracking_id} Sudah 3 minggu", "b")
    drain_outbox()
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong di Puskesmas Medan Baru",
             unit_code="medan.health")
    liaison = create_user(Role.LIAISON, "medan.health")
    login(client, liaison)
    page = client.get(f"/desk/cases/{case.tracking_id}").get_data(as_text=True)
    assert 'id="conversation"' in page and 'id="case-channel"' in page
    assert "SMS" in page and "Tanda terima" in page and "Terkirim" in page
    assert "Sudah 3 minggu" in page and "Ditambahkan sebagai tanggapan pelapor" in page
    assert "0812-3456-7890" not in page and BUDI not in page  # masked, never the address


def test_the_officers_answer_reaches_an_sms_reporter_by_sms(world, sinks):
    set_agency_keyword("MEDAN", "pemkot-medan")
    from domain.cases.models import Case

    case = db.session.get(Case, _sms("MEDAN Obat hipertensi kosong", "c").case_id)
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat kosong", unit_code="medan.health")
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.health"), decision="answer",
             answer="Stok obat sudah dikirim ke puskesmas hari ini.")
    drain_outbox()
    [answer] = [t for t in _texts(sinks) if "Tindak lanjut diberikan" in t]
    assert "Stok obat sudah dikirim ke puskesmas hari ini." in answer


def test_an_answer_with_an_emoji_goes_out_as_ucs2_within_three_sms(world, sinks):
    """One emoji turns the whole SMS into UCS-2 (70 units, 67 per part): the counter
    decides the cut, not the character count."""
    from domain.cases.models import Case
    from domain.channels.segments import count

    set_agency_keyword("MEDAN", "pemkot-medan")
    case = db.session.get(Case, _sms("MEDAN Lampu jalan mati di Jl. Gatot Subroto", "e").case_id)
    complete(case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Lampu jalan mati", unit_code="medan.works")
    answer = "Lampu sudah kami ganti hari ini 👍 " + "Terima kasih atas laporannya. " * 8
    complete(case, "follow_up", create_user(Role.LIAISON, "medan.works"), decision="answer",
             answer=answer)
    drain_outbox()
    [sms] = [t for t in _texts(sinks) if "Tindak lanjut diberikan" in t]
    assert count(sms).encoding == "ucs2" and count(sms).segments == 3
    assert "👍" in sms and sms.endswith("...")
    assert count(sms + "a" * 67).segments == 4  # it was cut at the third part's end
