"""The approval card: the approve button only where the whole text it approves is shown.

The button's value binds the hash of the title, body and language; so the card shows all three
whole, split over as many sections as it takes, with the length and the hash beside them. A
draft too long for one Slack message gets no approve button: the card shows its start, says so,
and links to the incident page, where the whole text is shown and can be approved. The confirm
dialog only ever speaks of a text the card showed whole.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    HeaderBlock,
    SectionBlock,
)

from activities.notify.slack_blocks import (
    VERDICT_LABELS,
    context,
    fits,
    incident_context,
    number,
    sections,
    url_line,
)
from activities.types import Card
from core.drafting import DRAFT_BODY_MAX, DRAFT_TITLE_MAX
from core.mrkdwn import clip, escape, link

EXCERPT = 1500  # characters of body shown when the whole cannot be
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def approval_blocks(card: Card, pages_url: str = "") -> list[Block]:
    title, body = card.draft_title or "", card.draft_body or ""
    language = card.draft_language or "-"
    head: list[Block] = [
        HeaderBlock(text=clip(f"Persetujuan klarifikasi · v{card.draft_version}", 150)),
        context(
            f"Teks v{card.draft_version} ({escape(LANGUAGES.get(language, language))})",
            f"judul {number(len(title))} + isi {number(len(body))} karakter",
            f"sha256 `{escape(card.draft_hash or '')}`",
        ),
    ]
    heading = f"*{escape(title)}*"
    within_cap = len(title) <= DRAFT_TITLE_MAX and len(body) <= DRAFT_BODY_MAX
    tails = (_facts(card, compact=False), _facts(card, compact=True)) if within_cap else ()
    for tail in tails:
        for boundaries in (True, False):  # word boundaries first; densest split if need be
            draft = sections(heading, boundaries=False) + sections(
                escape(body), boundaries=boundaries
            )
            blocks = head + draft + tail + _closing(card, whole=True)
            if fits(blocks):
                return blocks
    return head + _excerpt(card, pages_url) + _facts(card, compact=True) + _closing(card, False)


def _excerpt(card: Card, pages_url: str) -> list[Block]:
    body = card.draft_body or ""
    where = (
        link(f"{pages_url.rstrip('/')}/view/incidents/{card.incident_id}", "halaman insiden")
        if pages_url
        else f"halaman insiden `/view/incidents/{escape(card.incident_id)}`"
    )
    notice = (
        f"*Teks terlalu panjang untuk ditampilkan utuh di Slack* (isi {number(len(body))} "
        f"karakter; di bawah ini hanya {number(min(len(body), EXCERPT))} karakter pertama). "
        f"Baca seluruhnya dan putuskan persetujuan di {where}. Tombol Setujui tidak tersedia "
        f"di sini karena teksnya tidak tampil utuh."
    )
    return [
        SectionBlock(text=notice),
        *sections(f"*{escape(card.draft_title or '')}*", boundaries=False),
        *sections(escape(clip(body, EXCERPT)) + "\n_(terpotong)_"),
    ]


def _facts(card: Card, *, compact: bool) -> list[Block]:
    """The verdict the draft rests on; compact when the draft needs the room."""
    summary = clip(card.summary or "", 200 if compact else 1000)
    verdict = VERDICT_LABELS.get(card.verdict or "", card.verdict or "-")
    blocks = sections(f"*Putusan:* {escape(verdict)} — {escape(summary)}")
    if card.evidence_urls and not compact:
        blocks.append(SectionBlock(text="\n".join(url_line(u) for u in card.evidence_urls[:5])))
    elif card.evidence_urls:
        blocks.append(context(f"{number(len(card.evidence_urls))} tautan bukti (lihat halaman)"))
    return blocks


def _closing(card: Card, whole: bool) -> list[Block]:
    names = ", ".join(escape(clip(name, 60)) for name in card.approved_by[:10]) or "-"
    blocks: list[Block] = [incident_context(card, escape(card.tally), "disetujui: " + names)]
    if not card.open:
        return [*blocks, SectionBlock(text=f"*{escape(card.status)}*")]
    value = f"{card.incident_id}|{card.draft_hash}"
    buttons = [
        ButtonElement(text="Minta perubahan", action_id="tangkal.request_changes", value=value),
        ButtonElement(text="Tolak", action_id="tangkal.reject", value=value, style="danger"),
    ]
    if whole:
        confirm = ConfirmObject(
            title="Setujui klarifikasi?",
            text=(
                f"Anda menyetujui teks v{card.draft_version} (sha256 "
                f"{(card.draft_hash or '')[:12]}…) yang ditampilkan utuh di atas: judul dan "
                f"isi {number(len(card.draft_body or ''))} karakter."
            ),
            confirm="Setujui",
            deny="Batal",
        )
        approve = ButtonElement(
            text="Setujui",
            action_id="tangkal.approve",
            value=value,
            style="primary",
            confirm=confirm,
        )
        buttons.insert(0, approve)
    return [*blocks, ActionsBlock(block_id="tangkal.decision", elements=buttons)]
