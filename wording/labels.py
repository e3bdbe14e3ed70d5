"""Labels for the domain's codes: one table per vocabulary, one function to read it.

A table maps the code (the enum's value, or the event kind an audit record carries) to a lazy
gettext string, so the same table serves any locale. An unknown code reads as itself: a new
event kind shows up untranslated rather than vanishing from a timeline or a case file.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from domain.cases.categories import category_label
from domain.enums import CaseKind, CaseStatus, Lane

STATUS = {
    CaseStatus.SUBMITTED: _l("Diterima"),
    CaseStatus.VERIFICATION: _l("Sedang diverifikasi"),
    CaseStatus.HOLD: _l("Menunggu informasi pelapor"),
    CaseStatus.FOLLOW_UP: _l("Sedang ditindaklanjuti"),
    CaseStatus.RESPONDED: _l("Tindak lanjut diberikan"),
    CaseStatus.CLOSED: _l("Selesai"),
    CaseStatus.ARCHIVED: _l("Diarsipkan"),
}
KIND = {
    CaseKind.COMPLAINT: _l("Pengaduan"),
    CaseKind.ASPIRATION: _l("Aspirasi"),
    CaseKind.INFORMATION_REQUEST: _l("Permintaan informasi"),
}
# Lower case: a lane names who acts, and it is read inside sentences ("Menunggu …").
LANE = {
    Lane.COORDINATOR: _l("koordinator instansi"),
    Lane.NATIONAL_ADMIN: _l("admin nasional"),
    Lane.LIAISON: _l("admin penghubung unit"),
    Lane.SUPERVISOR: _l("atasan unit"),
    Lane.REPORTER: _l("pelapor"),
}
DECISION = {
    "valid": _l("Laporan valid dan didisposisikan"),
    "hold": _l("Laporan ditunda: pelapor diminta melengkapi"),
    "not_authority": _l("Bukan wewenang: laporan diteruskan"),
    "archive": _l("Laporan diarsipkan"),
    "answer": _l("Tindak lanjut dikirim"),
    "accept": _l("Pelapor menerima tindak lanjut"),
    "reopen": _l("Pelapor meminta laporan dibuka kembali"),
    "extend": _l("Waktu jawaban diperpanjang satu kali"),
    "reject": _l("Permintaan informasi ditolak (informasi dikecualikan)"),
    "object": _l("Pemohon mengajukan keberatan"),
    "grant": _l("Keberatan diterima: informasi diberikan"),
    "uphold": _l("Keberatan ditolak: keputusan PPID dikuatkan"),
}
TEXT_FIELD = {
    "answer": _l("Jawaban"),
    "question": _l("Pertanyaan untuk pelapor"),
    "reason": _l("Alasan"),
    "additional_info": _l("Informasi tambahan dari pelapor"),
    "comment": _l("Komentar pelapor"),
    "exemption": _l("Pengecualian (UU 14/2008 pasal 17)"),
    "title": _l("Judul"),
    "original_title": _l("Judul asli"),
    "description": _l("Uraian"),
    "location": _l("Lokasi"),
}
# Audit event kinds (domain.audit.operations.record callers): audit tables and case files.
EVENT = {
    "case_submitted": _l("Laporan diterima"),
    "attachment_added": _l("Lampiran ditambahkan"),
    "task_assigned": _l("Tugas dibuat"),
    "task_completed": _l("Tugas diselesaikan"),
    "task_reassigned": _l("Tugas dialihkan"),
    "status_changed": _l("Status berubah"),
    "timer_fired": _l("Batas waktu terlewati"),
    "deadline_recomputed": _l("Batas waktu dihitung ulang"),
    "note_added": _l("Catatan ditambahkan"),
    "reporter_message": _l("Pesan pelapor diterima lewat SMS/surel"),
    "identity_viewed": _l("Identitas pelapor dilihat"),
    "identity_view_requested": _l("Pembukaan identitas diminta"),
    "identity_view_approved": _l("Pembukaan identitas disetujui"),
    "flags_raised": _l("Tanda anonim/rahasia dinaikkan"),
    "flags_lowered": _l("Tanda anonim/rahasia diturunkan oleh pelapor"),
    "case_migrated": _l("Kasus dipindahkan ke versi proses lain"),
    "case_migration_refused": _l("Pemindahan kasus ditolak"),
    "process_deployed": _l("Versi proses dideploy"),
    "process_deployed_directly": _l("Versi proses dideploy langsung (tanpa persetujuan)"),
    "process_model_copied": _l("Model proses disalin untuk instansi"),
    "process_draft_submitted": _l("Draf proses diajukan"),
    "process_draft_approved": _l("Draf proses disetujui"),
    "process_draft_rejected": _l("Draf proses ditolak"),
    "calendar_changed": _l("Kalender hari kerja diubah"),
    "open311_key_issued": _l("Kunci API Open311 diberikan"),
    "open311_key_revoked": _l("Kunci API Open311 dicabut"),
    "webhook_added": _l("Webhook instansi ditambahkan"),
    "webhook_removed": _l("Webhook instansi dihapus"),
    "case_merged": _l("Laporan digabung ke laporan lain (duplikat)"),
    "duplicate_merged": _l("Laporan duplikat digabung ke laporan ini"),
    "merge_undone": _l("Penggabungan sebagai duplikat dibatalkan"),
    "duplicate_unmerged": _l("Penggabungan laporan duplikat ke laporan ini dibatalkan"),
    "duplicates_suggested": _l("Kemungkinan laporan yang sama ditemukan saat diterima"),
    "repeat_received": _l("Laporan yang sama dikirim lagi oleh pelapor (tidak dibuat baru)"),
    "agency_created": _l("Instansi ditambahkan"),
    "agency_updated": _l("Instansi diubah"),
    "unit_created": _l("Unit ditambahkan"),
    "unit_updated": _l("Unit diubah"),
    "user_created": _l("Pengguna ditambahkan"),
    "user_updated": _l("Pengguna diubah"),
    "notice_mode_changed": _l("Cara menerima pemberitahuan diubah"),
    "role_granted": _l("Peran diberikan"),
    "user_password_set": _l("Kata sandi diganti"),
    "user_disabled": _l("Pengguna dinonaktifkan"),
    "password_reset_issued": _l("Tautan atur ulang kata sandi dikirim"),
    "password_reset_used": _l("Kata sandi diatur ulang lewat tautan"),
    "category_created": _l("Kategori ditambahkan"),
    "category_updated": _l("Kategori diubah"),
    "category_deactivated": _l("Kategori dinonaktifkan"),
    "category_activated": _l("Kategori diaktifkan kembali"),
    "reporter_pseudonymised": _l("Identitas pelapor dipseudonimkan (masa retensi habis)"),
    "reporter_data_exported": _l("Data pelapor diekspor (UU PDP)"),
    "detection_masked": _l("Teks tambahan disamarkan oleh petugas verifikasi"),
    "detection_released": _l("Deteksi data pribadi dilepas oleh petugas verifikasi"),
    "user_enabled": _l("Pengguna diaktifkan kembali"),
    "role_revoked": _l("Peran dicabut"),
    "agency_deactivated": _l("Instansi dinonaktifkan"),
    "agency_activated": _l("Instansi diaktifkan kembali"),
    "unit_deactivated": _l("Unit dinonaktifkan"),
    "unit_activated": _l("Unit diaktifkan kembali"),
}
LETTER = {
    "disposition": _l("Nota dinas disposisi"),
    "follow_up": _l("Surat tindak lanjut"),
    "casefile": _l("Berkas perkara"),
}
# What a status asks of the reporter, said after its label in notifications.
NEXT_STEP = {
    CaseStatus.HOLD: _l("Laporan ditunda sampai Anda melengkapi informasinya."),
    CaseStatus.FOLLOW_UP: _l("Laporan telah didisposisikan ke instansi yang berwenang."),
    CaseStatus.RESPONDED: _l("Silakan baca dan tanggapi tindak lanjutnya."),
}
# Actors that are not users (domain.audit.actors): how a timeline names them.
ACTOR = {
    "reporter": _l("Pelapor"),
    "system:timer": _l("Sistem (tenggat)"),
    "system:cli": _l("Sistem (baris perintah)"),
    "system:retention": _l("Sistem (masa retensi)"),
}


# What `/verify` and `flask audit verify-casefile` found wrong with a document (reason codes
# of reports/verification.py and domain/letters/verification.py).
VERIFY_PROBLEM = {
    "not_signed": _l("Berkas tidak bertanda tangan elektronik."),
    "signature_broken": _l("Tanda tangan rusak: isi berkas berubah setelah ditandatangani."),
    "signer_untrusted": _l("Tanda tangan bukan dari sertifikat instansi ini."),
    "changed_after_signing": _l("Ada tambahan pada berkas setelah ditandatangani."),
    "unknown_document": _l("Hash berkas ini tidak dikenal: Aduan tidak pernah menerbitkannya."),
    "head_mismatch": _l("Kepala rantai yang tercetak berbeda dengan yang tercatat."),
    "head_not_in_log": _l("Kepala rantai ini tidak ada lagi dalam log audit."),
    "chain_broken": _l("Rantai audit sampai kepala ini rusak."),
    "tail_missing": _l("Rantai audit perkara ini terpotong."),
    "leaf_changed": _l("Peristiwa kepala rantai berubah sejak dicatat dalam log."),
    "checkpoint_proof_fails": _l("Bukti inklusi pada titik periksa bertanda tangan gagal."),
}


def label(table: dict[Any, Any], code: Any) -> str:
    """The code's words in the current locale; the code itself when the table lacks it."""
    code = getattr(code, "value", code)
    if code is None:
        return ""
    return str(table.get(code, code))


def status(code: Any) -> str:
    return label(STATUS, code)


def kind(code: Any) -> str:
    return label(KIND, code)


def category(code: Any) -> str:
    """A category's name in the current locale, from the category table (data, not code)."""
    return category_label(getattr(code, "value", code), str(get_locale() or "id"))


def lane(code: Any) -> str:
    return label(LANE, code)


def decision(code: Any) -> str:
    return label(DECISION, code)


def text_field(code: Any) -> str:
    return label(TEXT_FIELD, code)


def event(code: Any) -> str:
    return label(EVENT, code)


def letter(code: Any) -> str:
    return label(LETTER, code)


def actor(code: str) -> str:
    return label(ACTOR, code)


def next_step(code: Any) -> str:
    """What the status asks of the reporter; "" when it asks nothing."""
    code = getattr(code, "value", code)
    return str(NEXT_STEP[code]) if code in NEXT_STEP else ""


def verify_problem(code: str) -> str:
    return label(VERIFY_PROBLEM, code)
