"""The cards and the Slack publication channel alike: one bot token, read from the environment
or from `.env` as every setting is, and one reading of what Slack's refusals mean."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.flow import approved_incident, timeline, wait_for
from tests.slack_flow import ANNOUNCE_CHANNEL, APPROVE_CHANNEL
from tests.support import running_stack

# The announcement as a publication channel, with neither a token nor a URL of its own: it
# uses the bot's, TANGKAL_SLACK_BOT_TOKEN and TANGKAL_SLACK_API_URL.
ANNOUNCE = """
[[channels]]
name = "announce"
kind = "slack"
required = false
"""


def _publication(incident: dict[str, Any], channel: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in incident["publications"] if p["channel"] == channel)
    return found


async def test_a_bot_token_only_in_dotenv_reaches_the_cards_and_the_slack_channel(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fake_slack: FakeSlack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    for name in ("TANGKAL_SLACK_BOT_TOKEN", "TANGKAL_SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        f"TANGKAL_SLACK_BOT_TOKEN={fake_slack.token}\nTANGKAL_SLACK_API_URL={fake_slack.url}\n"
    )
    async with running_stack(
        temporal.client,
        f"sqlite:///{tmp_path / 'tangkal.db'}",
        tmp_path,
        receiver.url,
        policy_extra=ANNOUNCE,
        monitoring_minutes=60,
        env_file=dotenv,
    ) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        published = await wait_for(http, keys.leader, incident_id, stage="monitoring")
        events = await timeline(http, keys.leader, incident_id)

    cards = [m for m in fake_slack.in_channel(APPROVE_CHANNEL) if incident_id in str(m["blocks"])]
    assert len(cards) == 1, "the approval card was not posted with the token from .env"
    announce = _publication(published, "announce")
    assert announce["status"] == "published", announce
    [announcement] = fake_slack.in_channel(ANNOUNCE_CHANNEL)
    assert published["draft"]["title"] in announcement["text"]
    assert announce["external_id"] == announcement["ts"]
    assert fake_slack.token not in json.dumps([published, events]) + caplog.text


async def test_an_expired_token_is_refused_for_good_by_the_slack_channel_as_by_the_cards(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fake_slack: FakeSlack,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In the environment too, where Tangkal has always read it, whichever part reads it.
    monkeypatch.setenv("TANGKAL_SLACK_BOT_TOKEN", fake_slack.token)
    monkeypatch.setenv("TANGKAL_SLACK_API_URL", fake_slack.url)
    fake_slack.refuse_all = "token_expired"  # every call, as Slack answers once it expired
    async with running_stack(
        temporal.client,
        f"sqlite:///{tmp_path / 'tangkal.db'}",
        tmp_path,
        receiver.url,
        slack=fake_slack,
        policy_extra=ANNOUNCE,
        monitoring_minutes=60,
    ) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        published = await wait_for(http, keys.leader, incident_id, stage="monitoring")

    assert "token_expired" in (published["notification_error"] or "")
    announce = _publication(published, "announce")
    assert announce["status"] == "failed"
    assert announce["error"] == "slack chat.postMessage: token_expired"
    assert _publication(published, "website")["status"] == "published"
    # Refused for good: each card, reply and the announcement was tried once, never again.
    posts = fake_slack.called("chat.postMessage")
    announced = [p for p in posts if p["channel"] == ANNOUNCE_CHANNEL]
    assert len(announced) == 1, f"the announcement was tried {len(announced)} times"
    keys_tried = [p["metadata"]["event_payload"]["key"] for p in posts]
    assert len(keys_tried) == len(set(keys_tried)), "a refused card was tried again"
    looked_up = [
        c for c in fake_slack.called("conversations.history") if c["channel"] == ANNOUNCE_CHANNEL
    ]
    assert looked_up == [], "the announcement was retried"
