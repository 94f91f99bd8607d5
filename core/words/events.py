"""Timeline summaries, rendered when they are read from each event's `type` and `data`, in the
reader's language and time zone. The workflow stores no prose: the stored `summary` is shown
only for a type this module does not know (rows of older releases)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.domain import Decision, Resolution, Role, Severity, Stage, Verdict
from core.local_time import LocalClock
from core.words import Words
from core.words import media as media_words
from core.words.labels import Operation, label

W = Words
Data = Mapping[str, Any]


def _stage(data: Data, key: str, lang: str) -> str:
    return label(Stage, data.get(key), lang)


def _reason(data: Data) -> str:
    reason = str(data.get("reason") or "")
    return f": {reason}" if reason else ""


_DIFFERING = {  # what two claims on one template differ in (`Conflict.kind`)
    "flight": W("penerbangan", "flight"),
    "airline": W("maskapai", "airline"),
    "bank": W("bank", "bank"),
    "company": W("perusahaan", "company"),
    "official": W("pejabat", "official"),
    "agency": W("instansi", "agency"),
    "place": W("tempat", "place"),
    "scam": W("jenis penipuan", "kind of scam"),
}


def _differs(described: Any, lang: str) -> str:
    """ "official: bupati a / bupati b" (`core.detection.entities.Conflict`) in the reader's
    words: "pejabat: bupati a / bupati b"."""
    kind, _, values = str(described or "—").partition(": ")
    words = _DIFFERING.get(kind)
    return f"{words.in_(lang)}: {values}" if words and values else str(described or "—")


def _channels(data: Data) -> str:
    return ", ".join(str(c) for c in data.get("channels") or []) or "—"


_FIXED: dict[str, Words] = {
    "reported": W("Klaim dilaporkan", "Claim reported"),
    "embargo_ended": W(
        "Embargo berakhir: klarifikasi diterbitkan sekarang", "Embargo over: publishing now"
    ),
    "persist_failed": W(
        "Sebagian perubahan tidak dapat disimpan ke basis data; periksa riwayat alur kerja di "
        "Temporal.",
        "Some changes could not be saved to the database; check the workflow history in Temporal.",
    ),
}

_TEMPLATES: dict[str, Words] = {
    "stage_changed": W("{src} → {dst}{reason}", "{src} → {dst}{reason}"),
    "triaged": W("Risiko {risk}/100, tingkat {severity}", "Risk {risk}/100, severity {severity}"),
    "archive_match": W(
        "Hoaks daur ulang: mirip klarifikasi terdahulu “{title}”",
        "Recycled hoax: matches the earlier klarifikasi “{title}”",
    ),
    "archive_match_confirmed": W(
        "Verifikator membenarkan: klarifikasi “{title}” memang untuk hoaks ini",
        "The verifier confirmed the klarifikasi “{title}” is about this hoax",
    ),
    "archive_match_rejected": W(
        "Verifikator menolak kecocokan dengan klarifikasi “{title}”{reason}; draf disusun baru",
        "The verifier rejected the match with the klarifikasi “{title}”{reason}; the draft is"
        " composed afresh",
    ),
    "archive_template": W(
        "Templat hoaks yang mirip dengan klarifikasi “{title}”, tetapi berbeda ({differs}):"
        " periksa apakah klarifikasi itu berlaku",
        "A hoax template like the klarifikasi “{title}”, but different ({differs}): check"
        " whether it applies",
    ),
    "duplicate_template": W(
        "Templat mirip dengan insiden terbuka {of}, tetapi entitas atau jenis penipuannya lain:"
        " bukan duplikat",
        "A template like open incident {of}, but another entity or kind of scam: not a duplicate",
    ),
    "duplicate_detected": W("Duplikat insiden terbuka {of}", "Duplicate of open incident {of}"),
    "duplicate_linked": W(
        "Klaim yang sama dilaporkan lagi sebagai {id}", "Same claim reported again as {id}"
    ),
    "duplicate_confirmed": W(
        "Verifikator membenarkan: laporan {id} memang hoaks yang sama",
        "The verifier confirmed report {id} is the same hoax",
    ),
    "duplicate_rejected": W(
        "Verifikator menilai laporan {id} bukan hoaks yang sama{reason}; laporan itu ditangani"
        " sebagai insiden {split}",
        "The verifier judged report {id} not the same hoax{reason}; it is handled as incident"
        " {split}",
    ),
    "split_reported": W(
        "Klaim dilaporkan lagi dari laporan {of}: verifikator menilainya bukan hoaks yang sama"
        " dengan insiden tempat ia digabung",
        "Claim reported again from report {of}: the verifier judged it not the same hoax as the"
        " incident it was joined to",
    ),
    "verified": W("Putusan: {verdict}", "Verdict: {verdict}"),
    "approvals_voided": W(
        "{count} persetujuan atas versi sebelumnya gugur",
        "{count} approval(s) of the previous version voided",
    ),
    "reject": W("Ditolak{reason}", "Rejected{reason}"),
    "request_changes": W("Diminta perbaikan{reason}", "Changes requested{reason}"),
    "approved": W(
        "Menyetujui v{version} ({approvals} dari {needed} persetujuan{still})",
        "Approved v{version} ({approvals} of {needed} approvals{still})",
    ),
    "approval_complete": W(
        "v{version} disetujui untuk diterbitkan", "v{version} approved for publication"
    ),
    "embargo_lifted": W("Embargo dicabut{reason}", "Embargo lifted{reason}"),
    "embargo_set": W(
        "Penerbitan dijadwalkan {at}{reason}", "Publication scheduled for {at}{reason}"
    ),
    "needs_attention": W(
        "Perlu ditangani petugas — {what} gagal di: {channels}",
        "Needs a person — {what} failed on: {channels}",
    ),
    "publication_retry": W(
        "Diminta ulang ({channel}){reason}", "Retry requested ({channel}){reason}"
    ),
    "correction_proposed": W(
        "Koreksi diusulkan (v{version}){reason}", "Correction proposed (v{version}){reason}"
    ),
    "retraction_requested": W("Pencabutan diminta{reason}", "Retraction requested{reason}"),
    "cancelled": W("Dibatalkan{reason}", "Cancelled{reason}"),
    "sla_reminder": W(
        "Pengingat SLA: tahap {stage} sudah setengah waktu ({minutes} menit)",
        "SLA reminder: {stage} is half-way ({minutes} min)",
    ),
    "sla_escalation": W(
        "Eskalasi SLA: tahap {stage} melewati batas {minutes} menit",
        "SLA escalation: {stage} is past its {minutes} min",
    ),
    "notification_failed": W(
        "Pemberitahuan tidak terkirim: {error}", "Notification not delivered: {error}"
    ),
    "closed": W("Ditutup: {resolution}", "Closed: {resolution}"),
    "slack_refused": W(
        "Tindakan dari Slack ditolak ({action}){reason}", "Refused from Slack ({action}){reason}"
    ),
}

_STILL_NEEDS = W(", masih perlu satu dari: {roles}", ", still needs one from: {roles}")
_DRAFT = W("Draf v{version}", "Draft v{version}")
_DRAFT_CHANGES = W("+{added}/-{removed} baris isi", "+{added}/-{removed} body lines")
_TITLE_CHANGED = W("judul diubah", "title changed")
_LANGUAGE_CHANGED = W("bahasa diubah", "language changed")
_ALL_FAILED = W("semua kanal yang gagal", "all failed channels")
_PUBLISHED = W("{channel}: {operation} berhasil — {where}", "{channel}: {operation} done — {where}")
_PUBLISH_FAILED = W(
    "{channel}: {operation} gagal — {error}", "{channel}: {operation} failed — {error}"
)
_PUBLISH_PENDING = W(
    "{channel}: {operation} menunggu editor web — belum tayang untuk umum",
    "{channel}: {operation} waits for the web editor — not public yet",
)
_WARNING = W(" (peringatan: {warning})", " (warning: {warning})")
_WAITING = W(
    "Perlu ditangani petugas — menunggu editor web menayangkan di: {channels}",
    "Needs a person — waiting for the web editor to make it public on: {channels}",
)


def _publication(data: Data, ok: bool | None, lang: str) -> str:
    """`ok` None: held for the web editor."""
    operation = label(Operation, data.get("operation") or "publication", lang)
    channel = str(data.get("channel") or "—")
    if ok is None:
        said = _PUBLISH_PENDING.in_(lang, channel=channel, operation=operation)
    elif ok:
        said = _PUBLISHED.in_(
            lang,
            channel=channel,
            operation=operation,
            where=data.get("url") or data.get("external_id") or "—",
        )
    else:
        said = _PUBLISH_FAILED.in_(
            lang, channel=channel, operation=operation, error=data.get("error") or "—"
        )
    warning = data.get("warning")
    return said + (_WARNING.in_(lang, warning=warning) if warning else "")


def _draft(data: Data, lang: str) -> str:
    """Draf v2 (judul diubah, +3/-1 baris isi): what the edit changed."""
    text = _DRAFT.in_(lang, version=data["version"])
    changes = data.get("changes")
    if not isinstance(changes, Mapping):
        return text
    parts = [_TITLE_CHANGED.in_(lang)] if changes.get("title_changed") else []
    if changes.get("language_changed"):
        parts.append(_LANGUAGE_CHANGED.in_(lang))
    added, removed = changes.get("lines_added", 0), changes.get("lines_removed", 0)
    if added or removed:
        parts.append(_DRAFT_CHANGES.in_(lang, added=added, removed=removed))
    return f"{text} ({', '.join(parts)})" if parts else text


def _params(type_: str, data: Data, clock: LocalClock) -> dict[str, Any]:
    lang = clock.lang
    reason = _reason(data)
    match type_:
        case "stage_changed":
            return {
                "src": _stage(data, "from", lang),
                "dst": _stage(data, "to", lang),
                "reason": reason,
            }
        case "triaged":
            return {"risk": data["risk_score"], "severity": label(Severity, data["severity"], lang)}
        case "archive_match":
            return {"title": data["title"]}
        case "archive_match_confirmed" | "archive_match_rejected":
            return {"title": data["title"], "reason": reason}
        case "archive_template":
            return {"title": data["title"], "differs": _differs(data.get("differs"), lang)}
        case "duplicate_template":
            return {"of": data["of"]}
        case "duplicate_detected":
            return {"of": data["duplicate_of"]}
        case "duplicate_linked" | "duplicate_confirmed":
            return {"id": data["incident_id"]}
        case "duplicate_rejected":
            return {"id": data["incident_id"], "reason": reason, "split": data["split_into"]}
        case "verified":
            return {"verdict": label(Verdict, data["verdict"], lang)}
        case "approvals_voided":
            return {"count": data["count"]}
        case "approved":
            waiting = [label(Role, role, lang) for role in data.get("waiting_for") or []]
            still = _STILL_NEEDS.in_(lang, roles=", ".join(waiting)) if waiting else ""
            return {
                "version": data["version"],
                "approvals": data["approvals"],
                "needed": data["needed"],
                "still": still,
            }
        case "approval_complete":
            return {"version": data["version"]}
        case "embargo_set":
            return {"at": clock.moment(data["publish_at"]), "reason": reason}
        case "publication_retry":
            return {"channel": data.get("channel") or _ALL_FAILED.in_(lang), "reason": reason}
        case "correction_proposed":
            return {"version": data["version"], "reason": reason}
        case "sla_reminder" | "sla_escalation":
            return {"stage": label(Stage, data["stage"], lang), "minutes": data["sla_minutes"]}
        case "notification_failed":
            return {"error": data.get("error") or "—"}
        case "closed":
            return {"resolution": label(Resolution, data["resolution"], lang)}
        case "slack_refused":
            return {"action": data.get("action") or "—", "reason": reason}
    return {"reason": reason}


def _succeeded(data: Data, lang: str) -> str:
    return _publication(data, True, lang)


def _failed(data: Data, lang: str) -> str:
    return _publication(data, False, lang)


def _pending(data: Data, lang: str) -> str:
    return _publication(data, None, lang)


def _attention(data: Data, lang: str) -> str:
    if data.get("waiting"):
        return _WAITING.in_(lang, channels=_channels(data))
    what = label(Operation, data.get("operation") or "publication", lang)
    return _TEMPLATES["needs_attention"].in_(lang, what=what, channels=_channels(data))


_RENDERERS: dict[str, Callable[[Data, str], str]] = {
    "draft_version": _draft,
    "needs_attention": _attention,
}
for _operation in Operation:
    _RENDERERS[f"{_operation}_succeeded"] = _succeeded
    _RENDERERS[f"{_operation}_failed"] = _failed
    _RENDERERS[f"{_operation}_pending"] = _pending

_RENDERERS |= media_words.RENDERERS

KNOWN_TYPES = frozenset(_FIXED) | frozenset(_TEMPLATES) | frozenset(_RENDERERS)


def event_summary(type_: str, data: Data, clock: LocalClock, stored: str = "") -> str:
    """What the timeline says of one event. An event whose data lacks what its sentence needs
    (a row written by an older release) keeps its stored summary."""
    if type_ == "reported" and data.get("split_from"):
        return _TEMPLATES["split_reported"].in_(clock.lang, of=data["split_from"])
    try:
        if type_ in _FIXED:
            return _FIXED[type_].in_(clock.lang)
        if type_ in _RENDERERS:
            return _RENDERERS[type_](data, clock.lang)
        if type_ in _TEMPLATES:
            return _TEMPLATES[type_].in_(clock.lang, **_params(type_, data, clock))
    except (KeyError, TypeError, ValueError):
        pass
    return stored or type_.replace("_", " ")


# Decision events are named by the decision (`reject`, `request_changes`) as well.
assert {Decision.REJECT.value, Decision.REQUEST_CHANGES.value} <= KNOWN_TYPES
