"""Block Kit for the verification and approval cards (SPEC §5 action ids are the contract).

Everything a card shows comes from people or feeds, so every string goes through
`core.mrkdwn` (escaped; links only from safe URLs) before it reaches a block.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, HeaderBlock, SectionBlock

from activities.notify.approval_card import approval_blocks
from activities.notify.slack_blocks import (
    VERDICT_LABELS,
    incident_context,
    number,
    sections,
    url_line,
)
from activities.types import Card
from core.mrkdwn import clip, escape

VERDICT_STYLES = {"false": "danger"}
CLAIM_SHOWN = 1500  # characters of the claim quoted on the verification card


def _quote(text: str) -> str:
    return "\n".join("> " + escape(line) for line in clip(text, CLAIM_SHOWN).splitlines() or [""])


def _facts(card: Card) -> str:
    lines = [_quote(card.claim)]
    if card.platform or card.reach is not None:
        platform = escape(card.platform or "-")
        lines.append(f"*Platform:* {platform} · *Jangkauan:* {number(card.reach or 0)}")
    lines += [url_line(url) for url in card.source_urls[:5]]
    return "\n".join(lines)


def _risk(card: Card) -> str:
    lines = [f"*Risiko {card.risk_score}/100 · {escape(str(card.severity).upper())}*"]
    lines += [
        f"• {escape(str(f.get('factor', '')))}: +{escape(str(f.get('points', '')))} — "
        f"{escape(clip(str(f.get('explanation', '')), 300))}"
        for f in card.factors[:12]
    ]
    return "\n".join(lines)


def verification_blocks(card: Card) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Verifikasi klaim · {str(card.severity).upper()}", 150)),
        *sections(_facts(card)),
        *sections(_risk(card)),
        incident_context(card),
    ]
    if card.open:
        blocks.append(
            ActionsBlock(
                block_id="tangkal.verdict",
                elements=[
                    ButtonElement(
                        text=label,
                        action_id=f"tangkal.verdict.{verdict}",
                        value=card.incident_id,
                        style=VERDICT_STYLES.get(verdict),
                    )
                    for verdict, label in VERDICT_LABELS.items()
                ],
            )
        )
    else:
        blocks.append(SectionBlock(text=f"*{escape(card.status)}*"))
    return blocks


def card_blocks(card: Card, pages_url: str = "") -> list[Block]:
    if card.audience == "verification":
        return verification_blocks(card)
    return approval_blocks(card, pages_url)


def card_text(card: Card) -> str:
    """The plain-text fallback (notifications, console outbox); escape it for Slack."""
    if card.audience == "verification":
        head = f"[{card.incident_id}] Verifikasi ({card.severity}, risiko {card.risk_score})"
    else:
        head = f"[{card.incident_id}] Persetujuan v{card.draft_version}: {card.draft_title}"
    return f"{head} — {card.status}"
