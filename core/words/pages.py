"""The pages' own words (headings, buttons, hints), by key: the shared ones here, each role's
workspace in its own module (`pages_officer`, `pages_review`, `pages_leader`)."""

from __future__ import annotations

from core.words import Words
from core.words.pages_leader import LEADER_TEXTS
from core.words.pages_officer import OFFICER_TEXTS
from core.words.pages_review import REVIEW_TEXTS

PAGE_TEXTS: dict[str, tuple[str, str]] = {
    "app": ("Tangkal — Ruang Kerja Humas", "Tangkal — Humas workspace"),
    "sign_in": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "nav_report": ("Lapor", "Report"),
    "nav_my_reports": ("Laporan saya", "My reports"),
    "nav_verify": ("Verifikasi", "Verify"),
    "nav_approve": ("Persetujuan", "Approvals"),
    "user_name": ("Nama", "Name"),
    "password": ("Kata sandi", "Password"),
    "sign_in_help": (
        "Masuk dengan nama dan kata sandi Anda. Belum punya? Minta tautan masuk kepada admin.",
        "Sign in with your name and password. None yet? Ask an admin for a sign-in link.",
    ),
    "bad_password": ("Nama atau kata sandi salah.", "Wrong name or password."),
    "bad_link": (
        "Tautan masuk ini tidak dikenal, sudah dipakai atau kedaluwarsa. "
        "Minta yang baru kepada admin.",
        "This sign-in link is unknown, used or expired. Ask an admin for a new one.",
    ),
    "choose_password": ("Buat kata sandi", "Choose a password"),
    "welcome": ("Selamat datang", "Welcome"),
    "choose_password_help": (
        "Buat kata sandi untuk masuk ke Tangkal berikutnya. Tautan ini hanya berlaku sekali.",
        "Choose the password you will sign in to Tangkal with. This link works once.",
    ),
    "new_password": ("Kata sandi baru", "New password"),
    "short_password": ("Kata sandi terlalu pendek; minimal", "Password too short; at least"),
    "save_and_sign_in": ("Simpan dan masuk", "Save and sign in"),
    "throttled": (
        "Terlalu banyak percobaan masuk yang gagal dari alamat ini. Coba lagi dalam",
        "Too many failed sign-ins from this address. Try again in",
    ),
    "open_incidents": ("Insiden terbuka", "Open incidents"),
    "no_open": ("Tidak ada insiden terbuka.", "No open incidents."),
    "recently_closed": ("Baru ditutup", "Recently closed"),
    "severity": ("Tingkat", "Severity"),
    "stage": ("Tahap", "Stage"),
    "claim": ("Klaim", "Claim"),
    "sla_left": ("Sisa SLA", "SLA left"),
    "overdue": ("lewat", "overdue"),
    "metrics": ("Angka", "Metrics"),
    "dashboard": ("Beranda", "Dashboard"),
    "timeline": ("Linimasa", "Timeline"),
    "events": ("Peristiwa", "Events"),
    "sla": ("SLA", "SLA"),
    "minutes": ("menit", "minutes"),
    "running": ("berjalan", "running"),
    "within_sla": ("sesuai SLA", "within SLA"),
    "breached": ("melewati SLA", "SLA breached"),
    "draft": ("Draf klarifikasi", "Counter-statement draft"),
    "no_draft": ("Belum ada draf.", "No draft yet."),
    "version": ("Versi", "Version"),
    "approvals": ("Persetujuan", "Approvals"),
    "no_approvals": ("Belum ada persetujuan.", "No approvals yet."),
    "publications": ("Publikasi", "Publications"),
    "no_publications": ("Belum dipublikasikan.", "Not published yet."),
    "publication_warning": ("Peringatan", "Warning"),
    "decide": ("Keputusan Anda", "Your decision"),
    "approve": ("Setujui", "Approve"),
    "request_changes": ("Minta perbaikan", "Request changes"),
    "reject": ("Tolak", "Reject"),
    "reason": ("Alasan (wajib untuk tolak / perbaikan)", "Reason (required to reject / change)"),
    "outbox": ("Kotak keluar konsol", "Console outbox"),
    "brief": ("Ringkasan eksekutif", "Executive brief"),
    "media": ("Bukti media", "Media evidence"),
    "custody_media_uploaded": ("diunggah", "uploaded"),
    "custody_media_downloaded": ("diunduh", "downloaded"),
    "uploaded_by": ("Diunggah oleh", "Uploaded by"),
    "seconds": ("detik", "seconds"),
    "download": ("Unduh berkas asli", "Download the original file"),
    "earlier_klarifikasi": ("klarifikasi terdahulu", "earlier klarifikasi"),
    "difference": (
        "Bagian yang berbeda dari media resmi, dikotak merah",
        "The part that differs from the official media, boxed in red",
    ),
    "dossier": ("Dosier keputusan", "Decision dossier"),
    "reporter": ("Pelapor", "Reported by"),
    "verdict": ("Putusan", "Verdict"),
    "risk": ("Risiko", "Risk"),
    "resolution": ("Hasil", "Resolution"),
    "needs_attention": ("Perlu perhatian", "Needs attention"),
    "time_to_verify": ("Waktu verifikasi", "Time to verify"),
    "time_to_approve": ("Waktu persetujuan", "Time to approve"),
    "time_to_klarifikasi": ("Laporan → klarifikasi", "Report → klarifikasi"),
    "week": ("Minggu", "Week"),
    "breaches": ("Pelanggaran SLA", "SLA breaches"),
    "by_topic": ("Per topik", "By topic"),
    "by_platform": ("Per platform", "By platform"),
    "no_data": ("Belum ada data.", "No data yet."),
    "done": ("Keputusan tercatat.", "Decision recorded."),
    "holder": ("Menunggu", "Waiting on"),
    "holder_reported": ("sistem (triase)", "the system (triage)"),
    "holder_triage": ("sistem (triase)", "the system (triage)"),
    "holder_verification": ("verifikator", "a verifier"),
    "holder_drafting": ("petugas humas", "an officer"),
    "holder_approval": ("penyetuju", "an approver"),
    "holder_publishing": ("penerbitan ke kanal", "publishing to channels"),
    "holder_monitoring": ("pemantauan", "monitoring"),
    "holder_closed": ("—", "—"),
    "time_zone": ("Zona waktu", "Time zone"),
    "generated": ("dibuat", "generated"),
    "no_decisions": ("Belum ada keputusan.", "No decisions yet."),
    "decisions_heading": (
        "Keputusan (versi dan hash yang disetujui)",
        "Decisions (the versions and hashes approved)",
    ),
    "sla_per_stage": ("Kepatuhan SLA per tahap", "SLA compliance per stage"),
    "no_sla": ("tanpa SLA", "no SLA"),
    "channels_links": ("Kanal dan tautan", "Channels and links"),
    "corrections": ("Koreksi", "Corrections"),
    "no_corrections": ("Tidak ada koreksi.", "No corrections."),
    "klarifikasi_text": ("Teks klarifikasi", "Klarifikasi text"),
    "published_after": ("terbit setelah", "published after"),
    "published_on": ("Diterbitkan", "Published"),
}


def _merged(*parts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"page words defined twice: {sorted(twice)}")
        merged.update(part)
    return merged


ALL_PAGE_TEXTS = _merged(PAGE_TEXTS, OFFICER_TEXTS, REVIEW_TEXTS, LEADER_TEXTS)


def page_words(key: str) -> Words | None:
    pair = ALL_PAGE_TEXTS.get(key)
    return Words(*pair) if pair else None
