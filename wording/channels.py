"""The words of the messaging channels: the automatic replies and the desk's thread labels.

Replies go out in Indonesian (the caller forces the locale) and in the GSM-7 alphabet only
(plain ASCII here): one character outside it would make the SMS UCS-2 and halve what fits.
Placeholders carry codes and the tracking id, never personal data.
`tests/channels/test_replies.py` checks that every reply fits one GSM-7 SMS.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain.cases.tracking import display_tracking_id
from wording import labels

CHANNEL = {
    "web": _l("Portal web"),
    "api": _l("API / aplikasi"),
    "sms": _l("SMS"),
    "social": _l("Media sosial"),
    "email": _l("Surel"),
    "officer": _l("Dicatat petugas"),
    "open311": _l("Open311"),
    "cli": _l("Baris perintah"),
}
# What became of an inbound message (domain.channels.conversation outcomes).
OUTCOME = {
    "case_created": _l("Laporan baru dibuat"),
    "case_incomplete": _l("Laporan dibuat dari pesan yang tidak lengkap"),
    "case_repeat": _l("Pesan yang sama dalam sepuluh menit: laporan yang sudah ada"),
    "threaded": _l("Ditambahkan sebagai tanggapan pelapor"),
    "not_owner": _l("Dari nomor lain: tidak ditambahkan"),
    "unknown_case": _l("Nomor laporan tidak dikenal"),
    "checked": _l("Permintaan status"),
    "opted_out": _l("Berhenti berlangganan"),
    "opted_in": _l("Berlangganan kembali"),
    "help": _l("Permintaan bantuan"),
    "unparsed": _l("Tidak dipahami: dijawab dengan bantuan"),
    "rate_limited": _l("Melewati batas laporan per jam: diabaikan"),
    "dropped": _l("Balasan otomatis atau pantulan: diabaikan"),
}
# Outbound messages in a case's thread (outbox kinds and templates).
OUTBOUND = {
    "receipt": _l("Tanda terima"),
    "status": _l("Pemberitahuan perubahan status"),
    "answer": _l("Jawaban petugas"),
    "threaded": _l("Konfirmasi tanggapan"),
    "checked": _l("Jawaban status"),
    "help": _l("Bantuan"),
    "repeat": _l("Jawaban pesan berulang"),
}


# Why a mailed file was left out (domain/channels/mail.py reason codes), in plain words.
REFUSED = {
    "too_large": _l("berkasnya lebih besar dari 10 MB"),
    "empty": _l("berkasnya kosong"),
    "unsupported": _l("jenis berkasnya tidak kami terima (hanya foto JPEG atau PNG, dan PDF)"),
    "image_too_big": _l("gambarnya lebih dari 24 megapiksel; perkecil resolusinya"),
    # Pillow could not read it: a damaged photo, or any type it does not know (HEIC, EXE).
    "broken_image": _l("berkasnya tidak dapat dibaca sebagai foto JPEG atau PNG (jenis lain "
                       "tidak kami terima, kecuali PDF)"),
    "broken_pdf": _l("PDF-nya rusak atau tidak lengkap"),
    "locked_pdf": _l("PDF-nya dikunci dengan kata sandi; kirim salinan tanpa kata sandi"),
    "too_many": _l("satu laporan paling banyak memuat 5 lampiran"),
    "unreadable": _l("lampirannya tidak dapat dibaca"),
}


def refused_files(refused: list[tuple[int, str, str, str]]) -> str:
    """The paragraph of a mail answer that names the files left out and why (empty if
    none). Names come cleaned (`domain/channels/mail.shown_filename`): no dots, no
    markup, the extension apart, so nothing in them reads as a link."""
    if not refused:
        return ""
    lines = [_("Lampiran berikut tidak kami simpan:")]
    for position, stem, extension, reason in refused:
        why = labels.label(REFUSED, reason)
        if stem and extension:
            lines.append(_('- lampiran ke-%(n)s, "%(name)s" (berkas %(ext)s): %(why)s.',
                           n=position, name=stem, ext=extension.upper(), why=why))
        elif stem:
            lines.append(_('- lampiran ke-%(n)s, "%(name)s": %(why)s.', n=position, name=stem,
                           why=why))
        else:
            lines.append(_("- lampiran ke-%(n)s: %(why)s.", n=position, why=why))
    lines.append(_("Pesan Anda tetap kami terima. Untuk mengirim berkasnya lagi, balas "
                   "surel ini dengan lampiran yang sesuai."))
    return "\n".join(lines)


def channel(code: Any) -> str:
    return labels.label(CHANNEL, code)


def outcome(code: Any) -> str:
    return labels.label(OUTCOME, code)


# Delivery states of outbound messages (outbox statuses, an opt-out, a confidential case).
DELIVERY = {
    "pending": _l("Menunggu dikirim"),
    "sent": _l("Terkirim"),
    "failed": _l("Gagal dikirim"),
    "suppressed": _l("Tidak dikirim: nomor berhenti berlangganan"),
    "withheld": _l("Tidak dikirim: laporan rahasia"),
}


def outbound(code: Any) -> str:
    """An outbound message's label; `status:<code>` names the status it announced."""
    code = str(getattr(code, "value", code) or "")
    if code.startswith("status:"):
        return f"{labels.label(OUTBOUND, 'status')}: {labels.status(code[7:])}"
    return labels.label(OUTBOUND, code)


def delivery(code: Any) -> str:
    return labels.label(DELIVERY, code)


def sms_receipt(tracking_id: str) -> str:
    """The receipt of an SMS case: one GSM-7 SMS, the tracking id and how to answer."""
    return _("Laporan diterima. Nomor: %(shown)s. Tanggapi: kirim #%(tid)s <pesan>. "
             "Status: CEK %(tid)s. Berhenti: STOP",
             shown=display_tracking_id(tracking_id), tid=tracking_id)


def sms_receipt_with_key(tracking_id: str, reporter_key: str) -> str:
    """The SMS receipt of a case filed on the web or the API: one GSM-7 SMS with the key
    (the e-mail receipt, if any, says more)."""
    return _("Laporan diterima. Nomor: %(tid)s. Kunci pelapor (rahasia): %(key)s. "
             "Pantau di portal dengan keduanya.", tid=tracking_id, key=reporter_key)


def reply(template: str, payload: dict[str, Any], status_url: str = "") -> str:
    """The automatic answer to one inbound message."""
    tid = str(payload.get("tracking_id") or "")
    shown = display_tracking_id(tid) if len(tid) == 8 else tid
    if template == "help":
        return _("Format: LAPOR#kategori#lokasi#isi atau LAPOR isi. Tanggapi laporan: "
                 "#NOMOR isi. Status: CEK NOMOR. Berhenti: STOP. Mulai lagi: MULAI")
    if template == "checked":
        return _("Laporan %(shown)s: %(status)s.", shown=shown,
                 status=labels.status(payload.get("status")))
    if template == "status":  # under a public social post: the status word and the link
        text = _("Laporan %(shown)s: %(status)s.", shown=shown,
                 status=labels.status(payload.get("to")))
        return f"{text} {status_url}".strip()
    if template == "unknown_case":
        return _("Nomor laporan %(shown)s tidak dikenal. Periksa nomornya atau kirim BANTUAN.",
                 shown=shown or "-")
    if template == "not_owner":
        return _("Tanggapan untuk laporan %(shown)s hanya diterima dari nomor pelapor. "
                 "Pesan Anda tidak ditambahkan.", shown=shown)
    if template == "threaded":
        return _("Tanggapan Anda untuk laporan %(shown)s sudah kami terima.", shown=shown)
    if template == "stopped":
        return _("Anda tidak akan menerima pesan lagi dari kami. Kirim MULAI untuk "
                 "menerima lagi.")
    if template == "started":
        return _("Anda akan menerima pesan dari kami lagi. Kirim BANTUAN untuk formatnya.")
    if template == "repeat":
        return _("Laporan yang sama sudah kami terima dengan nomor %(shown)s; tidak dibuat "
                 "laporan kedua.", shown=shown)
    if template == "receipt":
        text = _("Laporan Anda diterima dengan nomor %(shown)s.", shown=shown)
        return f"{text} {status_url}".strip()
    raise ValueError(f"unknown reply template {template!r}")


def reply_subject(subject: str | None) -> str:
    """The subject of a mail answer: the reporter's own, as a reply."""
    subject = (subject or "").strip()
    if not subject:
        return _("Laporan Anda")
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"
