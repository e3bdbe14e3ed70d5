"""The public portal over HTTP: filing, the one-time receipt, tracking, the list, statistics."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import sqlalchemy as sa
from PIL import Image

from domain.cases.models import Attachment, Case, Reporter
from domain.cases.responses import reporter_respond
from domain.db import db
from domain.enums import CaseStatus
from tests.factories import complete, submit
from tests.web.helpers import csrf, jpeg_bytes, pdf_bytes, png_of_zeros, report_form

KEY_RE = re.compile(r'id="reporter-key">([^<]+)<')


def _file(client, **overrides):
    token = csrf(client)
    files = overrides.pop("files", None)
    data = {"csrf_token": token, **report_form(**overrides)}
    if files is not None:
        data["attachments"] = files
    return client.post("/", data=data, content_type="multipart/form-data")


def _receipt(client) -> tuple[str, str]:
    page = client.get("/receipt").get_data(as_text=True)
    tracking_id = re.search(r'id="tracking-id">(\w{4})-(\w{4})<', page)
    return tracking_id.group(1) + tracking_id.group(2), KEY_RE.search(page).group(1)


def test_report_form_preselects_the_private_defaults(client, world):
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'name="anonymous" value="yes" checked', page)
    assert re.search(r'name="confidential" value="yes" checked', page)
    assert "Anonim (disarankan)" in page and "Rahasia (disarankan)" in page


def test_filing_shows_the_receipt_once(client, world):
    response = _file(client)
    assert response.status_code == 303 and response.headers["Location"].endswith("/receipt")
    page = client.get("/receipt")
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    tracking_id, key = _receipt_from(text)
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()
    assert case.channel.value == "web" and case.anonymous and not case.confidential
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", text)
    assert len(key) >= 22
    again = client.get("/receipt")  # the key is gone from the session after one view
    assert again.status_code == 302 and key not in again.get_data(as_text=True)


def _receipt_from(text: str) -> tuple[str, str]:
    match = re.search(r'id="tracking-id">(\w{4})-(\w{4})<', text)
    return match.group(1) + match.group(2), KEY_RE.search(text).group(1)


def test_invalid_report_shows_inline_errors_and_keeps_input(client, world):
    response = _file(client, title="abc", category="", reporter_email="not-an-email",
                     description="Uraian yang <b>cukup</b> panjang sekali.")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="err-title"' in page and "5 sampai 200 karakter" in page
    assert 'id="err-category"' in page and 'id="err-reporter_email"' in page
    assert 'value="abc"' in page  # the user's input is kept
    assert "Uraian yang &lt;b&gt;cukup&lt;/b&gt; panjang sekali." in page
    assert db.session.execute(sa.select(sa.func.count(Case.id))).scalar() == 0


def test_photo_is_reencoded_without_exif_under_a_random_name(client, world, app):
    upload = (io.BytesIO(jpeg_bytes(exif=True)), "../../etc/passwd.jpg", "image/jpeg")
    assert _file(client, files=[upload]).status_code == 303
    attachment = db.session.execute(sa.select(Attachment)).scalar_one()
    assert attachment.label == "passwd.jpg" and attachment.content_type == "image/jpeg"
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", attachment.storage_key)
    stored = app.config["ADUAN"].data_dir / "attachments" / attachment.storage_key
    data = stored.read_bytes()
    assert b"SecretCam" not in data and b"Exif" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_pdf_is_accepted_when_it_parses_and_fakes_are_refused(client, world):
    ok = _file(client, files=[(io.BytesIO(pdf_bytes()), "surat.pdf", "application/pdf")])
    assert ok.status_code == 303
    client.get("/receipt")
    fake = _file(client, files=[(io.BytesIO(b"<html><script>x</script>"), "surat.pdf",
                                 "application/pdf")])
    assert fake.status_code == 422
    page = fake.get_data(as_text=True)
    assert 'id="err-attachments"' in page and "JPEG, PNG atau PDF" in page
    # The audit's fake: `%PDF-` in front and `%%EOF` behind an HTML page.
    markers = b"%PDF-1.4\n<html><script>x</script></html>\n1 0 obj<<>>endobj\n%%EOF\n"
    worn = _file(client, files=[(io.BytesIO(markers), "invoice.html", "application/pdf")])
    assert worn.status_code == 422
    assert "Berkas PDF rusak atau tidak lengkap." in worn.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Case.id))).scalar() == 1


def test_image_over_24_megapixels_gets_a_field_error_in_both_languages(client, world):
    image = png_of_zeros(6400, 6200)  # the audit's size: 39.7 MP, under the old 40 MP cap
    refused = _file(client, files=[(io.BytesIO(image), "foto.png", "image/png")])
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="err-attachments"' in page and "lebih dari 24 megapiksel" in page
    client.get("/?lang=en")
    english = _file(client, files=[(io.BytesIO(image), "foto.png", "image/png")])
    english = english.get_data(as_text=True)
    assert "larger than 24 megapixels" in english
    assert db.session.execute(sa.select(sa.func.count(Case.id))).scalar() == 0


def test_more_than_five_attachments_are_refused(client, world):
    files = [(io.BytesIO(jpeg_bytes()), f"foto{i}.jpg", "image/jpeg") for i in range(6)]
    response = _file(client, files=files)
    assert response.status_code == 422 and "Paling banyak 5 lampiran" in response.get_data(
        as_text=True)


def test_citizen_text_is_escaped_everywhere(client, world):
    evil = "<script>alert(1)</script> di puskesmas"
    assert _file(client, title=evil, description=evil + " " + evil).status_code == 303
    tracking_id, _ = _receipt(client)
    for url in (f"/track/{tracking_id}", "/cases"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_bidi_overrides_never_reach_the_pages(client, world, app):
    """U+202E turns `fdp.exe` into `exe.pdf` on screen: stripped from title, place and name."""
    photo = (io.BytesIO(jpeg_bytes()), "foto\u202egpj.exe", "image/jpeg")
    assert _file(client, title="Tagihan liar \u202efdp.exe", location="\u2067Pasar\u2069 Baru",
                 reporter_name="Budi\u200f Santoso", files=[photo]).status_code == 303
    tracking_id, _ = _receipt(client)
    case = db.session.execute(sa.select(Case).where(Case.tracking_id == tracking_id)).scalar_one()
    assert (case.title, case.location) == ("Tagihan liar fdp.exe", "Pasar Baru")
    assert db.session.get(Reporter, case.id).name == "Budi Santoso"
    attachment = db.session.execute(sa.select(Attachment)).scalar_one()
    assert attachment.label == "foto_gpj.jpg"
    for url in (f"/track/{tracking_id}", "/cases"):
        page = client.get(url).get_data(as_text=True)
        assert "Tagihan liar fdp.exe" in page
        assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", page)


def test_post_without_csrf_token_is_refused(client, world):
    assert client.application.config["WTF_CSRF_ENABLED"] is not False  # TESTING keeps it on
    response = client.post("/", data=report_form())
    assert response.status_code == 400
    assert db.session.execute(sa.select(sa.func.count(Case.id))).scalar() == 0


def test_tracking_lookup_normalises_and_rejects(client, world):
    receipt = submit(confidential=False)
    shown = f"{receipt.tracking_id[:4].lower()}-{receipt.tracking_id[4:].lower()}"
    response = client.get(f"/track?id={shown}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/track/{receipt.tracking_id}")
    assert client.get("/track?id=xx").status_code == 422
    assert client.get("/track/ZZZZZZZZ").status_code == 404


def test_public_tracking_view_shows_deadlines_but_not_the_private_texts(client, world, coordinator):
    receipt = submit(confidential=False)
    complete(receipt.case, "verify", coordinator, decision="hold",
             question="Sebutkan nama puskesmas-nya.")
    page = client.get(f"/track/{receipt.tracking_id}").get_data(as_text=True)
    assert "Batas waktu" in page and "Verifikasi dan disposisi dalam 3 hari kerja" in page
    assert "Ketentuan SP4N-LAPOR!" in page
    assert "Sebutkan nama puskesmas" not in page  # the question is for the reporter only
    assert "Budi Santoso" not in page


def test_confidential_case_shows_no_content_without_the_key(client, world):
    receipt = submit(confidential=True, title="Rahasia sekali judulnya")
    page = client.get(f"/track/{receipt.tracking_id}").get_data(as_text=True)
    assert "Rahasia sekali judulnya" not in page and "Laporan rahasia" in page


def _without_id_and_token(page: str, tracking_id: str) -> str:
    page = page.replace(f"{tracking_id[:4]}-{tracking_id[4:]}", "ID").replace(tracking_id, "ID")
    return re.sub(r'name="csrf_token" value="[^"]+"', "", page)


def test_confidential_case_looks_like_no_case_without_the_key(client, world):
    """One rule for page and API (domain.cases.public.tracking_audience): without the key a
    confidential case shows nothing, not even its status, agency, unit or timeline."""
    receipt = submit(confidential=True, title="Pungutan liar di puskesmas")
    complete(receipt.case, "verify", world["users"]["verifier"], decision="valid",
             summary="Pungutan liar di puskesmas", unit_code="medan.health")
    db.session.commit()
    tid, unknown = receipt.tracking_id, "ZZZZZZZZ"
    page = client.get(f"/track/{tid}")
    missing = client.get(f"/track/{unknown}")
    assert page.status_code == missing.status_code == 404
    text = page.get_data(as_text=True)
    for secret in ("Pungutan liar", "Dinas Kesehatan", "Tindak lanjut", "Perjalanan laporan",
                   'id="case-status"', "Batas waktu"):
        assert secret not in text, secret
    assert _without_id_and_token(text, tid) == _without_id_and_token(
        missing.get_data(as_text=True), unknown)
    assert 'name="reporter_key"' in text  # the reporter can still open his case
    assert client.get(f"/api/v1/cases/{tid}").status_code == 404  # the API agrees

    token = csrf(client, f"/track/{tid}")
    wrong = client.post(f"/track/{tid}", data={"csrf_token": token, "reporter_key": "salah"})
    wrong_missing = client.post(f"/track/{unknown}",
                                data={"csrf_token": token, "reporter_key": "salah"})
    assert wrong.status_code == wrong_missing.status_code == 404
    assert "Kunci pelapor tidak cocok" in wrong.get_data(as_text=True)
    assert _without_id_and_token(wrong.get_data(as_text=True), tid) == _without_id_and_token(
        wrong_missing.get_data(as_text=True), unknown)
    refused = client.post(f"/track/{tid}/respond",
                          data={"csrf_token": token, "reporter_key": "salah"})
    assert refused.status_code == 404 and "Dinas Kesehatan" not in refused.get_data(
        as_text=True)

    own = client.post(f"/track/{tid}",
                      data={"csrf_token": token, "reporter_key": receipt.reporter_key})
    assert own.status_code == 200
    mine = own.get_data(as_text=True)
    assert "Pungutan liar di puskesmas" in mine and "Dinas Kesehatan" in mine
    assert 'id="case-status"' in mine and "Perjalanan laporan" in mine
    api = client.get(f"/api/v1/cases/{tid}", headers={"X-Reporter-Key": receipt.reporter_key})
    assert api.status_code == 200 and api.json["title"] == "Pungutan liar di puskesmas"


def test_reporter_answers_a_hold_with_the_key(client, world, coordinator):
    receipt = submit(confidential=False)
    complete(receipt.case, "verify", coordinator, decision="hold",
             question="Kapan kejadiannya?")
    token = csrf(client, f"/track/{receipt.tracking_id}")
    wrong = client.post(f"/track/{receipt.tracking_id}",
                        data={"csrf_token": token, "reporter_key": "salah"})
    assert wrong.status_code == 403 and "Kunci pelapor tidak cocok" in wrong.get_data(
        as_text=True)
    private = client.post(f"/track/{receipt.tracking_id}",
                          data={"csrf_token": token, "reporter_key": receipt.reporter_key})
    assert private.status_code == 200 and private.headers["Cache-Control"] == "no-store"
    page = private.get_data(as_text=True)
    assert "Kapan kejadiannya?" in page and 'name="additional_info"' in page
    empty = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "additional_info": " "})
    assert empty.status_code == 422 and 'id="err-additional_info"' in empty.get_data(
        as_text=True)
    done = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key,
        "additional_info": "Tanggal 3 November pukul 09.00."})
    assert done.status_code == 303
    assert db.session.get(Case, receipt.case.id).status == CaseStatus.VERIFICATION


def test_reporter_rates_and_accepts_the_follow_up(client, world, coordinator, liaison):
    receipt = submit(confidential=False)
    complete(receipt.case, "verify", coordinator, decision="valid", summary="Obat kosong",
             unit_code="medan.health")
    complete(receipt.case, "follow_up", liaison, decision="answer",
             answer="Stok obat sudah dikirim.")
    public = client.get(f"/track/{receipt.tracking_id}").get_data(as_text=True)
    assert "Stok obat sudah dikirim." in public  # the answer of a public case is public
    token = csrf(client, f"/track/{receipt.tracking_id}")
    bad = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "accept",
        "rating": "lima"})
    assert bad.status_code == 422 and 'id="err-rating"' in bad.get_data(as_text=True)
    ok = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "accept",
        "rating": "5"})
    assert ok.status_code == 303
    case = db.session.get(Case, receipt.case.id)
    assert case.status == CaseStatus.CLOSED and case.rating == 5
    late = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "accept"})
    assert late.status_code == 303  # nothing waits any more: a message, not a second step


def test_after_the_one_reopen_the_reporter_form_has_no_reopen(client, world, coordinator, liaison):
    receipt = submit(confidential=False)
    complete(receipt.case, "verify", coordinator, decision="valid", summary="Obat kosong",
             unit_code="medan.health")
    complete(receipt.case, "follow_up", liaison, decision="answer",
             answer="Stok obat sudah dikirim.")
    token = csrf(client, f"/track/{receipt.tracking_id}")
    first = client.post(f"/track/{receipt.tracking_id}", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key}).get_data(as_text=True)
    assert 'value="reopen"' in first
    reopened = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "reopen",
        "comment": "Obat masih kosong."})
    assert reopened.status_code == 303
    complete(db.session.get(Case, receipt.case.id), "follow_up", liaison,
             decision="answer", answer="Obat kini tersedia.")
    second = client.post(f"/track/{receipt.tracking_id}", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key}).get_data(as_text=True)
    assert 'value="accept"' in second and 'value="reopen"' not in second
    assert "Ombudsman" in second  # the form says where an unsatisfied reporter can go
    refused = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "reopen",
        "comment": "Masih belum."})
    assert refused.status_code == 422 and 'id="err-action"' in refused.get_data(as_text=True)
    assert db.session.get(Case, receipt.case.id).status == CaseStatus.RESPONDED
    done = client.post(f"/track/{receipt.tracking_id}/respond", data={
        "csrf_token": token, "reporter_key": receipt.reporter_key, "action": "accept",
        "rating": "3", "comment": "Lambat, tapi selesai."})
    assert done.status_code == 303
    case = db.session.get(Case, receipt.case.id)
    assert case.status == CaseStatus.CLOSED and case.rating == 3 and case.reopens == 1


def test_public_list_hides_confidential_cases_and_paginates(client, world):
    titles = [f"Laporan publik nomor {i}" for i in range(23)]
    for title in titles:
        submit(confidential=False, title=title)
    submit(confidential=True, title="Laporan rahasia tersembunyi")
    first = client.get("/cases").get_data(as_text=True)
    assert "Laporan rahasia tersembunyi" not in first and "Budi Santoso" not in first
    assert first.count('class="case-title"') == 20
    after = re.search(r'href="/cases\?after=(\d+)"', first).group(1)
    second = client.get(f"/cases?after={after}").get_data(as_text=True)
    assert second.count('class="case-title"') == 3
    assert "Laporan publik nomor 0" in second and "Laporan publik nomor 22" in first
    found = client.get("/cases?q=nomor 1&status=verification&category=health&region=12")
    assert found.get_data(as_text=True).count('class="case-title"') == 11  # 1, 10..19
    assert client.get("/cases?after=xyz").status_code == 400


def _close(receipt, coordinator, liaison, *, late: bool) -> None:
    complete(receipt.case, "verify", coordinator, decision="valid", summary="Obat kosong",
             unit_code="medan.health")
    complete(receipt.case, "follow_up", liaison, decision="answer",
             answer="Sudah.")
    receipt.case.late = late
    reporter_respond(receipt.tracking_id, receipt.reporter_key, {"action": "accept"})


def test_statistics_count_and_on_time_share(client, world, app, coordinator, liaison):
    for late in (False, True, False):
        _close(submit(confidential=False), coordinator, liaison, late=late)
    archived = submit(confidential=True)
    complete(archived.case, "verify", coordinator, decision="archive", reason="Spam.")
    submit()
    folded = client.get("/statistics").get_data(as_text=True)
    app.config["ADUAN"] = replace(app.config["ADUAN"], stats_min_group=1)  # show every group
    try:
        page = client.get("/statistics").get_data(as_text=True)
        english = client.get("/statistics?lang=en").get_data(as_text=True)
    finally:
        app.config["ADUAN"] = replace(app.config["ADUAN"], stats_min_group=5)
    # The confidential (archived) case is not in the public figures.
    assert re.search(r'id="stat-total">4<', page)
    assert re.search(r'id="stat-closed">3<', page)
    assert re.search(r'id="stat-on-time">66,7%<', page)  # archived cases are not "closed"
    # Regions roll up to provinces on the page (12.71 Kota Medan is in 12 Sumatera Utara).
    assert re.search(r">\s*Sumatera Utara\s*<", page) and "Pemerintah Kota Medan" in page
    assert re.search(r'id="stat-on-time">66.7%<', english)
    # By default (5) the 4 public cases of Kota Medan are too few to name their region.
    assert re.search(r'id="stat-total">4<', folded) and "Sumatera Utara" not in folded
    assert "Lainnya (kelompok kecil)" in folded


def test_language_switch_is_remembered(client, world):
    assert "File your report" in client.get("/?lang=en").get_data(as_text=True)
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Send the report" in page
    assert "Kirim laporan" in client.get("/?lang=id").get_data(as_text=True)


def test_intake_is_rate_limited(client, world, app):
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, rate_limit_intake="2 per minute")
    try:
        codes = [_file(client, title="").status_code for _ in range(3)]
    finally:
        app.config["ADUAN"] = settings
    assert codes == [422, 422, 429]


def test_tracking_lookups_are_rate_limited(client, world, app):
    receipt = submit(confidential=False)
    settings = app.config["ADUAN"]
    app.config["ADUAN"] = replace(settings, rate_limit_tracking="3 per minute")
    try:
        codes = [client.get(f"/track/{receipt.tracking_id}").status_code for _ in range(4)]
    finally:
        app.config["ADUAN"] = settings
    assert codes == [200, 200, 200, 429]
