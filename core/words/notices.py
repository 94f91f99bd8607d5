"""The messages Tangkal sends people in Slack threads or the console outbox: what to do next,
reminders and escalations, announcements. The workflow composes them with these (in the
organisation's language, fixed in its rules); the outbox labels their kind."""

from __future__ import annotations

from core.domain import Decision, NoticeKind, Severity, Stage
from core.words import Words
from core.words.labels import label

W = Words

VERIFY_NEEDED = W(
    "Verifikasi diperlukan ({severity}): {claim}", "Verification needed ({severity}): {claim}"
)
LOOKS_LIKE = W(
    "Mirip klarifikasi terdahulu: {title} {url}", "Like an earlier klarifikasi: {title} {url}"
)
MEDIA_RESCORED = W(
    "Media {id} ditambahkan: risiko kini {risk}/100.{why}",
    "Media {id} added: risk now {risk}/100.{why}",
)
MEDIA_RECYCLED = W(
    " Media daur ulang dari klarifikasi terdahulu: {title} {url}",
    " Recycled media of an earlier klarifikasi: {title} {url}",
)
SENT_BACK = W("{decision} oleh {by}: {reason}", "{decision} by {by}: {reason}")
DRAFT_CHANGED = W("Draf diubah menjadi v{version} oleh {by}", "Draft changed to v{version} by {by}")
PUBLISHED = W("Klarifikasi terbit: {title}", "Klarifikasi published: {title}")
CORRECTED = W("Koreksi terbit: {title}", "Correction published: {title}")
PUBLICATION_FAILED = W(
    "Publikasi gagal ({channels}): {id}", "Publication failed ({channels}): {id}"
)
WAITING_FOR_EDITOR = W(
    "Menunggu editor web ({channels}): {id} — ulangi penerbitan setelah tayang",
    "Waiting for the web editor ({channels}): {id} — retry once it is public",
)
RETRACTION_FAILED = W(
    "Pencabutan gagal ({channels}): {id} — turunkan secara manual",
    "Retraction failed ({channels}): {id} — take it down by hand",
)
REMINDER = W(
    "Pengingat: tahap {stage} sudah setengah dari SLA {minutes} menit — {claim}",
    "Reminder: {stage} is half-way through its {minutes} min SLA — {claim}",
)
ESCALATION = W(
    "Eskalasi: tahap {stage} melewati SLA {minutes} menit — {claim}",
    "Escalation: {stage} is past its {minutes} min SLA — {claim}",
)

_KINDS: dict[str, Words] = {
    NoticeKind.REMINDER: W("PENGINGAT", "REMINDER"),
    NoticeKind.ESCALATION: W("ESKALASI", "ESCALATION"),
    NoticeKind.ANNOUNCE: W("PENGUMUMAN", "ANNOUNCEMENT"),
    NoticeKind.DIGEST: W("RINGKASAN HARIAN", "DAILY DIGEST"),
}
_FOR = W("untuk {user}", "for {user}")


def verification_needed(severity: str | None, claim: str, lang: str) -> str:
    return VERIFY_NEEDED.in_(lang, severity=label(Severity, severity, lang), claim=claim)


def sent_back(decision: str, by: str, reason: str | None, lang: str) -> str:
    return SENT_BACK.in_(lang, decision=label(Decision, decision, lang), by=by, reason=reason)


def overdue(kind: NoticeKind, stage: str, minutes: int, claim: str, lang: str) -> str:
    words = REMINDER if kind == NoticeKind.REMINDER else ESCALATION
    return words.in_(lang, stage=label(Stage, stage, lang), minutes=minutes, claim=claim)


def notice_line(kind: str, text: str, user: str | None, lang: str) -> str:
    """A notice as the console outbox shows it: its kind, then its text."""
    if kind == NoticeKind.EPHEMERAL:
        return f"{_FOR.in_(lang, user=user)}: {text}"
    words = _KINDS.get(kind)
    return f"{words.in_(lang)}: {text}" if words else text
