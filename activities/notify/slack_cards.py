"""Block Kit for the verification and approval cards (SPEC §5 action ids are the contract)."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from activities.types import Card

VERDICT_BUTTONS = (
    ("false", "Hoaks", "danger"),
    ("misleading", "Menyesatkan", None),
    ("partly_false", "Sebagian salah", None),
    ("unproven", "Belum terbukti", None),
    ("true", "Benar (bukan hoaks)", None),
)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in _cut(text, 1500).splitlines() or [""])


def _facts(card: Card) -> str:
    lines = [_quote(card.claim)]
    if card.platform or card.reach is not None:
        lines.append(f"*Platform:* {card.platform or '-'} · *Jangkauan:* {card.reach or 0:,}")
    for url in card.source_urls[:5]:
        lines.append(f"• <{url}|{_cut(url, 80)}>")
    return _cut("\n".join(lines), 2900)


def _risk(card: Card) -> str:
    lines = [f"*Risiko {card.risk_score}/100 · {str(card.severity).upper()}*"]
    lines += [f"• {f['factor']}: +{f['points']} — {f['explanation']}" for f in card.factors]
    return _cut("\n".join(lines), 2900)


def _context(card: Card, *extra: str) -> ContextBlock:
    parts = [f"`{card.incident_id}`", *extra]
    if card.due_at and card.open:
        parts.append(f"Batas SLA: {card.due_at[:16].replace('T', ' ')} UTC")
    return ContextBlock(elements=[MarkdownTextObject(text=" · ".join(parts))])


def verification_blocks(card: Card) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text=_cut(f"Verifikasi klaim · {str(card.severity).upper()}", 150)),
        SectionBlock(text=MarkdownTextObject(text=_facts(card))),
        SectionBlock(text=MarkdownTextObject(text=_risk(card))),
        _context(card),
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
                        style=style,
                    )
                    for verdict, label, style in VERDICT_BUTTONS
                ],
            )
        )
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{card.status}*")))
    return blocks


def approval_blocks(card: Card) -> list[Block]:
    draft = f"*{card.draft_title}*\n{card.draft_body or ''}"
    verdict = f"*Verdict:* {card.verdict} — {card.summary or ''}"
    evidence = "\n".join(f"• <{url}|{_cut(url, 80)}>" for url in card.evidence_urls[:5])
    blocks: list[Block] = [
        HeaderBlock(text=_cut(f"Persetujuan klarifikasi · v{card.draft_version}", 150)),
        SectionBlock(text=MarkdownTextObject(text=_cut(draft, 2900))),
        SectionBlock(text=MarkdownTextObject(text=_cut(f"{verdict}\n{evidence}", 2900))),
        _context(
            card,
            f"hash `{(card.draft_hash or '')[:12]}`",
            card.tally,
            "disetujui: " + (", ".join(card.approved_by) or "-"),
        ),
    ]
    if card.open:
        value = f"{card.incident_id}|{card.draft_hash}"
        confirm = ConfirmObject(
            title="Setujui klarifikasi?",
            text=f"Anda menyetujui teks v{card.draft_version} persis seperti di atas.",
            confirm="Setujui",
            deny="Batal",
        )
        blocks.append(
            ActionsBlock(
                block_id="tangkal.decision",
                elements=[
                    ButtonElement(
                        text="Setujui",
                        action_id="tangkal.approve",
                        value=value,
                        style="primary",
                        confirm=confirm,
                    ),
                    ButtonElement(
                        text="Minta perubahan", action_id="tangkal.request_changes", value=value
                    ),
                    ButtonElement(
                        text="Tolak", action_id="tangkal.reject", value=value, style="danger"
                    ),
                ],
            )
        )
    else:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{card.status}*")))
    return blocks


def card_blocks(card: Card) -> list[Block]:
    return verification_blocks(card) if card.audience == "verification" else approval_blocks(card)


def card_text(card: Card) -> str:
    """The plain-text fallback (notifications, console outbox)."""
    if card.audience == "verification":
        head = f"[{card.incident_id}] Verifikasi ({card.severity}, risiko {card.risk_score})"
    else:
        head = f"[{card.incident_id}] Persetujuan v{card.draft_version}: {card.draft_title}"
    return f"{head} — {card.status}"
