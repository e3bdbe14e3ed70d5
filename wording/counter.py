"""The counter form's words: how a complaint came, and one sentence per refused field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from domain.cases.tracking import display_tracking_id
from domain.enums import Channel
from wording import labels

CHANNEL = {
    Channel.PHONE: _l("Telepon"),
    Channel.PAPER: _l("Surat (dipindai)"),
    Channel.WALK_IN: _l("Datang langsung"),
}
FIELD_ERRORS = {
    "channel": _l("Pilih bagaimana laporan diterima."),
    "kind": _l("Pilih jenis laporan."),
    "title": _l("Judul wajib diisi, 5 sampai 200 karakter."),
    "description": _l("Uraian wajib diisi, 10 sampai 10.000 karakter."),
    "category": _l("Pilih kategori."),
    "region": _l("Pilih wilayah kejadian."),
    "location": _l("Lokasi paling banyak 300 karakter."),
    "latitude": _l("Isi lintang (-90 sampai 90) dan bujur bersama, atau kosongkan keduanya."),
    "longitude": _l("Isi bujur (-180 sampai 180) dan lintang bersama, atau kosongkan keduanya."),
    "event_date": _l("Tanggal tidak valid."),
    "anonymous": _l("Tanyakan kepada pelapor: identitasnya disembunyikan atau tidak."),
    "confidential": _l("Tanyakan kepada pelapor: laporannya dirahasiakan atau tidak."),
    "reporter": _l("Periksa kontak pelapor: nama, telepon, email atau NIK (16 angka)."),
    "attachments": _l("Lampiran ditolak: hanya JPEG, PNG atau PDF, paling banyak 5 berkas 10 MB."),
}


def channel(code: object) -> str:
    return labels.label(CHANNEL, code)


def field_error(name: str) -> str:
    return str(FIELD_ERRORS.get(name, FIELD_ERRORS["description"]))


def repeated(tracking_id: str) -> str:
    """The counter's answer to an exact repeat (domain/cases/repeats.py)."""
    return str(_l("Pengaduan yang sama dari kontak yang sama sudah diterima beberapa menit yang "
                  "lalu sebagai laporan %(tid)s; tidak dibuat laporan kedua. Kunci pelapor "
                  "hanya diberikan sekali, pada penerimaan pertama.",
                  tid=display_tracking_id(tracking_id)))
