"""`deliver_notice`: one notice to Slack (cards, thread replies, mentions, announcements,
ephemeral refusals) or, without Slack, to the console outbox.

Notice texts are plain text written from people's input (claims, titles, reasons, names); they
are escaped here, where they enter Slack mrkdwn, and only the mentions Tangkal adds itself (from
the policy) are Slack syntax. The console outbox gets the plain text.
"""

from __future__ import annotations

import asyncio
import dataclasses

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from temporalio import activity

from activities.notify.card_source import card_on
from activities.notify.console import render, write_to_outbox
from activities.notify.slack_cards import card_blocks, card_text
from activities.notify.slack_once import Claim, claim, claim_on, post_claimed, post_once
from activities.slack.errors import slack_call
from activities.types import Card, Notice
from core.domain import NoticeKind, Role
from core.local_time import LocalClock
from core.mrkdwn import escape
from core.policy import Policy

# Who is reminded of a stage that waits on them.
STAGE_ROLES = {
    "triage": Role.OFFICER,
    "verification": Role.VERIFIER,
    "drafting": Role.OFFICER,
    "approval": Role.APPROVER,
    "publishing": Role.ADMIN,
}


def _card_key(notice: Notice) -> str:
    """The exactly-once key of an incident's card for the notice's audience."""
    return f"{notice.incident_id}:{notice.audience}:card"


class NoticeDelivery:
    def __init__(self, slack: AsyncWebClient | None, engine: Engine, policy: Policy) -> None:
        self._slack = slack
        self._engine = engine
        self._policy = policy
        self._announced_by_channel = any(c.kind == "slack" for c in policy.channels)

    def _channel(self, audience: str) -> str:
        channels = self._policy.slack
        return {
            "verification": channels.verification_channel,
            "approval": channels.approval_channel,
            "announce": channels.announce_channel,
            "leadership": channels.leadership_channel,
        }.get(audience, "")

    def _mentions(self, notice: Notice) -> str:
        role = STAGE_ROLES.get(notice.stage or "")
        people = [user for user, roles in self._policy.people.items() if role in roles]
        if notice.kind == "escalation":
            people += self._policy.slack.escalation_contacts
        return " ".join(f"<@{user}>" for user in dict.fromkeys(people))

    @activity.defn(name="deliver_notice")
    async def deliver_notice(self, notice: Notice) -> None:
        audience = "announce" if notice.kind == "announce" else notice.audience
        channel = self._channel(audience)
        if notice.kind == "announce" and self._announced_by_channel:
            channel = ""  # a `slack` publication channel posts it, with its own exactly-once key
        to_slack = self._slack is not None and bool(channel)
        claimed: Claim | None = None
        if notice.kind == NoticeKind.CARD and notice.card is None:
            # A rewrite asked for by an `Incident` workflow: the card as the read model has
            # it, and (for Slack) its message claimed, in one trip to the database.
            card, claimed = await asyncio.to_thread(
                self._card_and_claim, notice, channel if to_slack else None
            )
            if card is None:
                return
            notice = dataclasses.replace(notice, card=card, text=card.status)
        if self._slack is None or not channel:
            await asyncio.to_thread(
                write_to_outbox, self._engine, notice, self._policy.organization.language
            )
            return
        if notice.kind == "card" and notice.card is not None:
            await self._card(self._slack, notice, channel, claimed)
        elif notice.kind == "ephemeral":
            await slack_call(
                "chat.postEphemeral",
                self._slack.chat_postEphemeral(
                    channel=notice.channel or channel,
                    user=notice.user or "",
                    text=escape(notice.text),
                ),
            )
        elif notice.kind in ("announce", "digest"):
            await post_once(
                self._slack,
                self._engine,
                key=notice.id,
                channel=channel,
                incident_id=notice.incident_id,
                text=escape(notice.text),
            )
        else:
            await self._thread(self._slack, notice, channel)

    def _card_and_claim(
        self, notice: Notice, channel: str | None
    ) -> tuple[Card | None, Claim | None]:
        with self._engine.connect() as connection:
            card = card_on(connection, self._policy, notice.incident_id, notice.audience)
            if card is None or channel is None:
                return card, None
            return card, claim_on(connection, _card_key(notice), notice.incident_id, channel)

    async def _card(
        self, slack: AsyncWebClient, notice: Notice, channel: str, claimed: Claim | None
    ) -> None:
        assert notice.card is not None
        organization = self._policy.organization
        clock = LocalClock(organization.timezone, organization.language)
        blocks = card_blocks(notice.card, clock, self._policy.slack.pages_url)
        text = escape(card_text(notice.card, clock.lang))
        if claimed is None:
            claimed = await claim(self._engine, _card_key(notice), notice.incident_id, channel)
        if claimed.ts is None:
            await post_claimed(
                slack, self._engine, claimed, channel=channel, text=text, blocks=blocks
            )
            return
        await slack_call(
            "chat.update",
            slack.chat_update(channel=channel, ts=claimed.ts, text=text, blocks=blocks),
        )

    async def _thread(self, slack: AsyncWebClient, notice: Notice, channel: str) -> None:
        text = escape(render(notice, self._policy.organization.language))
        if notice.kind in ("reminder", "escalation"):
            mentions = self._mentions(notice)
            text = f"{mentions} {text}".strip()
        await post_once(
            slack,
            self._engine,
            key=notice.id,
            incident_id=notice.incident_id,
            channel=channel,
            text=text,
            thread_key=_card_key(notice),
        )
