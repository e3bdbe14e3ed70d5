"""The public /verify page: a document checked by upload, by hash or by its QR code's head,
in Indonesian and English, without a word of personal data."""

from __future__ import annotations

import io

from flask import current_app

from domain.audit.operations import chain_for, chain_head
from domain.letters import operations as letters
from jobs.letters import render_casefile
from tests.factories import complete, create_user, submit
from tests.web.helpers import csrf

NIK = "3171015502900001"
SECRETS = ("Budi", "Santoso", NIK, "0812 3456", "6281234567890", "budi@example.org",
           "Puskesmas Medan Baru",
           "hipertensi")


def _casefile():
    from domain.enums import Role

    receipt = submit(anonymous=True, title="Obat hipertensi kosong, hubungi 0812 3456 7890",
                     description=f"Saya Budi Santoso, NIK {NIK}. Puskesmas Medan Baru.",
                     reporter={"name": "Budi Santoso", "phone": "+6281234567890",
                               "email": "budi@example.org", "nik": NIK})
    complete(receipt.case, "verify", create_user(Role.COORDINATOR, "medan.secretariat"),
             decision="valid", summary="Obat hipertensi kosong", unit_code="medan.health")
    letter = render_casefile(receipt.case)
    pdf = letters.path_of(letter, current_app.config["ADUAN"].data_dir).read_bytes()
    return receipt.case, letter, pdf


def _no_personal_data(page: str) -> None:
    for secret in SECRETS:
        assert secret not in page, secret


def _upload(client, pdf: bytes, lang: str = "id"):
    token = csrf(client, f"/verify?lang={lang}")
    return client.post("/verify", data={"csrf_token": token,
                                        "document": (io.BytesIO(pdf), "berkas.pdf")},
                       content_type="multipart/form-data")


def test_an_uploaded_case_file_is_confirmed_without_personal_data(client, world):
    _case, letter, pdf = _casefile()
    page = _upload(client, pdf).get_data(as_text=True)
    assert "Dokumen asli" in page and letter.number in page
    assert letter.sha256 in page and letter.chain_head in page
    assert "Belum ada titik periksa" in page and "Aduan test" in page
    _no_personal_data(page)
    english = _upload(client, pdf, "en").get_data(as_text=True)
    assert "Genuine document" in english and "Case file" in english
    _no_personal_data(english)


def test_a_changed_upload_is_refused_in_both_languages(client, world):
    _case, _letter, pdf = _casefile()
    changed = bytearray(pdf)
    changed[changed.index(b"stream", len(pdf) // 3) + 20] ^= 0x01
    page = _upload(client, bytes(changed)).get_data(as_text=True)
    assert "Dokumen tidak dapat dipastikan" in page and "Tanda tangan rusak" in page
    english = _upload(client, bytes(changed), "en").get_data(as_text=True)
    assert "The document could not be confirmed" in english
    assert "Broken signature" in english


def test_a_typed_hash_and_the_qr_head_are_answered(client, world):
    case, letter, _pdf = _casefile()
    page = client.get(f"/verify?sha256={letter.sha256.upper()}").get_data(as_text=True)
    assert "Dokumen asli" in page and letter.number in page
    _no_personal_data(page)
    head = chain_head(chain_for(case.id))
    by_qr = client.get(f"/verify?head={head.hash}")
    text = by_qr.get_data(as_text=True)
    assert by_qr.status_code == 200 and "tercatat utuh" in text and f"#{head.seq}" in text
    _no_personal_data(text)
    assert client.get(f"/verify?head={'0' * 64}").status_code == 404


def test_a_bad_hash_or_an_empty_upload_gets_a_plain_error(client, world):
    wrong = client.get("/verify?sha256=abc")
    assert wrong.status_code == 422
    assert "64 angka heksadesimal" in wrong.get_data(as_text=True)
    unknown = client.get(f"/verify?sha256={'a' * 64}").get_data(as_text=True)
    assert "tidak dikenal" in unknown
    token = csrf(client, "/verify")
    empty = client.post("/verify", data={"csrf_token": token}, content_type="multipart/form-data")
    assert empty.status_code == 422 and "Pilih berkas PDF" in empty.get_data(as_text=True)
