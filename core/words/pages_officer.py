"""The officer's workspace: the report form at /lapor, my reports, the draft editor."""

from __future__ import annotations

OFFICER_TEXTS: dict[str, tuple[str, str]] = {
    # The report form (/lapor): each field's label, then what it must be when it is refused.
    "officer_report_title": ("Laporkan klaim", "Report a claim"),
    "officer_report_help": (
        "Tulis klaim seperti yang beredar. Hanya klaim yang wajib; isi yang lain bila tahu.",
        "Write the claim as it circulates. Only the claim is required; fill in the rest if known.",
    ),
    "officer_field_claim": ("Klaim yang beredar", "The circulating claim"),
    "officer_hint_claim": (
        "wajib diisi, 3 sampai 5.000 karakter",
        "required, 3 to 5,000 characters",
    ),
    "officer_field_source_urls": ("Tautan sumber", "Source links"),
    "officer_hint_source_urls": (
        "satu tautan http(s) lengkap per baris, paling banyak 20",
        "one full http(s) link per line, at most 20",
    ),
    "officer_field_platform": ("Platform", "Platform"),
    "officer_hint_platform": ("pilih dari daftar", "pick one from the list"),
    "officer_field_reach": ("Jangkauan (tayangan/bagikan)", "Reach (views/shares)"),
    "officer_hint_reach": ("bilangan bulat, 0 atau lebih", "a whole number, 0 or more"),
    "officer_field_growth_per_hour": ("Pertambahan per jam", "Growth per hour"),
    "officer_hint_growth_per_hour": ("bilangan bulat, 0 atau lebih", "a whole number, 0 or more"),
    "officer_field_media_type": ("Jenis konten", "Kind of content"),
    "officer_hint_media_type": ("pilih dari daftar", "pick one from the list"),
    "officer_field_language": ("Bahasa klaim", "Language of the claim"),
    "officer_hint_language": ("pilih dari daftar", "pick one from the list"),
    "officer_field_notes": ("Catatan", "Notes"),
    "officer_hint_notes": ("paling banyak 5.000 karakter", "at most 5,000 characters"),
    "officer_field_first_seen_at": ("Pertama beredar", "First seen circulating"),
    "officer_hint_first_seen_at": (
        "tanggal dan jam yang sudah lewat, waktu setempat",
        "a date and time already past, local time",
    ),
    "officer_field_file": ("Foto, video atau audio (opsional)", "Photo, video or audio (optional)"),
    "officer_file_help": (
        "JPEG, PNG, WebP, GIF, MP4, WebM, MP3, Ogg, WAV atau M4A.",
        "JPEG, PNG, WebP, GIF, MP4, WebM, MP3, Ogg, WAV or M4A.",
    ),
    "officer_field_note": ("Keterangan berkas", "About the file"),
    "officer_hint_note": ("paling banyak 2.000 karakter", "at most 2,000 characters"),
    "officer_choose": ("— pilih —", "— choose —"),
    "officer_submit_report": ("Kirim laporan", "Send the report"),
    "officer_fix_fields": ("Periksa isian berikut:", "Please check these fields:"),
    "officer_file_refused": (
        "Berkas ditolak, laporan belum dikirim. Pilih berkas lain atau kosongkan berkas:",
        "The file was refused and the report is not sent yet. Pick another file or none:",
    ),
    "officer_media_later": (
        "Laporan tersimpan; sistem belum dapat menilai ulang dengan berkas itu.",
        "The report is kept; the system could not yet score it again with that file.",
    ),
    "officer_lang_id": ("Bahasa Indonesia", "Indonesian"),
    "officer_lang_en": ("Bahasa Inggris", "English"),
    "officer_lang_jv": ("Bahasa Jawa", "Javanese"),
    "officer_lang_su": ("Bahasa Sunda", "Sundanese"),
    "officer_lang_ban": ("Bahasa Bali", "Balinese"),
    # My reports (/laporan).
    "officer_mine_title": ("Laporan saya", "My reports"),
    "officer_mine_none": ("Anda belum melaporkan klaim.", "You have not reported a claim yet."),
    "officer_reported_at": ("Dilaporkan", "Reported"),
    "officer_waits_on_you": ("Menunggu perbaikan Anda", "Waiting for your changes"),
    "officer_no_severity": ("belum dinilai", "not scored yet"),
    # The draft editor (/view/incidents/{id}/draft).
    "officer_edit_title": ("Perbaiki draf klarifikasi", "Revise the klarifikasi draft"),
    "officer_edit_link": ("Perbaiki draf", "Revise the draft"),
    "officer_reasons": ("Permintaan penyetuju", "What the approvers asked"),
    "officer_no_reasons": ("Belum ada permintaan perbaikan.", "No changes have been asked for."),
    "officer_on_version": ("pada versi", "on version"),
    "officer_changes": ("Perubahan dari versi", "Changes from version"),
    "officer_to_version": ("ke versi", "to version"),
    "officer_no_change": ("Teks sama dengan versi sebelumnya.", "Same text as the version before."),
    "officer_added": ("ditambahkan", "added"),
    "officer_removed": ("dihapus", "removed"),
    "officer_field_title": ("Judul", "Title"),
    "officer_hint_title": (
        "wajib diisi, satu baris, paling banyak 300 karakter",
        "required, one line, at most 300 characters",
    ),
    "officer_field_body": ("Isi klarifikasi", "Klarifikasi text"),
    "officer_hint_body": (
        "wajib diisi, paling banyak 20.000 karakter",
        "required, at most 20,000 characters",
    ),
    "officer_field_draft_language": ("Bahasa draf", "Language of the draft"),
    "officer_hint_draft_language": ("pilih dari daftar", "pick one from the list"),
    "officer_save_version": ("Simpan sebagai versi baru", "Save as a new version"),
    "officer_save_help": (
        "Versi baru dikirim lagi ke penyetuju; persetujuan versi lama tidak berlaku lagi.",
        "The new version goes to the approvers again; approvals of the old one no longer count.",
    ),
    "officer_not_editable": (
        "Draf ini tidak dapat diubah pada tahap ini.",
        "This draft cannot be changed at this stage.",
    ),
    "officer_draft_moved": (
        "Draf sudah berubah sejak Anda membukanya (kini versi {version}). Teks Anda ada di bawah;"
        " periksa perubahan lalu simpan lagi.",
        "The draft changed since you opened it (now version {version}). Your text is below;"
        " look at the changes, then save again.",
    ),
    "officer_back": ("Kembali ke insiden", "Back to the incident"),
}
