"""The exemptions of UU 14/2008 pasal 17, cited when an information request is refused.

The form (`forms/information_request/information_answer.json`) offers the same codes as a
choice list; a refusal records the code, and the tracking page, the desk and the API cite it
with these words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wording.labels import label

EXEMPTION = {
    "17a": _l("Pasal 17 huruf a UU 14/2008: menghambat proses penegakan hukum"),
    "17b": _l("Pasal 17 huruf b UU 14/2008: mengganggu perlindungan hak kekayaan intelektual "
              "dan persaingan usaha"),
    "17c": _l("Pasal 17 huruf c UU 14/2008: membahayakan pertahanan dan keamanan negara"),
    "17d": _l("Pasal 17 huruf d UU 14/2008: mengungkapkan kekayaan alam Indonesia"),
    "17e": _l("Pasal 17 huruf e UU 14/2008: merugikan ketahanan ekonomi nasional"),
    "17f": _l("Pasal 17 huruf f UU 14/2008: merugikan kepentingan hubungan luar negeri"),
    "17g": _l("Pasal 17 huruf g UU 14/2008: mengungkapkan isi akta otentik yang bersifat "
              "pribadi atau wasiat"),
    "17h": _l("Pasal 17 huruf h UU 14/2008: mengungkap rahasia pribadi"),
    "17i": _l("Pasal 17 huruf i UU 14/2008: memorandum atau surat antar/intra badan publik "
              "yang dirahasiakan"),
    "17j": _l("Pasal 17 huruf j UU 14/2008: informasi yang tidak boleh diungkapkan "
              "berdasarkan undang-undang"),
}


def exemption(code: str) -> str:
    """The exemption's citation in the current locale; the code itself when unknown."""
    return label(EXEMPTION, code)


def quoted(field: str, text: str) -> str:
    """A timeline quote's text: an exemption code reads as its citation, others as written."""
    return exemption(text) if field == "exemption" else text
