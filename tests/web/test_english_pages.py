"""`?lang=en` reaches the studio, the documents pages, audit events and the diagram's tasks.

Task names and instructions are data of the BPMN diagram (Indonesian); an English version
comes from the node's optional `name_en` / `instructions_en` properties.
"""

from __future__ import annotations

from domain.processes.operations import deploy
from forms.registry import shipped_forms
from tests.factories import submit
from tests.studio import variants as v
from tests.web.helpers import login


def test_studio_speaks_english(client, world):
    login(client, "owner")
    index = client.get("/studio/?lang=en").get_data(as_text=True)
    assert "New draft from the latest version" in index and "Running / total cases" in index
    assert "Draf baru dari versi terbaru" not in index
    version = client.get("/studio/models/complaint/versions/1").get_data(as_text=True)
    assert "Cases on this version" in version and "First version" in version


def test_audit_tables_name_events_in_the_readers_language(client, world):
    receipt = submit()
    login(client, "auditor")
    indonesian = client.get(f"/audit/cases/{receipt.tracking_id}").get_data(as_text=True)
    trail = indonesian.split('id="audit-trail"', 1)[1]
    assert "Laporan diterima" in trail and "Tugas dibuat" in trail
    assert ">case_submitted<" not in trail and ">task_assigned<" not in trail
    english = client.get(f"/audit/cases/{receipt.tracking_id}?lang=en").get_data(as_text=True)
    trail = english.split('id="audit-trail"', 1)[1]
    assert "Report received" in trail and "Task created" in trail and "Status changed" in trail
    assert 'data-kind="case_submitted"' in trail  # the raw kind stays available


def test_documents_page_in_english(client, world):
    receipt = submit()
    login(client, "auditor")
    page = client.get(f"/documents/cases/{receipt.tracking_id}/letters?lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en">' in text
    assert "No letters for this report yet." in text and "Belum ada surat" not in text


def _deploy_with_english(name_en: str, instructions_en: str) -> None:
    xml = v.with_english(v.shipped_bpmn(), "verify", name_en, instructions_en)
    deploy("complaint", xml, v.shipped_dmn(), shipped_forms(), actor=None, note="English")


def test_task_names_and_instructions_use_name_en_in_english(client, world):
    _deploy_with_english("Verify the report", "Check the report, then decide.")
    receipt = submit()
    login(client, "verifier")
    inbox = client.get("/desk/?lang=en").get_data(as_text=True)
    assert "Verify the report" in inbox and "Verifikasi laporan" not in inbox
    case = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "Check the report, then decide." in case
    assert "Periksa laporan, tulis ringkasannya" not in case
    timeline = case.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "Verify the report" in timeline and "Verifikasi laporan" not in timeline
    public = client.get(f"/track/{receipt.tracking_id}").get_data(as_text=True)
    assert "Verify the report" in public.split('class="timeline"', 1)[1].split("</ol>")[0]
    # Indonesian pages keep the diagram's own words.
    back = client.get("/desk/?lang=id").get_data(as_text=True)
    assert "Verifikasi laporan" in back and "Verify the report" not in back
    case_id = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "Periksa laporan, tulis ringkasannya" in case_id


def test_the_shipped_lifecycle_speaks_english(client, world):
    receipt = submit()
    login(client, "verifier")
    inbox = client.get("/desk/?lang=en").get_data(as_text=True)
    assert "Verify the report" in inbox and "Verifikasi laporan" not in inbox
    case = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "Check the report, write its summary" in case


def test_without_name_en_english_pages_fall_back_to_the_diagram(client, world):
    import re
    from pathlib import Path

    from domain.cases.intake import submit_case
    from domain.cases.schemas import load_intake
    from tests.factories import intake

    shipped = (Path(__file__).resolve().parents[2] / "bpmn" / "complaint.bpmn").read_text()
    bare = re.sub(r'\s*<spiffworkflow:property name="(name|instructions)_en"[^>]*/>', "", shipped)
    assert "name_en" not in bare
    dmn = (Path(__file__).resolve().parents[2] / "bpmn" / "routing.dmn").read_text()
    deploy("indonesian_only", bare, [dmn], shipped_forms(), actor=None)
    receipt = submit_case(load_intake(intake()), process_key="indonesian_only")
    login(client, "verifier")
    inbox = client.get("/desk/?lang=en").get_data(as_text=True)
    assert "Verifikasi laporan" in inbox
    case = client.get(f"/desk/cases/{receipt.tracking_id}").get_data(as_text=True)
    assert "Periksa laporan, tulis ringkasannya" in case
