"""The words of the Slack modals and the `/tangkal` command (Bahasa Indonesia: Slack speaks to
the organisation's team, whose cards are in its language too)."""

from __future__ import annotations

from core.words import Words

W = Words

CHECKLIST = {
    "source_traced": W("Sumber asli sudah ditelusuri", "Original source traced"),
    "agency_statement": W(
        "Pernyataan instansi berwenang sudah didapat", "Authoritative agency statement obtained"
    ),
    "archive_link": W("Tautan arsip sudah disimpan", "Archive link saved"),
}
VERIFY_TITLE = W("Verifikasi", "Verification")
SAVE = W("Simpan", "Save")
SEND = W("Kirim", "Send")
CANCEL = W("Batal", "Cancel")
VERDICT_CHOSEN = W("*{id}* · putusan: *{verdict}*", "*{id}* · verdict: *{verdict}*")
SUMMARY = W("Ringkasan fakta", "Summary of the facts")
EVIDENCE = W("Tautan bukti (satu per baris)", "Evidence links (one per line)")
AUTHORITY = W("Instansi berwenang", "Authoritative agency")
CHECKLIST_LABEL = W("Daftar periksa", "Checklist")
REJECT_TITLE = W("Tolak draf", "Reject the draft")
ARCHIVE_REJECT_TITLE = W("Bukan klarifikasi ini", "Not this debunk")
ARCHIVE_REJECT_REASON = W(
    "Mengapa klarifikasi terdahulu itu tidak berlaku?", "Why does that earlier debunk not apply?"
)
DUPLICATE_REJECT_TITLE = W("Bukan hoaks yang sama", "Not the same hoax")
DUPLICATE_REJECT_REASON = W(
    "Mengapa laporan {id} bukan hoaks yang sama? Laporan itu lalu ditangani sebagai insiden"
    " tersendiri.",
    "Why is report {id} not the same hoax? That report is then handled as an incident of its own.",
)
CHANGES_TITLE = W("Minta perubahan", "Request changes")
REASON = W("Alasan", "Reason")
MEDIA = W("Apa yang salah pada medianya? (ClaimReview)", "What was wrong with the media?")
BAD_MEDIA = W("Pilih salah satu jenis yang tersedia", "Choose one of the kinds offered")
LINE_PROBLEM = W("Baris {number}: {problem}", "Line {number}: {problem}")
SUMMARY_NEEDED = W("Ringkasan fakta wajib diisi", "The summary of the facts is required")
REASON_NEEDED = W("Alasan wajib diisi", "A reason is required")

HELP = W(
    "Perintah: `/tangkal lapor &lt;klaim&gt;` untuk melapor, "
    "`/tangkal status &lt;id&gt;` untuk status.",
    "Commands: `/tangkal lapor &lt;claim&gt;` to report, `/tangkal status &lt;id&gt;` for status.",
)
REFUSED = W("Ditolak: {reason}.", "Refused: {reason}.")
CLAIM_REFUSED = W("Klaim ditolak: {problem}", "Claim refused: {problem}")
CLAIM_LENGTH = W(
    "Klaim harus 3 sampai 5000 karakter: `/tangkal lapor &lt;klaim&gt;`",
    "A claim is 3 to 5000 characters: `/tangkal lapor &lt;claim&gt;`",
)
REPORTED = W(
    "Laporan diterima sebagai *{id}*. Triase berjalan; kartu verifikasi menyusul di kanal "
    "verifikasi.",
    "Report received as *{id}*. Triage is running; the verification card follows in the "
    "verification channel.",
)
NOT_FOUND = W("Insiden {id} tidak ditemukan.", "Incident {id} not found.")
STATUS = W(
    "*{id}* · tahap *{stage}*{resolution} · tingkat {severity} · risiko {risk} · {approvals}",
    "*{id}* · stage *{stage}*{resolution} · severity {severity} · risk {risk} · {approvals}",
)
APPROVALS = W("{count} persetujuan", "{count} approvals")
NO_DRAFT = W("belum ada draf", "no draft yet")
