"""The identity shield on its own: generated personal data never survives masking, and the
numbers of ordinary complaints (amounts, years, dates, addresses) stay."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import phonenumbers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.privacy.shield import PLATE_REGIONS, PROVINCES, Kind, is_nik, mask

WORDS = ("saya", "melapor", "jalan", "rusak", "di", "depan", "kantor", "kelurahan", "sudah",
         "tiga", "bulan", "tidak", "diperbaiki", "mohon", "segera", "ditindaklanjuti",
         "petugas", "puskesmas", "antre", "lama", "Rp", "2024", "RT", "05", "RW", "03",
         "pukul", "10.30", "WIB", "Jl.", "Melati", "No.", "12", "ya", "Bapak", "Ibu")
SEPARATORS = st.sampled_from([" ", " ", ", ", ". ", "\n", " (", ") ", ": ", "\n\n"])
FILLER = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
MOBILE_PREFIXES = ("811", "812", "813", "821", "822", "823", "852", "853", "814", "815",
                   "816", "855", "856", "857", "858", "817", "818", "819", "859", "877",
                   "878", "831", "832", "833", "838", "895", "896", "897", "898", "899",
                   "881", "882", "883", "887", "888", "889")


@st.composite
def niks(draw: st.DrawFn) -> str:
    """A NIK: province, regency, district, birth date (+40 for women), serial."""
    province = draw(st.sampled_from(sorted(PROVINCES)))
    born = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2024, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)
    rest = draw(st.integers(1, 99)), draw(st.integers(1, 99)), draw(st.integers(1, 9999))
    digits = f"{province:02d}{rest[0]:02d}{rest[1]:02d}{day:02d}{born:%m%y}{rest[2]:04d}"
    style = draw(st.sampled_from(["plain", "dots", "groups"]))
    if style == "dots":
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:12]}.{digits[12:]}"
    if style == "groups":
        return " ".join(digits[i:i + 4] for i in range(0, 16, 4))
    return digits


def _valid_mobile(national: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse("0" + national, "ID"))


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    """A valid Indonesian mobile number in one of the ways people write it."""
    prefix = draw(st.sampled_from(MOBILE_PREFIXES))
    national = prefix + draw(st.text("0123456789", min_size=6, max_size=8))
    if not _valid_mobile(national):
        national = prefix + "12345678"
    head, body = national[:3], national[3:]
    split = f"{head}-{body[:4]}-{body[4:]}"
    return draw(st.sampled_from([
        "0" + national, "0" + split, f"+62{national}", f"+62 {head} {body[:4]} {body[4:]}",
        f"62{national}", f"(0{head}) {body}", f"0{head}.{body[:4]}.{body[4:]}",
    ]))


emails = st.builds(
    lambda user, host, tld: f"{user}@{host}.{tld}",
    st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9\-]{0,10}[a-z0-9]", fullmatch=True),
    st.sampled_from(["com", "co.id", "go.id", "id", "net", "ac.id"]),
)


@st.composite
def plates(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(sorted(PLATE_REGIONS)))
    digits = str(draw(st.integers(1, 9999)))
    suffix = draw(st.from_regex(r"[A-Z]{1,3}", fullmatch=True))
    return draw(st.sampled_from([f"{region} {digits} {suffix}", f"{region}{digits}{suffix}"]))


def _in_text(draw: st.DrawFn, secrets: list[str]) -> str:
    parts = []
    for secret in secrets:
        parts += [draw(FILLER), draw(SEPARATORS), secret, draw(SEPARATORS)]
    return "".join([*parts, draw(FILLER)])


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_generated_nik_phone_email_or_plate_survives_masking(data: st.DataObject) -> None:
    secrets = data.draw(st.lists(st.one_of(niks(), mobiles(), emails, plates()),
                                 min_size=1, max_size=4))
    masked = mask(_in_text(data.draw, secrets)).text
    for secret in secrets:
        assert secret not in masked
        if len(_digits(secret)) >= 10:  # no run of its digits survives either
            assert _digits(secret)[-8:] not in _digits(masked)


@settings(max_examples=200, deadline=None, database=None)
@given(st.data())
def test_the_reporters_own_name_and_contacts_are_masked(data: st.DataObject) -> None:
    @dataclass
    class Reporter:
        name: str
        phone: str
        email: str
        nik: str

    name = data.draw(st.sampled_from(["Budi Santoso", "Siti Nurhaliza", "I Made Wirawan"]))
    phone, nik, email = data.draw(mobiles()), data.draw(niks()), data.draw(emails)
    reporter = Reporter(name, _digits(phone), email, _digits(nik))
    written = data.draw(st.sampled_from([name, name.upper(), name.lower()]))
    text = _in_text(data.draw, [written, phone, email.upper(), nik])
    result = mask(text, reporter=reporter)
    for secret in (written, phone, email.upper(), nik):
        assert secret not in result.text
    assert "[nama pelapor]" in result.text


def test_ordinary_numbers_stay() -> None:
    text = ("Biaya Rp 1.500.000 sejak tahun 2024, pukul 10.30 WIB, di RT 05 RW 03, "
            "lulusan S1, kelas A 2, nomor rekening 1234567890123456, layanan 1500-888.")
    assert mask(text).text == text


def test_sixteen_digits_without_a_birth_date_or_province_are_no_nik() -> None:
    assert not is_nik("3171013213900001")  # month 13
    assert not is_nik("3171017102900001")  # day 71-40 = 31 in February
    assert not is_nik("9971010101900001")  # no province 99
    assert is_nik("3171015502900001")  # a woman born 15 February 1990
    assert mask("nomor 3171013213900001").spans == ()


def test_every_valid_birth_date_of_a_year_is_a_nik() -> None:
    day = date(1992, 1, 1)
    while day.year == 1992:
        assert is_nik(f"3171{day:%d%m%y}0001".replace("3171", "317101", 1)), day
        day += timedelta(days=1)


def test_spans_point_at_the_original_for_highlighting() -> None:
    text = "Hubungi 0812-3456-7890 atau budi@contoh.id, mobil B 1234 XYZ."
    result = mask(text)
    assert [s.kind for s in result.spans] == [Kind.PHONE, Kind.EMAIL, Kind.PLATE]
    assert [text[s.start:s.end] for s in result.spans] == [
        "0812-3456-7890", "budi@contoh.id", "B 1234 XYZ"]
    assert "".join(piece for piece, _ in result.segments()) == text
    assert result.text == "Hubungi [telepon] atau [email], mobil [nomor polisi]."


def test_a_number_before_a_nik_does_not_swallow_its_start() -> None:
    """Found by hypothesis: `2024 1101 …` looked like an invalid NIK written in groups and
    hid the valid one starting at `1101`; candidates may overlap now."""
    assert mask("tahun 2024 1101 0101 0100 0001 dan 0811000000").text == \
        "tahun 2024 [NIK] dan [telepon]"
