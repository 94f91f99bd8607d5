"""Refusals people read in problem+json `detail`, Slack ephemerals and on the pages: Bahasa
Indonesia first, then English, since an API answer does not know its reader's language. The
machine `code` beside them never changes."""

from __future__ import annotations

from core.domain import Decision, Role, Stage
from core.roles import ALLOWED_ROLES, Action
from core.words import Words
from core.words.labels import label, labels

W = Words

NEEDS_ROLE = W(
    "Tindakan ini ({action}) memerlukan peran {roles}.",
    "This action ({action}) needs the role {roles}.",
)


def role_refusal(action: Action) -> str:
    roles: tuple[Role, ...] = ALLOWED_ROLES[action]
    values = [role.value for role in roles]
    return " / ".join(
        NEEDS_ROLE.in_(lang, action=label(Action, action, lang), roles=labels(Role, values, lang))
        for lang in ("id", "en")
    )


def bilingual(words: Words, **params: object) -> str:
    """ "Indonesian. / English." for an answer whose reader's language is not known (an
    Update's refusal reaches the API, the pages and Slack alike)."""
    return f"{words.in_('id', **params)} / {words.in_('en', **params)}"


# What an incident's Update refuses, and why (workflows/rules.py raises these).
WRONG_STAGE = W(
    "Tidak dapat {action_id} sekarang: insiden pada tahap “{stage_id}”, perlu tahap {allowed_id}",
    "Cannot {action_en} now: the incident's stage is “{stage_en}”, this needs {allowed_en}",
)
BAD_VERDICT = W("verdict harus salah satu dari {values}", "verdict must be one of {values}")
NO_SUMMARY = W(
    "summary: fakta yang ditemukan wajib ditulis", "summary: the facts found must be stated"
)
NO_ARCHIVE_MATCH = W(
    "tidak ada klarifikasi terdahulu yang dicocokkan dengan insiden ini",
    "no earlier klarifikasi is matched to this incident",
)
BAD_FEEDBACK = W("decision: harus confirm atau reject", "decision: must be confirm or reject")
REJECT_REASON = W(
    "reason: tulis mengapa klarifikasi itu bukan untuk hoaks ini",
    "reason: say why that klarifikasi is not about this hoax",
)
NOT_LINKED = W(
    "laporan {id} tidak digabung ke insiden ini sebagai duplikat",
    "report {id} is not joined to this incident as a duplicate",
)
ALREADY_JUDGED = W(
    "laporan {id} sudah dinilai: {decision}", "report {id} has been judged already: {decision}"
)
NOT_SAME_REASON = W(
    "reason: tulis mengapa laporan itu bukan hoaks yang sama",
    "reason: say why that report is not the same hoax",
)
CHECKLIST = W("checklist: kebijakan mewajibkan {items}", "checklist: the policy requires {items}")
BAD_MEDIA_CATEGORY = W(
    "media_authenticity harus salah satu dari {values}",
    "media_authenticity must be one of {values}",
)
NOT_MEDIA = W(
    "media_authenticity: hanya untuk klaim gambar, video atau audio (klaim ini {kind})",
    "media_authenticity: only for an image, video or audio claim (this one is {kind})",
)
EMPTY_TEXT = W("judul dan isi tidak boleh kosong", "title and body must not be empty")
BAD_LANGUAGE = W("language harus id atau en", "language must be id or en")
STILL_COMPOSING = W("draf pertama masih disusun", "the first draft is still being composed")
BAD_DECISION = W("decision harus salah satu dari {values}", "decision must be one of {values}")
OLDER_DRAFT = W(
    "draft_hash milik versi lama; draf saat ini v{version} ({hash})",
    "draft_hash is of an older version; the current draft is v{version} ({hash})",
)
UNKNOWN_DRAFT = W(
    "draft_hash tidak cocok dengan versi mana pun dari draf ini",
    "draft_hash matches no version of this draft",
)
NEEDS_REASON = W(
    "reason: keputusan “{decision}” memerlukan alasan",
    "reason: a decision of “{decision_en}” needs a reason",
)
VERIFIED_IT = W(
    "draf v{version} disusun dari verifikasi Anda; orang lain yang harus menyetujuinya",
    "you verified what draft v{version} says; someone else must approve it",
)
WROTE_IT = W(
    "Anda menulis draf v{version}; orang lain yang harus menyetujuinya",
    "you wrote draft v{version}; someone else must approve it",
)
CANCEL_REASON = W("reason: pembatalan memerlukan alasan", "reason: a cancellation needs a reason")
NOTHING_FAILED = W(
    "publikasi tidak gagal; tidak ada yang perlu diulang",
    "publishing has not failed; nothing to retry",
)
NAME_CHANNEL = W(
    "channel: sebutkan kanal yang gagal untuk diulang", "channel: name the failed channel to retry"
)
RETRYING = W("pengulangan sedang berjalan", "a retry is already under way")
UNKNOWN_CHANNEL = W(
    "channel: {channel!r} bukan salah satu dari {names}",
    "channel: {channel!r} is not one of {names}",
)
CHANNEL_FINE = W("channel: {channel} tidak gagal", "channel: {channel} has not failed")
NOTHING_TO_CORRECT = W(
    "belum ada yang terbit untuk dikoreksi", "nothing is published that could be corrected"
)
CORRECTION_REASON = W(
    "reason: koreksi memerlukan alasan yang dapat dibaca masyarakat",
    "reason: a correction needs a reason readers can see",
)
SAME_TEXT = W("body: koreksi tidak mengubah teks", "body: the correction does not change the text")
NOTHING_TO_RETRACT = W(
    "belum ada yang terbit untuk dicabut", "nothing is published that could be retracted"
)
RETRACTING = W("pencabutan sedang berjalan", "the retraction is already under way")
RETRACTION_REASON = W(
    "reason: pencabutan memerlukan alasan yang dapat dibaca masyarakat",
    "reason: a retraction needs a reason readers can see",
)
APPROVERS_EMBARGO = W(
    "embargo ditetapkan oleh penyetuju {name}; hanya penyetuju yang dapat mengubah atau "
    "mencabutnya",
    "an approver ({name}) set this embargo; only an approver may change or lift it",
)
PUBLISHING_BEGUN = W("penerbitan sudah dimulai", "publication has already begun")
ALREADY_PUBLISHED = W("klarifikasi sudah terbit", "the klarifikasi is already published")
BAD_PUBLISH_AT = W(
    "publish_at: harus di masa depan, paling lambat 60 hari lagi",
    "publish_at: must be in the future, at most 60 days ahead",
)


def wrong_stage(action: Action, stage: str, allowed: tuple[str, ...]) -> str:
    def stages(lang: str) -> str:
        joiner = " or " if lang == "en" else " atau "
        return joiner.join(f"“{label(Stage, s, lang).lower()}”" for s in allowed)

    return bilingual(
        WRONG_STAGE,
        action_id=label(Action, action, "id"),
        action_en=label(Action, action, "en"),
        stage_id=label(Stage, stage, "id").lower(),
        stage_en=label(Stage, stage, "en").lower(),
        allowed_id=stages("id"),
        allowed_en=stages("en"),
    )


def needs_reason(decision: str) -> str:
    return bilingual(
        NEEDS_REASON,
        decision=label(Decision, decision, "id").lower(),
        decision_en=label(Decision, decision, "en").lower(),
    )
