"""The leader dashboard, the incident page's risk factors, the admin outbox, the dossier."""

from __future__ import annotations

LEADER_TEXTS: dict[str, tuple[str, str]] = {
    # The dashboard: three counts, then what needs someone, then what is in monitoring.
    "count_open": ("Belum terbit", "Not yet published"),
    "count_late": ("Terlambat", "Late"),
    "count_waiting_you": ("Menunggu Anda", "Waiting on you"),
    "needing_heading": ("Perlu ditangani", "Needing someone"),
    "needing_hint": (
        "Yang terlambat di atas, lalu menurut sisa waktu SLA.",
        "Late first, then by the SLA time left.",
    ),
    "late_badge": ("TERLAMBAT", "LATE"),
    "lead_you": ("Anda", "you"),
    "escalated": ("Eskalasi SLA terkirim", "SLA escalation sent"),
    "lead_reported_at": ("dilaporkan", "reported"),
    "monitoring_heading": ("Dalam pemantauan — sudah terbit", "In monitoring — published"),
    "no_monitoring": ("Tidak ada klarifikasi dalam pemantauan.", "No klarifikasi in monitoring."),
    "lead_published_at": ("terbit", "published"),
    "strip_label": ("Waktu tiap tahap terhadap SLA-nya", "Each stage's time against its SLA"),
    "strip_legend": (
        "hijau: sesuai SLA · merah: melewati SLA · biru: sedang berjalan · kosong: belum",
        "green: within SLA · red: SLA breached · blue: running · empty: not yet",
    ),
    "strip_triage": ("Triase", "Triage"),
    "strip_verification": ("Verifikasi", "Verify"),
    "strip_drafting": ("Draf", "Draft"),
    "strip_approval": ("Setuju", "Approve"),
    "strip_publishing": ("Terbit", "Publish"),
    "week_reports": ("Laporan 7 hari terakhir", "Reports in the last 7 days"),
    "no_reports_week": ("Tidak ada laporan dalam 7 hari terakhir.", "No reports in 7 days."),
    # The incident page: the factors behind "Risiko: N".
    "risk_factors": ("Faktor risiko", "Risk factors"),
    "lead_points": ("poin", "points"),
    "no_risk_factors": ("Belum ditriase.", "Not triaged yet."),
    # The admin's outbox page.
    "outbox_hint": (
        "Pemberitahuan yang dikirim ke Slack bila Slack dipasang. Terbaru di atas; {n} terakhir.",
        "The notices Slack would receive when it is set up. Newest first; the last {n}.",
    ),
    "outbox_empty": ("Kotak keluar kosong.", "The outbox is empty."),
    "lead_incident": ("Insiden", "Incident"),
    # The metrics page, where one or two incidents make no percentile.
    "too_few": ("terlalu sedikit untuk p50/p90", "too few for p50/p90"),
    "incidents_one": ("1 insiden", "1 incident"),
    "incidents_many": ("{n} insiden", "{n} incidents"),
    # The dossier PDF.
    "page_of": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "approval_block": ("Persetujuan teks klarifikasi", "Approval of the klarifikasi text"),
    "approved_by": ("Disetujui oleh", "Approved by"),
    "approved_text": ("Teks yang disetujui", "Text approved"),
    "approved_when": ("Waktu", "Time"),
    "audit_trail": ("Jejak audit", "Audit trail"),
}
