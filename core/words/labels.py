"""How every enum value is shown to people: never raw (`critical` → "Kritis")."""

from __future__ import annotations

from enum import StrEnum

from core.domain import (
    ActorKind,
    Audience,
    Decision,
    MediaAuthenticity,
    MediaType,
    NoticeKind,
    Platform,
    Resolution,
    Role,
    Severity,
    Stage,
    Verdict,
)
from core.roles import Action
from core.words import Words

W = Words

LABELS: dict[type[StrEnum], dict[str, Words]] = {
    Stage: {
        Stage.REPORTED: W("Dilaporkan", "Reported"),
        Stage.TRIAGE: W("Triase", "Triage"),
        Stage.VERIFICATION: W("Menunggu verifikasi", "Awaiting verification"),
        Stage.DRAFTING: W("Penyusunan draf", "Drafting"),
        Stage.APPROVAL: W("Menunggu persetujuan", "Awaiting approval"),
        Stage.PUBLISHING: W("Penerbitan", "Publishing"),
        Stage.MONITORING: W("Pemantauan", "Monitoring"),
        Stage.CLOSED: W("Ditutup", "Closed"),
    },
    Resolution: {
        Resolution.PUBLISHED: W("Klarifikasi terbit", "Klarifikasi published"),
        Resolution.CLAIM_TRUE: W("Klaim benar", "Claim true"),
        Resolution.DISMISSED: W("Diabaikan", "Dismissed"),
        Resolution.DUPLICATE: W("Duplikat", "Duplicate"),
        Resolution.CANCELLED: W("Dibatalkan", "Cancelled"),
        Resolution.FAILED: W("Gagal", "Failed"),
        Resolution.RETRACTED: W("Klarifikasi dicabut", "Klarifikasi retracted"),
    },
    Verdict: {
        Verdict.FALSE: W("Hoaks", "False (hoax)"),
        Verdict.MISLEADING: W("Menyesatkan", "Misleading"),
        Verdict.PARTLY_FALSE: W("Sebagian salah", "Partly false"),
        Verdict.UNPROVEN: W("Belum terbukti", "Unproven"),
        Verdict.TRUE: W("Benar (bukan hoaks)", "True (not a hoax)"),
    },
    Severity: {
        Severity.LOW: W("Rendah", "Low"),
        Severity.MEDIUM: W("Sedang", "Medium"),
        Severity.HIGH: W("Tinggi", "High"),
        Severity.CRITICAL: W("Kritis", "Critical"),
    },
    Role: {
        Role.OFFICER: W("petugas humas", "officer"),
        Role.VERIFIER: W("verifikator", "verifier"),
        Role.APPROVER: W("penyetuju", "approver"),
        Role.LEADER: W("pimpinan", "leader"),
        Role.ADMIN: W("admin", "admin"),
    },
    Platform: {
        Platform.FACEBOOK: W("Facebook", "Facebook"),
        Platform.INSTAGRAM: W("Instagram", "Instagram"),
        Platform.X: W("X (Twitter)", "X (Twitter)"),
        Platform.TIKTOK: W("TikTok", "TikTok"),
        Platform.YOUTUBE: W("YouTube", "YouTube"),
        Platform.WHATSAPP: W("WhatsApp", "WhatsApp"),
        Platform.TELEGRAM: W("Telegram", "Telegram"),
        Platform.WEBSITE: W("Situs web", "Website"),
        Platform.NEWS: W("Media daring", "News site"),
        Platform.OTHER: W("Lainnya", "Other"),
    },
    MediaType: {
        MediaType.TEXT: W("teks", "text"),
        MediaType.IMAGE: W("gambar", "image"),
        MediaType.VIDEO: W("video", "video"),
        MediaType.AUDIO: W("audio", "audio"),
        MediaType.LINK: W("tautan", "link"),
    },
    Audience: {
        Audience.VERIFICATION: W("kanal verifikasi", "verification channel"),
        Audience.APPROVAL: W("kanal persetujuan", "approval channel"),
        Audience.ANNOUNCE: W("kanal pengumuman", "announcement channel"),
        Audience.LEADERSHIP: W("pimpinan", "leadership"),
    },
    NoticeKind: {
        NoticeKind.CARD: W("kartu", "card"),
        NoticeKind.THREAD: W("balasan", "reply"),
        NoticeKind.REMINDER: W("pengingat", "reminder"),
        NoticeKind.ESCALATION: W("eskalasi", "escalation"),
        NoticeKind.ANNOUNCE: W("pengumuman", "announcement"),
        NoticeKind.EPHEMERAL: W("pesan pribadi", "private message"),
        NoticeKind.DIGEST: W("ringkasan harian", "daily digest"),
    },
    Decision: {
        Decision.APPROVE: W("Disetujui", "Approved"),
        Decision.REJECT: W("Ditolak", "Rejected"),
        Decision.REQUEST_CHANGES: W("Diminta perbaikan", "Changes requested"),
    },
    ActorKind: {
        ActorKind.SYSTEM: W("sistem", "system"),
        ActorKind.API_KEY: W("kunci API", "API key"),
        ActorKind.SLACK_USER: W("pengguna Slack", "Slack user"),
        ActorKind.PERSON: W("pengguna halaman", "page user"),
    },
    Action: {
        Action.REPORT: W("melapor", "report"),
        Action.READ: W("membaca", "read"),
        Action.VERIFY: W("memverifikasi", "verify"),
        Action.EDIT_DRAFT: W("mengubah draf", "edit the draft"),
        Action.DECIDE: W("memutuskan persetujuan", "decide on approval"),
        Action.CANCEL: W("membatalkan", "cancel"),
        Action.CORRECT: W("mengoreksi", "correct"),
        Action.RETRACT: W("mencabut", "retract"),
        Action.ADD_MEDIA: W("menambahkan bukti media", "add media evidence"),
        Action.SCHEDULE: W("menjadwalkan", "schedule"),
        Action.ADMINISTER: W("mengelola", "administer"),
    },
}


LABELS[MediaAuthenticity] = {
    MediaAuthenticity.ORIGINAL: W("Media asli, konteks keliru", "Original media, false context"),
    MediaAuthenticity.DECONTEXTUALIZED: W("Media asli dilepas dari konteksnya", "Decontextualized"),
    MediaAuthenticity.EDITED_OR_CROPPED: W("Disunting atau dipotong", "Edited or cropped"),
    MediaAuthenticity.TRANSFORMED: W("Direkayasa (mis. deepfake)", "Transformed (e.g. deepfake)"),
    MediaAuthenticity.STAGED: W("Adegan yang direkayasa", "Staged"),
}


class Operation(StrEnum):
    """What a publication row did on a channel."""

    PUBLICATION = "publication"
    CORRECTION = "correction"
    RETRACTION = "retraction"


class PublicationStatus(StrEnum):
    PUBLISHED = "published"
    FAILED = "failed"
    RETRACTED = "retracted"
    PENDING = "pending"  # held for the web editor


LABELS[Operation] = {
    Operation.PUBLICATION: W("publikasi", "publication"),
    Operation.CORRECTION: W("koreksi", "correction"),
    Operation.RETRACTION: W("pencabutan", "retraction"),
}
LABELS[PublicationStatus] = {
    PublicationStatus.PUBLISHED: W("berhasil", "succeeded"),
    PublicationStatus.FAILED: W("gagal", "failed"),
    PublicationStatus.RETRACTED: W("dicabut", "retracted"),
    PublicationStatus.PENDING: W("menunggu editor web", "waiting for the web editor"),
}


def label(kind: type[StrEnum], value: str | None, lang: str, empty: str = "—") -> str:
    """The label of `value` as a member of `kind`; a value the enum does not know (an old row)
    is shown as it is, and nothing as `empty`."""
    if value is None or value == "":
        return empty
    words = LABELS[kind].get(str(value))
    return words.in_(lang) if words else str(value)


def labels(kind: type[StrEnum], values: list[str] | tuple[str, ...], lang: str) -> str:
    joiner = " or " if lang == "en" else " atau "
    return joiner.join(label(kind, v, lang) for v in values)


# The names templates use: `label('severity', incident.severity)`.
KINDS: dict[str, type[StrEnum]] = {
    "stage": Stage,
    "resolution": Resolution,
    "verdict": Verdict,
    "severity": Severity,
    "role": Role,
    "platform": Platform,
    "media_type": MediaType,
    "audience": Audience,
    "notice_kind": NoticeKind,
    "decision": Decision,
    "media_authenticity": MediaAuthenticity,
    "actor_kind": ActorKind,
    "action": Action,
    "operation": Operation,
    "publication_status": PublicationStatus,
}
