"""Domain errors in people's words: a sentence per reason code, a phrase per field code.

The domain raises `Conflict("task_already_completed")`; the API, the pages and the CLI all
ask `message(exc)` for the sentence, so a reader gets the same words wherever he meets the
error. NotFound keeps one sentence for every reason on purpose: "missing" and "outside your
scope" must read the same. A reason without its own sentence falls back to its family's.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from domain.errors import DomainError

FAMILY = {
    "not_found": _l("Data tidak ditemukan."),
    "forbidden": _l("Anda tidak berwenang."),
    "conflict": _l("Data ini sudah diubah atau diproses; muat ulang dan coba lagi."),
    "invalid": _l("Periksa kembali isian Anda."),
    "unauthorized": _l("Silakan masuk terlebih dahulu."),
    "bad_request": _l("Permintaan tidak valid."),
}

REASON = {
    # messaging channels
    "keyword_invalid": _l("Kata kunci SMS harus satu kata (huruf dan angka, paling banyak 32)."),
    "keyword_reserved": _l("Kata kunci ini sudah dipakai sebagai perintah SMS."),
    "message_parts_taken": _l("Bagian pesan ini sedang diproses oleh pekerja lain."),
    # cases and tasks
    "reporter_key_mismatch": _l("Kunci pelapor tidak cocok."),
    "not_waiting_for_reporter": _l("Laporan ini sedang tidak menunggu tanggapan pelapor."),
    "case_changed": _l("Laporan ini baru saja diubah orang lain; muat ulang dan coba lagi."),
    "task_not_waiting": _l("Tugas ini tidak lagi menunggu; muat ulang laporan."),
    "task_already_completed": _l("Tugas ini sudah diselesaikan; muat ulang laporan."),
    "task_not_open": _l("Tugas ini tidak lagi terbuka; muat ulang laporan."),
    "case_closed": _l("Laporan ini sudah selesai; muat ulang laporan."),
    "assignee_cannot_act": _l("Rekan ini tidak dapat mengerjakan tugas ini."),
    "identity_verifying_role_only": _l(
        "Hanya petugas verifikasi yang dapat melihat identitas pelapor anonim."),
    "identity_not_for_auditors": _l("Auditor tidak melihat identitas pelapor."),
    "identity_reason_required": _l("Tuliskan alasan membuka identitas pelapor."),
    "shield_verifying_role_only": _l(
        "Hanya petugas verifikasi yang dapat mengubah penyamaran data pribadi."),
    "shield_field_unknown": _l("Pilih bagian teks laporan."),
    "shield_value_too_short": _l("Tuliskan paling sedikit 2 karakter yang akan disamarkan."),
    "shield_value_not_in_text": _l("Teks itu tidak ada di bagian yang dipilih."),
    "shield_detection_unknown": _l("Deteksi itu tidak ada lagi; muat ulang laporan."),
    "export_verifying_role_only": _l(
        "Hanya petugas verifikasi yang dapat mengekspor data pelapor."),
    "identity_reason_too_long": _l("Alasan paling banyak %(max)s karakter."),
    "identity_needs_approval": _l(
        "Kategori ini sensitif: identitas baru dapat dibuka setelah permintaan Anda disetujui "
        "petugas verifikasi lain."),
    "identity_approval_not_needed": _l("Identitas laporan ini tidak memerlukan persetujuan."),
    "identity_approver_verifying_role_only": _l(
        "Hanya petugas verifikasi yang dapat menyetujui pembukaan identitas."),
    "identity_approval_needs_second_person": _l(
        "Permintaan harus disetujui orang lain, bukan peminta sendiri."),
    "identity_request_already_approved": _l("Permintaan ini sudah disetujui."),
    "flags_none_given": _l("Pilih tanda yang akan diubah: anonim atau rahasia."),
    "flag_lowering_needs_reporter": _l(
        "Tanda anonim atau rahasia hanya dapat diturunkan oleh pelapor sendiri dengan kuncinya."),
    "note_control_characters": _l("Catatan mengandung karakter kontrol."),
    "note_empty": _l("Catatan kosong."),
    "note_too_long": _l("Catatan terlalu panjang (paling banyak %(max)s karakter)."),
    "form_invalid": _l("Periksa kembali isian formulir."),
    "attachment_invalid": _l("Lampiran ditolak."),
    # accounts
    "password_rejected": _l("Kata sandi ditolak; lihat aturan kata sandi."),
    "password_change_invalid": _l("Periksa kembali kata sandi."),
    "reset_user_disabled": _l("Akun ini nonaktif; tautan atur ulang tidak dikirim."),
    "reset_needs_email": _l("Akun ini tidak punya alamat email untuk menerima tautan."),
    # categories
    "categories_national_admin_only": _l("Hanya admin nasional yang dapat mengubah kategori."),
    "category_exists": _l("Kategori dengan kode %(code)s sudah ada."),
    "category_invalid": _l("Periksa kembali isian kategori."),
    # processes and the studio
    "process_model_other_agency": _l("Model proses ini milik pemilik proses instansi lain."),
    "process_model_exists": _l("Model proses %(key)s sudah ada."),
    "migration_other_model": _l("Kasus hanya dapat dipindahkan antarversi model proses yang sama."),
    "migration_not_newer": _l("Kasus hanya dapat dipindahkan ke versi yang lebih baru."),
    "form_not_in_version": _l("Formulir %(form)s bukan bagian dari versi proses ini."),
    "bpmn_empty": _l("BPMN kosong."),
    "bpmn_too_large": _l("BPMN terlalu besar (paling banyak 2 MB)."),
    "bpmn_body_required": _l("Kirim BPMN sebagai application/xml, atau JSON {bpmn, dmn, forms}."),
    "dmn_not_a_list": _l("dmn harus berupa daftar dokumen XML."),
    "forms_not_an_object": _l("forms harus berupa objek definisi formulir."),
    "form_key_invalid": _l("Kunci formulir berupa nama seperti follow_up."),
    "control_characters_in": _l("Isian %(field)s mengandung karakter kontrol."),
    "draft_author_only": _l("Hanya penulis draf yang mengubahnya; simpan draf Anda sendiri."),
    "draft_not_editable": _l("Draf berstatus %(status)s; tidak dapat diubah lagi."),
    "scenarios_invalid": _l("Skenario tidak sesuai format (given / when / then)."),
    "scenarios_too_large": _l("Skenario terlalu besar (paling banyak 200.000 karakter)."),
    "scenarios_failing": _l(
        "%(count)s skenario gagal; draf tidak dapat disetujui sampai semuanya lulus."),
    "draft_author_submits": _l("Hanya penulis draf yang mengajukannya."),
    "draft_already": _l("Draf sudah berstatus %(status)s."),
    "draft_not_submitted": _l("Draf berstatus %(status)s, tidak menunggu persetujuan."),
    "draft_needs_second_owner": _l(
        "Draf memerlukan persetujuan pemilik proses kedua atau sysadmin."),
    "draft_approver_only": _l(
        "Hanya pemilik proses model ini atau sysadmin yang dapat menyetujuinya."),
    "direct_deploy_sysadmin_only": _l("Hanya sysadmin yang dapat deploy tanpa persetujuan."),
    # working calendar
    "day_name_length": _l("Nama hari harus 1 sampai %(max)s karakter."),
    "day_kind_unknown": _l("Jenis hari tidak dikenal (pilih: %(choices)s)."),
    # onboarding (flask org import, flask users)
    "org_csv_header": _l("Baris pertama CSV harus berupa: %(header)s"),
    "org_import_invalid": _l("%(lines)s baris bermasalah; tidak ada yang diterapkan."),
    "password_too_short": _l("Kata sandi paling sedikit %(min)s karakter."),
    "day_name_control_characters": _l("Nama hari mengandung karakter kontrol."),
    # Open311 GeoReport v2 (web/open311, domain/open311)
    "open311_bad_datetime": _l(
        "%(field)s bukan tanggal-waktu W3C (misalnya 2026-01-01T00:00:00Z)."),
    "open311_bad_status": _l("status harus open, closed, atau keduanya dipisah koma."),
    "open311_start_after_end": _l("start_date harus sebelum end_date."),
    "open311_range_too_long": _l("Rentang start_date sampai end_date paling lama %(days)s hari."),
    "open311_request_not_found": _l("service_request_id tidak ditemukan."),
    "open311_service_not_found": _l("service_code tidak ditemukan."),
    "open311_service_code_required": _l("service_code wajib diisi."),
    "open311_location_required": _l(
        "Lokasi wajib diisi: lat dan long, address_string, atau address_id."),
    "open311_bad_coordinates": _l("lat dan long harus angka WGS84 yang valid."),
    "open311_region_required": _l(
        "Wilayah tidak diketahui: isi attribute[region] dengan kode wilayah Kemendagri."),
    "open311_description_too_long": _l("description paling banyak %(max)s karakter."),
    "open311_unknown_attribute": _l("Atribut %(code)s tidak dikenal untuk layanan ini."),
    "open311_bad_attribute_value": _l("Nilai atribut %(code)s tidak termasuk pilihannya."),
    "open311_invalid_fields": _l("Isian tidak valid: %(fields)s."),
    "open311_jurisdiction_not_found": _l("jurisdiction_id tidak dikenal."),
    "open311_bad_key": _l("Kunci API tidak valid atau sudah dicabut."),
    "open311_key_name": _l(
        "Nama klien 2 sampai 80 huruf, angka, titik, garis bawah atau tanda hubung."),
    "open311_key_exists": _l("Klien %(name)s sudah punya kunci; cabut dulu bila perlu diganti."),
    "open311_key_not_found": _l("Klien tidak ditemukan."),
    # integrations (Idempotency-Key, declared channel, webhooks)
    "idempotency_key_invalid": _l("Idempotency-Key berupa 1 sampai %(max)s karakter ASCII."),
    "idempotency_key_reused": _l(
        "Idempotency-Key ini sudah dipakai untuk permintaan lain; gunakan kunci baru."),
    "channel_not_declarable": _l("channel harus salah satu dari: %(choices)s."),
    "webhook_url_invalid": _l("URL webhook harus http(s):// tanpa nama pengguna, maks. 500."),
    "webhook_agency_unknown": _l("Instansi tidak ditemukan."),
    # counter entry
    "counter_channel_required": _l("Pilih bagaimana laporan diterima: telepon, surat, datang."),
    "counter_privacy_required": _l("Tanyakan kepada pelapor pilihan privasinya."),
    # duplicates
    "merge_primary_invalid": _l("Laporan utama harus laporan lain yang masih berjalan."),
    "merge_needs_verification": _l("Hanya laporan yang sedang diverifikasi dapat digabung."),
    "merge_not_found": _l("Laporan ini tidak sedang digabung sebagai duplikat."),
    "merge_undo_too_late": _l(
        "Penggabungan hanya dapat dibatalkan pada hari yang sama (WIB); laporan ini digabung "
        "pada %(day)s."),
    # organisation admin (domain/org/access.py, structure.py, people.py)
    "org_admin_only": _l(
        "Hanya admin nasional dan koordinator instansi yang mengelola organisasi."),
    "national_admin_only": _l("Hanya admin nasional yang dapat melakukan ini."),
    "role_not_grantable": _l("Anda tidak dapat memberikan peran %(role)s."),
    "agency_has_active_units": _l(
        "Instansi ini masih punya %(count)s unit aktif; nonaktifkan unitnya dahulu."),
    "unit_parent_inactive": _l("Induk unit ini tidak aktif; aktifkan induknya dahulu."),
    "unit_has_active_subunits": _l(
        "Unit ini masih punya %(count)s sub-unit aktif; nonaktifkan atau pindahkan dahulu."),
    "unit_has_open_tasks": _l(
        "Unit ini masih punya %(count)s tugas terbuka; selesaikan atau alihkan dahulu."),
    "unit_has_active_members": _l(
        "Unit ini masih punya %(count)s anggota aktif; nonaktifkan atau pindahkan dahulu."),
    "cannot_deactivate_self": _l("Anda tidak dapat menonaktifkan akun Anda sendiri."),
    "membership_exists": _l("Pengguna ini sudah memegang peran itu di unit itu."),
    "membership_last": _l(
        "Ini peran terakhir pengguna ini; nonaktifkan penggunanya saja."),
    # web input
    "json_object_required": _l("Badan permintaan harus berupa objek JSON."),
    "check_input": _l("Periksa kembali isian Anda."),
    "bad_credentials": _l("Nama pengguna atau kata sandi salah."),
}

FIELD = {
    "required": _l("Wajib diisi."),
    "invalid": _l("Tidak valid."),
    "not_found": _l("Tidak ditemukan."),
    "not_unit_member": _l("Bukan anggota unit ini."),
    "too_large": _l("Terlalu besar."),
    "length": _l("1 sampai %(max)s karakter."),
    "one_of": _l("Pilih salah satu: %(choices)s."),
    "list": _l("Harus berupa daftar."),
    "object": _l("Harus berupa objek."),
    "form_key": _l("Nama seperti follow_up."),
    "json_object": _l("Kirim objek JSON."),
    "unit_not_found": _l("Unit tidak ditemukan."),
    "unknown_cursor": _l("Kursor tidak dikenal."),
    "control_characters": _l("Mengandung karakter kontrol yang tidak diizinkan."),
    "blank": _l("Judul tidak boleh kosong."),
    "both_coordinates": _l("Isi lintang dan bujur bersama, atau kosongkan keduanya."),
    "csv_header": _l("Kepala kolom: %(header)s."),
    "kind_unknown": _l("Jenis baris harus agency, unit atau user."),
    "code_invalid": _l("Kode berupa huruf kecil, angka, titik, garis bawah atau tanda hubung."),
    "name_length": _l("Nama wajib diisi, paling banyak 200 karakter."),
    "region_unknown": _l("Kode wilayah tidak dikenal (muat dulu: flask regions load)."),
    "areas_unknown": _l("Kode wilayah tidak dikenal: %(codes)s."),
    "areas_need_seat": _l("Tetapkan wilayah utama sebelum wilayah tambahan."),
    "duplicate_line": _l("Kode ini sudah ada di baris sebelumnya."),
    "parent_unknown": _l("Induk bukan kode instansi atau unit yang dikenal."),
    "unit_move_unsupported": _l(
        "Unit ini sudah ada di bawah induk lain; impor tidak memindahkannya."),
    "second_top_unit": _l(
        "Instansi ini sudah punya unit teratas; jadikan unit ini sub-unitnya."),
    "role_is_global": _l("Peran ini berlaku nasional: kosongkan kolom parent."),
    "role_needs_unit": _l("Peran ini memerlukan unit di kolom parent."),
    "username_invalid": _l("Nama pengguna tidak valid."),
    "email_invalid": _l("Alamat email tidak valid."),
    "role_unknown": _l("Peran tidak dikenal."),
    "unit_unknown": _l("Unit tidak ditemukan."),
    "user_differs": _l("Nama atau email pengguna ini berbeda dengan baris sebelumnya."),
    "password_length": _l("Kata sandi paling sedikit %(min)s karakter."),
    "password_too_long": _l("Kata sandi paling banyak 1024 karakter."),
    "password_has_username": _l("Kata sandi tidak boleh memuat nama pengguna."),
    "password_repetitive": _l("Kata sandi tidak boleh berupa satu atau dua karakter yang diulang."),
    "password_common": _l("Kata sandi ini terlalu umum dipakai; pilih yang lain."),
    "password_mismatch": _l("Kedua isian kata sandi baru tidak sama."),
    "password_unchanged": _l("Kata sandi baru sama dengan yang lama."),
    "password_wrong": _l("Kata sandi saat ini salah."),
    "category_unknown": _l("Kategori tidak dikenal; pilih salah satu kategori yang tersedia."),
    "category_inactive": _l(
        "Kategori ini sudah tidak aktif untuk laporan baru; pilih kategori lain."),
    "category_code_invalid": _l(
        "Kode kategori: 2 sampai 64 huruf kecil, angka atau garis bawah, diawali huruf."),
    "position_range": _l("Urutan berupa bilangan 0 sampai 9999."),
    "code_taken": _l("Kode ini sudah dipakai."),
    "kind_invalid": _l("Jenis instansi tidak dikenal."),
    "parent_inactive": _l("Induk ini tidak aktif."),
    "unit_other_agency": _l("Unit hanya dapat dipindahkan di dalam instansinya sendiri."),
    "unit_cycle": _l("Unit tidak dapat dipindahkan ke bawah dirinya atau sub-unitnya sendiri."),
    "unit_inactive": _l("Unit ini tidak aktif."),
    "username_taken": _l("Nama pengguna ini sudah dipakai."),
    "locale_invalid": _l("Bahasa harus id atau en."),
    "notice_mode_invalid": _l("Pilih surel langsung atau ringkasan harian."),
}


def _format(text: Any, params: dict[str, Any]) -> str:
    try:
        return str(text) % params if params else str(text)
    except (KeyError, TypeError, ValueError):  # a sentence's parameter is missing: say it bare
        return str(text)


def message(exc: DomainError) -> str:
    """The error's sentence in the current locale."""
    if exc.code == "not_found":
        return str(FAMILY["not_found"])
    text = REASON.get(exc.reason) or FAMILY.get(exc.code) or FAMILY["bad_request"]
    return _format(text, exc.params)


def field(value: Any, params: dict[str, Any] | None = None) -> Any:
    """Field details in words: codes become phrases, lists and dicts are walked, other text
    (already worded, e.g. by forms/validation) passes unchanged."""
    if isinstance(value, str):
        text = FIELD.get(value)
        return value if text is None else _format(text, params or {})
    if isinstance(value, list):
        return [field(v, params) for v in value]
    if isinstance(value, dict):
        return {k: field(v, params) for k, v in value.items()}
    return value


def details(exc: DomainError) -> Any:
    """The error's details in words, or the reason code when it has none (for clients)."""
    if exc.details is None:
        return {"reason": exc.reason, **({"params": exc.params} if exc.params else {})}
    return field(exc.details, exc.params)
