"""The first words of every problem+json `detail`: what happened, in Bahasa Indonesia, by the
problem's machine `code` (which never changes). The specific reason follows it."""

from __future__ import annotations

from core.words import Words

W = Words

LEADS: dict[str, Words] = {
    "invalid_request": W("Permintaan tidak valid", "Invalid request"),
    "invalid": W("Permintaan tidak valid", "Invalid request"),
    "not_found": W("Tidak ditemukan", "Not found"),
    "not_published": W("Belum ada klarifikasi yang terbit", "No klarifikasi published"),
    "retracted": W("Klarifikasi telah dicabut", "The klarifikasi was retracted"),
    "unauthenticated": W("Kunci API diperlukan", "An API key is needed"),
    "forbidden": W("Tidak diizinkan", "Not allowed"),
    "self_approval": W("Tidak boleh menyetujui draf sendiri", "Nobody approves their own draft"),
    "wrong_stage": W("Tahap insiden tidak memungkinkan tindakan ini", "Wrong stage for this"),
    "stale_draft": W("Draf sudah berubah", "The draft has changed"),
    "unknown_draft": W("Versi draf tidak dikenal", "Unknown draft version"),
    "stale": W("Data sudah berubah", "Out of date"),
    "conflict": W("Bertentangan dengan keadaan insiden", "Conflicts with the incident's state"),
    "refused": W("Insiden menolak perubahan ini", "The incident refused this change"),
    "idempotency_key_reused": W(
        "Idempotency-Key sudah dipakai untuk permintaan lain", "Idempotency-Key reused"
    ),
    "body_too_large": W("Isi permintaan terlalu besar", "Request body too large"),
    "bad_signature": W("Tanda tangan Slack tidak sah", "Bad Slack signature"),
    "slack_disabled": W("Slack tidak dikonfigurasi", "Slack is not configured"),
    "csrf_failed": W("Token formulir tidak sah", "Bad form token"),
    "database_unavailable": W("Basis data tidak tersedia", "Database unavailable"),
    "temporal_unavailable": W("Mesin alur kerja tidak tersedia", "Workflow engine unavailable"),
    "worker_unavailable": W("Pekerja alur kerja tidak menjawab", "No workflow worker answers"),
    "internal": W("Kesalahan tak terduga", "Unexpected error"),
    "media_too_large": W("Berkas media terlalu besar", "Media file too large"),
    "unsupported_media_type": W("Jenis berkas media tidak didukung", "Unsupported media type"),
    "media_bomb": W("Berkas media berbahaya (bom dekompresi)", "Decompression bomb refused"),
    "media_truncated": W("Berkas media rusak atau terpotong", "Media file broken or cut off"),
    "media_polyglot": W(
        "Berkas media menyimpan isi lain di dalamnya", "Media file hides other content"
    ),
    "media_unreadable": W("Berkas media tidak dapat dibaca", "Media file cannot be read"),
}
_BY_STATUS = {
    400: W("Permintaan tidak dapat dibaca", "Bad request"),
    401: LEADS["unauthenticated"],
    403: LEADS["forbidden"],
    404: LEADS["not_found"],
    405: W("Metode tidak diizinkan", "Method not allowed"),
    409: LEADS["conflict"],
    413: LEADS["body_too_large"],
    415: W("Jenis isi tidak didukung", "Unsupported media type"),
    422: LEADS["invalid_request"],
    429: W("Terlalu banyak permintaan", "Too many requests"),
}


def people_detail(status: int, code: str | None, detail: str) -> str:
    """ "Tidak ditemukan: incident TK-X not found": the Indonesian lead, then the reason."""
    lead = LEADS.get(code or "") or _BY_STATUS.get(status)
    if lead is None or detail.startswith(lead.id):
        return detail
    return f"{lead.id}: {detail}" if detail else lead.id
