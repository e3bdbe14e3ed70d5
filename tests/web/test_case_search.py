"""Free-text search (`q`) of the auditor's and the desk's case lists: title or tracking id
(words of descriptions, answers and notes: tests/domain/test_search.py)."""

from __future__ import annotations

from domain.cases.queries import CaseFilters, list_cases
from domain.enums import Role
from tests.factories import create_user, submit
from tests.web.helpers import login


def _titles(page) -> list[str]:
    return [c.title for c in page.items]


def test_list_cases_matches_title_substring_any_case_or_exact_tracking_id(world):
    pungli = submit(title="Pungutan liar di kantor kelurahan")
    jalan = submit(title="Jalan berlubang di Jl. Gatot Subroto")
    submit(title="Obat 100% kosong_lagi di puskesmas")
    auditor = create_user(Role.AUDITOR)

    def search(q: str) -> list[str]:
        return _titles(list_cases(auditor, CaseFilters(q=q)))

    assert search("PUNGUTAN LIAR") == ["Pungutan liar di kantor kelurahan"]
    assert search("berlubang") == ["Jalan berlubang di Jl. Gatot Subroto"]
    assert search(jalan.tracking_id.lower()) == ["Jalan berlubang di Jl. Gatot Subroto"]
    dashed = f"{pungli.tracking_id[:4]}-{pungli.tracking_id[4:]}"
    assert search(dashed) == ["Pungutan liar di kantor kelurahan"]
    # A piece of a tracking id finds its case (trigram index, issue 13); LIKE wildcards are
    # literal.
    assert search(jalan.tracking_id[:5]) == ["Jalan berlubang di Jl. Gatot Subroto"]
    assert search("%") == ["Obat 100% kosong_lagi di puskesmas"]
    assert search("_") == ["Obat 100% kosong_lagi di puskesmas"]
    assert len(search("  ")) == 3  # blank: no filter


def test_search_stays_inside_the_readers_scope(world, coordinator):
    medan = submit(title="Pungutan liar di kantor kelurahan")  # Kota Medan's case
    dki = create_user(Role.COORDINATOR, "dki.secretariat")
    for q in ("pungutan", medan.tracking_id):
        assert _titles(list_cases(dki, CaseFilters(q=q))) == []
        assert _titles(list_cases(coordinator, CaseFilters(q=q))) == [
            "Pungutan liar di kantor kelurahan"]


def test_auditor_page_searches_by_q(client, world):
    submit(title="Pungutan liar di kantor kelurahan")
    other = submit(title="Jalan berlubang di Jl. Gatot Subroto")
    login(client, create_user(Role.AUDITOR))
    page = client.get("/audit/?q=pungutan").get_data(as_text=True)
    assert "Pungutan liar" in page and "Jalan berlubang" not in page
    assert 'name="q" value="pungutan"' in page
    by_id = client.get(f"/audit/?q={other.tracking_id}").get_data(as_text=True)
    assert "Jalan berlubang" in by_id and "Pungutan liar" not in by_id


def test_desk_case_list_searches_by_q(client, world, coordinator):
    submit(title="Pungutan liar di kantor kelurahan")
    submit(title="Jalan berlubang di Jl. Gatot Subroto")
    login(client, coordinator)
    page = client.get("/desk/cases?q=JALAN").get_data(as_text=True)
    assert "Jalan berlubang" in page and "Pungutan liar" not in page
