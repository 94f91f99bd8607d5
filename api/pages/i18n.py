"""The pages' words, Bahasa Indonesia first, English on request (a `lang` cookie)."""

from __future__ import annotations

from collections.abc import Callable

LANG_COOKIE = "tangkal_lang"
LANGUAGES = ("id", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    "app": ("Tangkal — Ruang Pimpinan", "Tangkal — Leadership view"),
    "sign_in": ("Masuk", "Sign in"),
    "sign_out": ("Keluar", "Sign out"),
    "api_key": ("Kunci API", "API key"),
    "sign_in_help": (
        "Masuk dengan kunci API pimpinan, admin atau penyetuju.",
        "Sign in with a leader, admin or approver API key.",
    ),
    "bad_key": ("Kunci API tidak dikenal atau dicabut.", "Unknown or revoked API key."),
    "bad_role": (
        "Kunci ini tidak berperan pimpinan, admin atau penyetuju.",
        "This key has no leader, admin or approver role.",
    ),
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
    "decide": ("Keputusan Anda", "Your decision"),
    "approve": ("Setujui", "Approve"),
    "request_changes": ("Minta perbaikan", "Request changes"),
    "reject": ("Tolak", "Reject"),
    "reason": ("Alasan (wajib untuk tolak / perbaikan)", "Reason (required to reject / change)"),
    "outbox": ("Kotak keluar konsol", "Console outbox"),
    "brief": ("Ringkasan eksekutif", "Executive brief"),
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
}


def translator(lang: str) -> Callable[[str], str]:
    index = 1 if lang == "en" else 0

    def t(key: str) -> str:
        pair = _TEXTS.get(key)
        return pair[index] if pair else key

    return t


def pick_language(cookie: str | None) -> str:
    return cookie if cookie in LANGUAGES else "id"
