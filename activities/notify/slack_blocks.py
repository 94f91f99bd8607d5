"""Block Kit limits and the small builders both cards share. Every text here is mrkdwn that has
gone through `core.mrkdwn` already; these functions only cut it into what Slack accepts.

Blocks are built as the JSON Slack receives (as `api/slack/modals.py` builds its views): a
card is measured against Slack's limits and sent as built, with no model objects to convert
on every post and rewrite."""

from __future__ import annotations

from typing import Any

from activities.types import Card
from core.local_time import LocalClock
from core.mrkdwn import escape, link, split, units, url_label
from core.words import cards as words

SECTION_LIMIT = 3000  # a section's text
MAX_BLOCKS = 50  # a message's blocks
# Slack also refuses a message whose blocks are too long together (`msg_blocks_too_long`), far
# below 50 x 3000 and undocumented: about 13,000 characters of text (slackapi/bolt-js#2509).
BLOCKS_BUDGET = 12_000
# A link longer than this is shown as text: five of them must fit one section.
MAX_LINK = 560


Block = dict[str, Any]  # one Block Kit block, as sent


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text)}


def button(
    text: str,
    action_id: str,
    value: str,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    made: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id}
    made["value"] = value
    if style:
        made["style"] = style
    if confirm:
        made["confirm"] = confirm
    return made


def actions(block_id: str, *buttons: dict[str, Any]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(buttons)}


def confirm_dialog(title: str, text: str, confirm: str, deny: str) -> dict[str, Any]:
    return {
        "title": plain(title),
        "text": mrkdwn(text),
        "confirm": plain(confirm),
        "deny": plain(deny),
    }


def sections(text: str, *, boundaries: bool = True) -> list[Block]:
    return [
        section(part) for part in split(text, SECTION_LIMIT, boundaries=boundaries) if part.strip()
    ]


def context(*parts: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(" · ".join(p for p in parts if p))]}


def incident_context(card: Card, clock: LocalClock, *extra: str) -> Block:
    parts = [f"`{escape(card.incident_id)}`", *extra]
    if card.due_at and card.open:
        parts.append(escape(words.DUE.in_(clock.lang, at=clock.moment(card.due_at))))
    return context(*parts)


def url_line(url: str, lang: str) -> str:
    """A bullet with a link that shows its whole host, or the URL as text if it cannot be one."""
    made = link(url, url_label(url))
    if units(made) > MAX_LINK:
        made = escape(url_label(url)) + " " + words.LINK_TOO_LONG.in_(lang)
    return "• " + made


def text_units(blocks: list[Block]) -> int:
    """All the text a message's blocks carry, as Slack counts it."""

    def walk(value: Any) -> int:
        if isinstance(value, dict):
            return sum(
                units(v) if k == "text" and isinstance(v, str) else walk(v)
                for k, v in value.items()
            )
        if isinstance(value, list):
            return sum(walk(v) for v in value)
        return 0

    return walk(blocks)


def fits(blocks: list[Block]) -> bool:
    return len(blocks) <= MAX_BLOCKS and text_units(blocks) <= BLOCKS_BUDGET
