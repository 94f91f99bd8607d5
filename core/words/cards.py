"""What the Slack cards (and their console lines) say. The card builders in
`activities/notify/` escape these texts for mrkdwn; they hold no words of their own."""

from __future__ import annotations

from core.approval import Tally
from core.domain import Role
from core.words import Words
from core.words.labels import label

W = Words

VERIFY_HEADER = W("Verifikasi klaim · {severity}", "Verify the claim · {severity}")
APPROVE_HEADER = W("Persetujuan klarifikasi · v{version}", "Klarifikasi approval · v{version}")
PLATFORM_REACH = W(
    "*Platform:* {platform} · *Jangkauan:* {reach}", "*Platform:* {platform} · *Reach:* {reach}"
)
RISK = W("*Risiko {score}/100 · {severity}*", "*Risk {score}/100 · {severity}*")
DUE = W("Batas SLA: {at}", "SLA due: {at}")
TEXT_OF = W("Teks v{version} ({language})", "Text v{version} ({language})")
LENGTHS = W("judul {title} + isi {body} karakter", "title {title} + body {body} characters")
APPROVED_BY = W("disetujui: {names}", "approved by: {names}")
VERDICT_LINE = W("*Putusan:* {verdict} — {summary}", "*Verdict:* {verdict} — {summary}")
EVIDENCE_COUNT = W("{count} tautan bukti (lihat halaman)", "{count} evidence links (see the page)")
LINK_TOO_LONG = W("_(tautan terlalu panjang untuk Slack)_", "_(link too long for Slack)_")
INCIDENT_PAGE = W("halaman insiden", "the incident page")
TOO_LONG = W(
    "*Teks terlalu panjang untuk ditampilkan utuh di Slack* (isi {body} karakter; di bawah "
    "ini hanya {shown} karakter pertama). Baca seluruhnya dan putuskan persetujuan di {where}. "
    "Tombol Setujui tidak tersedia di sini karena teksnya tidak tampil utuh.",
    "*The text is too long to show whole in Slack* (body {body} characters; only the first "
    "{shown} are below). Read all of it and decide on {where}. There is no Approve button "
    "here because the text is not shown whole.",
)
CUT = W("_(terpotong)_", "_(cut)_")
REQUEST_CHANGES = W("Minta perubahan", "Request changes")
REJECT = W("Tolak", "Reject")
APPROVE = W("Setujui", "Approve")
CANCEL = W("Batal", "Cancel")
CONFIRM_TITLE = W("Setujui klarifikasi?", "Approve the klarifikasi?")
CONFIRM_TEXT = W(
    "Anda menyetujui teks v{version} (sha256 {hash}…) yang ditampilkan utuh di atas: judul "
    "dan isi {body} karakter.",
    "You approve text v{version} (sha256 {hash}…), shown whole above: the title and a body "
    "of {body} characters.",
)
LANGUAGE_NAMES = {"id": W("Bahasa Indonesia", "Indonesian"), "en": W("Bahasa Inggris", "English")}

# One line: where the card's question stands.
VERDICT_BY = W("Putusan: {verdict} (oleh {by})", "Verdict: {verdict} (by {by})")
CLOSED = W("Ditutup: {resolution}", "Closed: {resolution}")
AWAITING_VERIFICATION = W("Menunggu verifikasi", "Awaiting verification")
AWAITING_APPROVAL = W("Menunggu persetujuan: {tally}", "Awaiting approval: {tally}")
SENT_BACK = W("{decision} oleh {by}: {reason}", "{decision} by {by}: {reason}")
PUBLISHING = W("Disetujui, sedang diterbitkan", "Approved, being published")
PUBLISHED = W("Klarifikasi terbit", "Klarifikasi published")
AT_STAGE = W("Tahap: {stage}", "Stage: {stage}")
ARCHIVE_LINE = W(
    "*Mirip klarifikasi terdahulu* (kemiripan {pct} %): “{title}”",
    "*Like an earlier klarifikasi* ({pct} % alike): “{title}”",
)
ARCHIVE_QUESTION = W(
    "Apakah ini klarifikasi yang tepat untuk klaim ini?",
    "Is this the right debunk for this claim?",
)
ARCHIVE_CONFIRM = W("Ya, klarifikasi yang tepat", "Yes, the right debunk")
ARCHIVE_REJECT = W("Bukan, hoaks lain", "No, another hoax")
ARCHIVE_CONFIRMED = W("Dikonfirmasi tepat oleh {by}", "Confirmed as the right debunk by {by}")
JOINED_HEADER = W(
    "*Laporan lain tentang klaim yang sama, digabung ke insiden ini:*",
    "*Other reports of the same claim, joined to this incident:*",
)
JOINED_LINE = W("• `{id}` (kemiripan {pct} %): “{claim}”", "• `{id}` ({pct} % alike): “{claim}”")
JOINED_QUESTION = W(
    "Hoaks yang sama? Bila bukan, laporan itu ditangani sebagai insiden tersendiri.",
    "The same hoax? If not, that report is handled as an incident of its own.",
)
JOINED_SAME = W("Ya, hoaks yang sama", "Yes, the same hoax")
JOINED_NOT_SAME = W("Bukan hoaks yang sama", "Not the same hoax")
JOINED_CONFIRMED = W("dibenarkan sebagai hoaks yang sama", "confirmed as the same hoax")
JOINED_SPLIT = W(
    "bukan hoaks yang sama, ditangani sebagai insiden `{id}`",
    "not the same hoax, handled as incident `{id}`",
)
JOINED_MORE = W(
    "… dan {count} laporan lain: lihat halaman verifikasi insiden ini",
    "… and {count} more reports: see this incident's verification page",
)
ARCHIVE_OPEN = W("buka klarifikasi", "open the klarifikasi")
CONSOLE_VERIFY = W(
    "[{id}] Verifikasi ({severity}, risiko {score})",
    "[{id}] Verification ({severity}, risk {score})",
)
CONSOLE_APPROVE = W("[{id}] Persetujuan v{version}: {title}", "[{id}] Approval v{version}: {title}")

_TALLY = W("{approvals} dari {needed} persetujuan", "{approvals} of {needed} approvals")
_TALLY_ROLE = W(", masih perlu satu dari: {roles}", ", still needs one from: {roles}")


def tally_words(counted: Tally, lang: str) -> str:
    """ "1 dari 2 persetujuan, masih perlu satu dari: pimpinan"."""
    text = _TALLY.in_(lang, approvals=counted.approvals, needed=counted.needed)
    if counted.required_roles and not counted.required_role_present:
        roles = ", ".join(label(Role, role, lang) for role in counted.required_roles)
        text += _TALLY_ROLE.in_(lang, roles=roles)
    return text


def number(n: int, lang: str) -> str:
    """12.345 as Indonesian readers write it; 12,345 in English (where 12.345 is twelve)."""
    written = f"{n:,}"
    return written if lang == "en" else written.replace(",", ".")
