"""Officer search finds words of the description, answers and notes, ranked, in scope."""

from __future__ import annotations

import pytest

from domain.cases.queries import CaseFilters, list_cases
from domain.cases.tasks import add_note
from tests.domain.lifecycle_support import verify_valid
from tests.factories import complete, submit


def _found(user, q, **filters):
    return [c.id for c in list_cases(user, CaseFilters(q=q, **filters)).items]


def test_a_word_only_in_the_description_is_found(world, coordinator):
    target = submit(description="Genangan air di depan sekolah sejak Senin, kedalamannya "
                                "selutut.").case
    submit()  # another case without the word
    assert _found(coordinator, "kedalamannya") == [target.id]
    assert _found(coordinator, "kedalaman") == [target.id]  # a word's start finds it


def test_a_word_only_in_a_note_or_an_answer_is_found(world, coordinator, liaison):
    noted = submit().case
    add_note(noted, "Petugas lapangan menemukan pipa bocor di gudang Zamrud.",
             actor=coordinator)
    answered = submit().case
    verify_valid(answered, coordinator)
    complete(answered, "follow_up", liaison, decision="answer",
             answer="Kami mengganti katup distribusi di Jalan Merbabu.")
    assert _found(coordinator, "zamrud") == [noted.id]
    assert _found(coordinator, "Merbabu") == [answered.id]
    assert _found(coordinator, "Merbabu katup") == [answered.id]  # every word must match


def test_better_matches_rank_first_and_filters_apply(world, coordinator):
    weak = submit(description="Sekali disebut: lampu.").case
    strong = submit(title="Lampu jalan mati", description="Lampu jalan mati, lampu "
                    "taman juga.").case
    assert _found(coordinator, "lampu") == [strong.id, weak.id]
    assert _found(coordinator, "lampu", category="roads") == []
    assert _found(coordinator, "lampu", status="verification") == [strong.id, weak.id]


def test_search_stays_in_scope(world, coordinator_dki):
    submit(description="Kata unik kalibrasi di Medan.")
    assert _found(coordinator_dki, "kalibrasi") == []


@pytest.mark.parametrize("q", ["'; DROP TABLE case; --", "a & b | !c", '"*"', "ö:*"])
def test_odd_search_text_is_only_text(world, coordinator, q):
    assert _found(coordinator, q) == []


def test_part_of_a_tracking_id_finds_its_case(world, coordinator):
    case = submit().case
    part = case.tracking_id[2:7]
    assert case.id in _found(coordinator, part.lower())


@pytest.mark.postgres_only
def test_a_word_in_more_cases_than_are_ranked_is_ranked_among_its_newest(world, coordinator,
                                                                        monkeypatch):
    from domain.cases import search

    monkeypatch.setattr(search, "RANK_ALL", 3)
    monkeypatch.setattr(search, "WINDOW", 2)
    cases = [submit(description=f"Sampah menumpuk di pasar nomor {i}.").case for i in range(20)]
    rare = submit(description="Selokan mampet di gang Kenari.").case
    found = _found(coordinator, "sampah")
    # Windows of 2, then 8 ids below the newest case: the second holds 7 matches (> 3).
    assert sorted(found) == [c.id for c in cases if c.id > rare.id - 8]
    assert len(found) == 7  # the 13 older matches are left out of the ranking
    assert _found(coordinator, "kenari") == [rare.id]  # a rare word is ranked in full
    assert _found(coordinator, "sampah", status="closed") == []  # filters reach the window
