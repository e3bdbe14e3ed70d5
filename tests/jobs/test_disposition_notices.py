"""A disposition tells the unit's liaisons, and the copy units' (tembusan), once each."""

from __future__ import annotations

from domain.enums import Role
from domain.org import operations as org
from tests.domain.lifecycle_support import verify_valid
from tests.factories import create_user, submit
from tests.jobs.support import drain_outbox, sink_lines


def _mails(sinks, to: str) -> list[dict]:
    return [x for x in sink_lines(sinks, "email") if x["to"] == to]


def test_the_liaisons_of_the_unit_and_of_its_copy_units_are_told(world, sinks, coordinator):
    case = submit().case
    verify_valid(case, coordinator, copies=["medan.works"])
    drain_outbox()
    [disposed] = _mails(sinks, "liaison.health@aduan.test")
    assert disposed["subject"] == f"Disposisi laporan {case.tracking_id}"
    assert "Dinas Kesehatan" in disposed["body"] and "Tenggat:" in disposed["body"]
    assert "Tindak lanjut instansi dalam 5 hari kerja sejak disposisi" in disposed["body"]
    [copied] = _mails(sinks, "liaison.works@aduan.test")
    assert copied["subject"] == f"Tembusan laporan {case.tracking_id}"
    assert "untuk diketahui" in copied["body"] and "Dinas Kesehatan" in copied["body"]
    assert "Budi" not in disposed["body"] + copied["body"]  # no reporter identity
    # Supervisors and coordinators are not liaisons: the disposition is not theirs to hear.
    assert _mails(sinks, "supervisor.health@aduan.test") == []


def test_one_notice_per_person_whatever_roles_he_holds(world, sinks, coordinator):
    both = create_user(Role.LIAISON, "medan.health", email="dua.peran@aduan.test")
    org.grant(both, Role.LIAISON, org.unit_by_code("medan.works"))
    org.grant(both, Role.OFFICER, org.unit_by_code("medan.health"))
    case = submit().case
    verify_valid(case, coordinator, copies=["medan.works"])
    drain_outbox()
    assert drain_outbox() == []  # nothing left, nothing sent twice
    [mail] = _mails(sinks, "dua.peran@aduan.test")
    assert mail["subject"].startswith("Disposisi")  # the disposition wins over the copy


def test_a_disposition_without_copies_tells_the_unit_only(world, sinks, coordinator):
    case = submit(reporter=None).case
    verify_valid(case, coordinator)
    drain_outbox()
    assert len(_mails(sinks, "liaison.health@aduan.test")) == 1
    assert _mails(sinks, "liaison.works@aduan.test") == []


def test_a_liaison_reads_the_disposition_in_english(world, sinks, coordinator):
    world["users"]["liaison.health"].locale = "en"
    case = submit().case
    verify_valid(case, coordinator)
    drain_outbox()
    [mail] = _mails(sinks, "liaison.health@aduan.test")
    assert mail["subject"] == f"Disposition of report {case.tracking_id}"
    assert "Deadline:" in mail["body"] and "Tenggat" not in mail["body"]
