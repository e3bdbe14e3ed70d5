"""Demo data: a national pool, the City of Medan with two offices, one user per role."""

from __future__ import annotations

import sqlalchemy as sa

from domain.cases.category_admin import ensure_defaults as ensure_default_categories
from domain.cases.intake import submit_case
from domain.cases.models import Case
from domain.cases.schemas import load_intake
from domain.db import db
from domain.enums import Channel, Role
from domain.org import operations as org
from domain.processes.operations import deploy_every_shipped

# Spelled as Kemendagri's dataset spells them, so `flask regions load` leaves them alone.
REGIONS = [
    ("12", "Sumatera Utara", 1, None),
    ("12.71", "Kota Medan", 2, "12"),
    ("31", "Daerah Khusus Ibukota Jakarta", 1, None),
    ("31.71", "Kota Administrasi Jakarta Pusat", 2, "31"),
]

USERS = [
    # username, display name, role, unit code (None: national scope)
    ("admin", "Admin Nasional", Role.NATIONAL_ADMIN, None),
    ("sysadmin", "Admin Sistem", Role.SYSADMIN, None),
    ("verifier", "Koordinator Pemkot Medan", Role.COORDINATOR, "medan.secretariat"),
    ("verifier.dki", "Koordinator Pemprov DKI Jakarta", Role.COORDINATOR, "dki.secretariat"),
    ("liaison.health", "Penghubung Dinas Kesehatan", Role.LIAISON, "medan.health"),
    ("supervisor.health", "Kepala Dinas Kesehatan", Role.SUPERVISOR, "medan.health"),
    ("liaison.works", "Penghubung Dinas PU", Role.LIAISON, "medan.works"),
    ("supervisor.works", "Kepala Dinas PU", Role.SUPERVISOR, "medan.works"),
    ("owner", "Pemilik Proses", Role.PROCESS_OWNER, None),
    ("auditor", "Auditor Ombudsman", Role.AUDITOR, None),
]

DEMO_CASES = [
    {
        "kind": "complaint",
        "title": "Antrean puskesmas terlalu lama",
        "description": "Saya menunggu lebih dari 4 jam di Puskesmas Medan Johor tanpa kepastian.",
        "category": "health",
        "region": "12.71",
        "location": "Puskesmas Medan Johor",
        "anonymous": False,
        "confidential": False,
        "reporter": {"name": "Siti Aminah", "email": "siti@example.org"},
    },
    {
        "kind": "complaint",
        "title": "Jalan berlubang di Jl. Gatot Subroto",
        "description": "Lubang besar di depan sekolah membahayakan pengendara motor setiap pagi.",
        "category": "roads",
        "region": "12.71",
        "location": "Jl. Gatot Subroto",
        "anonymous": True,
        "confidential": False,
    },
    {
        "kind": "aspiration",
        "title": "Usulan jam layanan malam Disdukcapil",
        "description": "Mohon layanan KTP dibuka sampai malam untuk pekerja.",
        "category": "civil_registration",
        "region": "12.71",
        "anonymous": True,
        "confidential": True,
    },
]


def load_org(password_hash: str) -> None:
    """Regions, categories, agencies, units and one user per role (all with one password)."""
    ensure_default_categories()  # the migration seeds them; a wiped database gets them here
    for code, name, level, parent in REGIONS:
        org.ensure_region(code, name, level, parent)
    national = org.create_agency("lapor", "SP4N-LAPOR! Nasional", kind="national")
    org.create_unit("national", "Admin Nasional", national)
    medan = org.create_agency("pemkot-medan", "Pemerintah Kota Medan", region_code="12.71")
    secretariat = org.create_unit("medan.secretariat", "Sekretariat Daerah Kota Medan", medan)
    org.create_unit("medan.health", "Dinas Kesehatan Kota Medan", medan, parent=secretariat)
    org.create_unit("medan.works", "Dinas Pekerjaan Umum Kota Medan", medan, parent=secretariat)
    jakarta = org.create_agency("pemprov-dki", "Pemerintah Provinsi DKI Jakarta", region_code="31")
    org.create_unit("dki.secretariat", "Sekretariat Daerah DKI Jakarta", jakarta)
    for username, display, role, unit_code in USERS:
        user = org.create_user(
            username, display, password_hash=password_hash, email=f"{username}@aduan.test"
        )
        org.grant(user, role, org.unit_by_code(unit_code) if unit_code else None)


def _demo_sms() -> None:
    """An SMS report as a gateway delivers it, and the reporter's reply on it by SMS."""
    from domain.channels.conversation import Policy
    from domain.channels.operations import process_inbound, set_agency_keyword
    from domain.channels.receive import Incoming, receive

    set_agency_keyword("MEDAN", "pemkot-medan")
    first, _ = receive(Incoming(Channel.SMS, "demo", "demo-sms-1", "+6281298765432",
                                "MEDAN#jalan#Jl. Sisingamangaraja#Lubang besar di depan "
                                "masjid, sudah 2 minggu", {"demo": True}, recipient="1708"))
    process_inbound(first.id, Policy())
    tracking_id = db.session.get(Case, first.case_id).tracking_id
    reply, _ = receive(Incoming(Channel.SMS, "demo", "demo-sms-2", "+6281298765432",
                                f"#{tracking_id} Sudah ada motor yang jatuh tadi pagi",
                                {"demo": True}, recipient="1708"))
    process_inbound(reply.id, Policy())


def _demo_email_reply(tracking_id: str) -> None:
    """Siti answers her receipt by e-mail: the tracking id in the subject threads it."""
    from domain.channels.conversation import Policy
    from domain.channels.operations import process_inbound
    from domain.channels.receive import Incoming, receive

    mail, _ = receive(Incoming(
        Channel.EMAIL, "email", "<demo-mail-1@mail.example.org>", "siti@example.org",
        "Hari ini saya menunggu lagi 3 jam, nomor antrean tidak dipanggil urut.",
        {"demo": True, "headers": {}}, recipient="lapor@aduan.test",
        subject=f"Re: Laporan {tracking_id} diterima"))
    process_inbound(mail.id, Policy())


def load_demo(password: str) -> str:
    """Create the demo world once; a second run changes nothing."""
    if org.find_user("admin") is not None:
        return "demo data already loaded"
    load_org(org.hash_password(password))
    deploy_every_shipped()
    receipts = [submit_case(load_intake(payload, Channel.WEB)) for payload in DEMO_CASES]
    _demo_sms()
    _demo_email_reply(receipts[0].tracking_id)  # Siti's case: she gave her e-mail
    count = db.session.execute(sa.select(sa.func.count(Case.id))).scalar()
    return f"demo data loaded: {len(USERS)} users, {count} cases; password from ADUAN_DEMO_PASSWORD"
