"""Exactly-once Slack posts on both databases: one message per key, a lost answer found again
instead of posted twice, and no history lookup (a rate-limited Slack method) when nothing can
have been posted yet."""

from __future__ import annotations

import uuid

import pytest
from temporalio.exceptions import ApplicationError

from activities.notify.slack_once import post_once
from core.db import engine_for
from core.migrate import migrate
from core.settings import Settings
from core.slack_client import shared_session, slack_client
from tests.fakes.slack import FakeSlack


async def test_each_key_posts_once_and_a_lost_answer_is_not_posted_again(
    database_url: str, fake_slack: FakeSlack
) -> None:
    migrate(database_url)
    engine = engine_for(database_url)
    client = slack_client(Settings(slack_bot_token=fake_slack.token, slack_api_url=fake_slack.url))
    assert client is not None
    incident = "INC" + uuid.uuid4().hex[:8]
    where = {"incident_id": incident, "channel": "C0VERIFY"}

    async with shared_session(client):
        card = await post_once(client, engine, key=f"{incident}:card", text="kartu", **where)
        again = await post_once(client, engine, key=f"{incident}:card", text="kartu", **where)
        reply = await post_once(
            client,
            engine,
            key=f"{incident}:n1",
            text="balasan",
            thread_key=f"{incident}:card",
            **where,
        )
        assert again == card
        assert [m["ts"] for m in fake_slack.in_channel("C0VERIFY")] == [card]
        assert [m["ts"] for m in fake_slack.in_channel("C0VERIFY", thread=True)] == [reply]
        assert fake_slack.in_channel("C0VERIFY", thread=True)[0]["thread_ts"] == card
        assert not fake_slack.called("conversations.history")
        assert not fake_slack.called("conversations.replies")

        fake_slack.lose_answer.add("chat.postMessage")  # posted, but the answer is lost
        with pytest.raises(ApplicationError):
            await post_once(client, engine, key=f"{incident}:announce", text="umum", **where)
        found = await post_once(client, engine, key=f"{incident}:announce", text="umum", **where)

    assert fake_slack.called("conversations.history")
    assert [m["ts"] for m in fake_slack.in_channel("C0VERIFY")] == [card, found]
