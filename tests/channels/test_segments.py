"""The SMS segment counter at every boundary of GSM-7 and UCS-2."""

from __future__ import annotations

import pytest

from domain.channels.segments import count, fit


@pytest.mark.parametrize(("length", "segments"), [
    (0, 1), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
def test_gsm7_is_160_alone_then_153_per_part(length, segments):
    result = count("a" * length)
    assert (result.encoding, result.units, result.segments) == ("gsm7", length, segments)


@pytest.mark.parametrize(("length", "segments"), [
    (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
def test_ucs2_is_70_alone_then_67_per_part(length, segments):
    result = count("ж" * length)
    assert (result.encoding, result.units, result.segments) == ("ucs2", length, segments)


@pytest.mark.parametrize("char", list("^{}[]~|€\\"))
def test_extension_characters_count_double(char):
    assert count("a" * 158 + char).units == 160
    assert count("a" * 158 + char).segments == 1
    assert count("a" * 159 + char).segments == 2


def test_an_escape_pair_never_straddles_two_parts():
    # 152 septets then a two-septet character: it cannot end part one, so part two starts
    # with it; 153 + 153 + 1 = three parts where a naive count says two.
    text = "a" * 152 + "€" + "a" * 152
    assert count(text).units == 306
    assert count(text).segments == 3


def test_gsm7_letters_with_accents_stay_gsm7_and_others_switch_to_ucs2():
    assert count("é à ñ ü Ä £ ¥ §").encoding == "gsm7"
    assert count("ê").encoding == "ucs2"  # not in the GSM 03.38 table
    assert count("“kutip”").encoding == "ucs2"  # curly quotes cost the whole message


def test_an_emoji_is_two_ucs2_units_and_never_split():
    assert count("🙏").units == 2
    assert count("🙏" * 35).segments == 1
    assert count("🙏" * 36).segments == 2
    assert count("a" * 66 + "🙏" + "a" * 66).segments == 3  # the emoji moves to part two
    assert count("a" + "🙏" * 35).segments == 2


def test_fit_cuts_to_the_segments_allowed_at_a_word():
    text = "kata " * 100
    cut = fit(text, 1)
    assert count(cut).segments == 1 and cut.endswith("...") and "kat..." not in cut
    assert fit("pendek", 1) == "pendek"
    assert count(fit("ж" * 300, 2)).segments == 2
