"""Open311 words: attribute descriptions and value names of the service definitions, the
discovery's contact lines, and the sentence of every Open311 error `description`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from domain.errors import DomainError
from wording import errors as error_words
from wording import labels

ATTRIBUTE = {
    "kind": _l("Jenis laporan (bawaan: pengaduan)."),
    "title": _l("Judul singkat laporan, 5 sampai 200 karakter (bawaan: awal uraian)."),
    "region": _l(
        "Kode wilayah Kemendagri kejadian, misalnya 12.71 (bawaan: address_id bila berupa "
        "kode wilayah, atau wilayah yurisdiksi ini)."),
    "event_date": _l(
        "Tanggal dan waktu kejadian (format W3C, misalnya 2026-12-01T08:00:00+07:00)."),
    "anonymous": _l("Sembunyikan identitas pelapor dari instansi dan publik (bawaan: true)."),
    "confidential": _l("Rahasiakan laporan dari daftar publik (bawaan: true)."),
}
BOOLEAN = {"true": _l("Ya"), "false": _l("Tidak")}
DATATYPE = {
    "string": _l("Teks satu baris"),
    "datetime": _l("Tanggal dan waktu"),
    "singlevaluelist": _l("Pilih satu nilai"),
}
CONTACT = _l("Hubungi admin nasional Aduan untuk pertanyaan tentang API ini.")
KEY_SERVICE = _l("Kunci API diberikan oleh admin nasional Aduan, satu kunci per aplikasi.")
SERVICE_NOTICE = _l("Laporan diterima dan akan diverifikasi dalam 3 hari kerja.")
# The HTTP errors that are not domain errors, by status.
HTTP = {
    400: _l("Permintaan tidak valid."),
    403: _l("Kunci API tidak valid atau sudah dicabut."),
    404: _l("Tidak ditemukan."),
    405: _l("Metode tidak diizinkan."),
    429: _l("Terlalu banyak permintaan; coba lagi sebentar lagi."),
    500: _l("Terjadi kesalahan pada server."),
}


def attribute_description(code: str) -> str:
    return labels.label(ATTRIBUTE, code)


def value_name(attribute: str, value: str) -> str:
    """The name of one choice of a list attribute (a kind's label, yes or no)."""
    if attribute == "kind":
        return labels.kind(value)
    return labels.label(BOOLEAN, value)


def datatype_description(datatype: str) -> str:
    return labels.label(DATATYPE, datatype)


def error_description(exc: DomainError) -> str:
    """The sentence of an Open311 error: its own reason's words even for a 404 (GeoReport
    clients need to know whether the service or the request was unknown)."""
    text = error_words.REASON.get(exc.reason)
    if text is None:
        return error_words.message(exc)
    return error_words._format(text, exc.params)


def http_description(status: int) -> str:
    return str(HTTP.get(status, HTTP[400]))
