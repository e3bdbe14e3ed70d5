"""The portal's report form: from the HTML post to the one intake schema, errors in words.

The portal validates with the same marshmallow schema as every other channel
(`domain.cases.schemas`); this module only flattens the HTML fields into its payload and
turns its (English, developer-facing) messages into one plain sentence per field in the
reader's language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from domain.cases import attachments

FIELDS = ("kind", "title", "description", "category", "region", "district", "location",
          "latitude", "longitude", "event_date", "anonymous", "confidential", "reporter_name",
          "reporter_phone", "reporter_email")

FIELD_ERRORS = {
    "kind": _l("Pilih jenis laporan."),
    "title": _l("Judul wajib diisi, 5 sampai 200 karakter."),
    "description": _l("Uraian wajib diisi, 10 sampai 10.000 karakter."),
    "category": _l("Pilih kategori."),
    "region": _l("Pilih wilayah kejadian."),
    "district": _l("Pilih kecamatan di kabupaten/kota yang dipilih, atau kosongkan."),
    "location": _l("Lokasi paling banyak 300 karakter."),
    "latitude": _l("Isi lintang (-90 sampai 90) dan bujur bersama, atau kosongkan keduanya."),
    "longitude": _l("Isi bujur (-180 sampai 180) dan lintang bersama, atau kosongkan keduanya."),
    "event_date": _l("Tanggal tidak valid."),
    "anonymous": _l("Pilih salah satu."),
    "confidential": _l("Pilih salah satu."),
    "reporter_name": _l("Nama paling banyak 200 karakter."),
    "reporter_phone": _l("Nomor telepon tidak valid (contoh: +62 812 3456 7890)."),
    "reporter_email": _l("Alamat email tidak valid."),
}

# The attachment module's sentences, marked here so the catalogue carries their translations.
ATTACHMENT_ERRORS = {
    attachments.TOO_MANY: _l("Paling banyak 5 lampiran."),
    attachments.TOO_LARGE: _l("Berkas lebih besar dari 10 MB."),
    attachments.EMPTY: _l("Berkas kosong."),
    attachments.UNSUPPORTED: _l("Jenis berkas tidak didukung (hanya JPEG, PNG atau PDF)."),
    attachments.IMAGE_TOO_BIG: _l(
        "Gambar lebih dari 24 megapiksel; perkecil resolusinya lalu kirim lagi."),
    attachments.BROKEN_IMAGE: _l("Gambar rusak atau tidak dapat dibaca."),
    attachments.BROKEN_PDF: _l("Berkas PDF rusak atau tidak lengkap."),
    attachments.LOCKED_PDF: _l(
        "Berkas PDF dikunci dengan kata sandi; kirim salinan tanpa kata sandi."),
}


def defaults() -> dict[str, str]:
    """A blank form: private and anonymous preselected (the safe default)."""
    return {"kind": "complaint", "anonymous": "yes", "confidential": "yes"}


def values_of(form: MultiDict[str, str]) -> dict[str, str]:
    """The user's input, kept to refill the form after an error."""
    return {name: form.get(name, "") for name in FIELDS}


def payload_of(values: dict[str, str], region: str | None = None) -> dict[str, Any]:
    """The intake schema's payload; empty optional inputs mean "not given".

    `region` is what the province/regency/district cascade resolved to (default: the
    first step's choice as it stands).
    """
    payload: dict[str, Any] = {
        "kind": values["kind"], "title": values["title"], "description": values["description"],
        "category": values["category"], "region": region or values["region"],
        "anonymous": values["anonymous"] != "no", "confidential": values["confidential"] != "no",
    }
    for name in ("location", "event_date", "latitude", "longitude"):
        if values[name].strip():
            payload[name] = values[name].strip()
    reporter = {k: values[f"reporter_{k}"].strip() for k in ("name", "phone", "email")
                if values[f"reporter_{k}"].strip()}
    if reporter:
        payload["reporter"] = reporter
    return payload


def field_errors(messages: dict[str, Any]) -> dict[str, str]:
    """One translated sentence per field from the schema's error dictionary."""
    errors: dict[str, str] = {}
    for name, detail in messages.items():
        if name == "reporter" and isinstance(detail, dict):
            for sub in detail:
                key = f"reporter_{sub}"
                errors[key] = str(FIELD_ERRORS.get(key, _l("Isian tidak valid.")))
        else:
            errors[name] = str(FIELD_ERRORS.get(name, _l("Isian tidak valid.")))
    return errors


def attachment_error(message: str) -> str:
    return str(ATTACHMENT_ERRORS.get(message, message))
