"""Block Kit limits and the small builders both cards share. Every text here is mrkdwn that has
gone through `core.mrkdwn` already; these functions only cut it into what Slack accepts."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

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


def sections(mrkdwn: str, *, boundaries: bool = True) -> list[Block]:
    return [
        SectionBlock(text=MarkdownTextObject(text=part))
        for part in split(mrkdwn, SECTION_LIMIT, boundaries=boundaries)
        if part.strip()
    ]


def context(*parts: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=" · ".join(p for p in parts if p))])


def incident_context(card: Card, clock: LocalClock, *extra: str) -> ContextBlock:
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


def text_units(sent: list[dict[str, Any]]) -> int:
    """All the text a message's blocks (as sent) carry, as Slack counts it."""

    def walk(value: Any) -> int:
        if isinstance(value, dict):
            return sum(
                units(v) if k == "text" and isinstance(v, str) else walk(v)
                for k, v in value.items()
            )
        if isinstance(value, list):
            return sum(walk(v) for v in value)
        return 0

    return walk(sent)


def as_sent(blocks: list[Block]) -> list[dict[str, Any]]:
    """The blocks as Slack receives them: converted once, measured and sent as they are."""
    return [block.to_dict() for block in blocks]


def fits(sent: list[dict[str, Any]]) -> bool:
    return len(sent) <= MAX_BLOCKS and text_units(sent) <= BLOCKS_BUDGET
