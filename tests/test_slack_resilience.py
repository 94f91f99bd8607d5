"""Slack refusals, races, outages and rate limits: never a double decision, never a lost card."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from core.db import engine_for
from core.domain import Role
from core.keys import create_key
from tests.fakes.slack import FakeSlack, text_value
from tests.fakes.webhook import WebhookReceiver
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, auth, report, timeline, verify, wait_for
from tests.slack_flow import APPROVE_CHANNEL, VERIFY_CHANNEL, SlackDriver, until
from tests.support import Stack, stack_on_sqlite


async def _awaiting_approval(stack: Stack, claim: dict[str, Any]) -> tuple[str, str]:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, claim))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    return str(incident_id), str(draft["hash"])


def _ephemerals(fake: FakeSlack, user: str) -> list[str]:
    return [str(c["text"]) for c in fake.called("chat.postEphemeral") if c["user"] == user]


async def test_refusals_reach_the_user_and_the_timeline_and_change_nothing(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id, v1 = await _awaiting_approval(slack_stack, LOW_CLAIM)

    await slack.click("U0STRANGER", "tangkal.approve", f"{incident_id}|{v1}", APPROVE_CHANNEL)
    await slack.click("U0VERIFY", "tangkal.reject", f"{incident_id}|{v1}", APPROVE_CHANNEL)
    await until(lambda: _ephemerals(fake_slack, "U0VERIFY"), "refusal for the verifier")
    assert "approver" in _ephemerals(fake_slack, "U0STRANGER")[0]
    assert not fake_slack.called("views.open")  # no modal for someone who may not decide

    # The Kabag also writes drafts through the API, with a key linked to his Slack user.
    kabag_key = create_key(
        engine_for(slack_stack.settings.effective_database_url),
        "Kabag",
        [Role.OFFICER],
        slack_user="U0KABAG",
    )
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(kabag_key),
        json={"title": "[HOAKS] Penutupan jalan", "body": "Faktanya: tidak."},
    )
    v2 = edited.json()["incident"]["draft"]["hash"]
    await slack.click("U0KABAG", "tangkal.approve", f"{incident_id}|{v2}", APPROVE_CHANNEL)
    await slack.click("U0KASUBAG", "tangkal.approve", f"{incident_id}|{v1}", APPROVE_CHANNEL)
    await until(
        lambda: _ephemerals(fake_slack, "U0KABAG") and _ephemerals(fake_slack, "U0KASUBAG"),
        "refusals for self-approval and the stale card",
    )
    assert "someone else must approve" in _ephemerals(fake_slack, "U0KABAG")[0]
    assert "older version" in _ephemerals(fake_slack, "U0KASUBAG")[0]

    refused = [
        e for e in await timeline(http, keys.leader, incident_id) if e["type"] == "slack_refused"
    ]
    assert {e["actor"]["id"] for e in refused} == {"U0STRANGER", "U0VERIFY", "U0KABAG", "U0KASUBAG"}
    current = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.leader))).json()
    assert current["stage"] == "approval" and current["approvals"] == []


async def test_modals_demand_what_they_need(slack_stack: Stack, fake_slack: FakeSlack) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id, v1 = await _awaiting_approval(slack_stack, LOW_CLAIM)
    await slack.click("U0KABAG", "tangkal.request_changes", f"{incident_id}|{v1}", APPROVE_CHANNEL)
    view = slack.opened_view()
    assert view["callback_id"] == "tangkal.decision"
    missing = await slack.submit("U0KABAG", view, text_value("reason", "  "))
    assert missing.json() == {
        "response_action": "errors",
        "errors": {"reason": "Alasan wajib diisi"},
    }
    done = await slack.submit("U0KABAG", view, text_value("reason", "Cantumkan nomor surat"))
    assert done.content == b""
    back = await wait_for(slack_stack.http, slack_stack.keys.officer, incident_id, stage="drafting")
    assert back["decisions"][-1]["reason"] == "Cantumkan nomor surat"


async def test_double_clicks_and_simultaneous_approvers_count_once_each(
    slack_stack: Stack, fake_slack: FakeSlack, receiver: WebhookReceiver
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id, draft_hash = await _awaiting_approval(slack_stack, CRITICAL_CLAIM)
    value = f"{incident_id}|{draft_hash}"
    await asyncio.gather(
        slack.click("U0KABAG", "tangkal.approve", value, APPROVE_CHANNEL),
        slack.click("U0KABAG", "tangkal.approve", value, APPROVE_CHANNEL),
        slack.click("U0SEKDA", "tangkal.approve", value, APPROVE_CHANNEL),
    )
    closed = await wait_for(slack_stack.http, slack_stack.keys.leader, incident_id, stage="closed")
    assert sorted(a["actor"]["id"] for a in closed["approvals"]) == ["U0KABAG", "U0SEKDA"]
    events = await timeline(slack_stack.http, slack_stack.keys.leader, incident_id)
    assert [e["type"] for e in events].count("approved") == 2
    assert len(receiver.published) == 1


async def test_a_click_while_no_worker_runs_is_applied_once_it_returns(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id, draft_hash = await _awaiting_approval(slack_stack, LOW_CLAIM)
    await slack_stack.worker.stop()
    # Slack gives up on an interaction after 3 seconds: the answer must come sooner.
    await slack.click(
        "U0KABAG", "tangkal.approve", f"{incident_id}|{draft_hash}", APPROVE_CHANNEL, timeout=3
    )
    waiting = (
        await slack_stack.http.get(
            f"/incidents/{incident_id}", headers=auth(slack_stack.keys.leader)
        )
    ).json()
    assert waiting["stage"] == "approval" and waiting["approvals"] == []
    slack_stack.worker.start()
    closed = await wait_for(slack_stack.http, slack_stack.keys.leader, incident_id, stage="closed")
    assert [a["actor"]["id"] for a in closed["approvals"]] == ["U0KABAG"]


async def test_rate_limits_and_lost_answers_never_post_a_card_twice(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("chat.postMessage", times=3, retry_after=1)
    fake_slack.lose_answer.add("chat.postMessage")
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id, _ = await _awaiting_approval(slack_stack, LOW_CLAIM)
    await until(lambda: slack.has_card(APPROVE_CHANNEL, incident_id), "approval card", 60)
    for channel in (VERIFY_CHANNEL, APPROVE_CHANNEL):
        cards = [m for m in fake_slack.in_channel(channel) if incident_id in str(m["blocks"])]
        assert len(cards) == 1, f"{len(cards)} cards in {channel}"
    posts = fake_slack.called("chat.postMessage")
    assert len(posts) >= 5  # three refused with 429, one answer lost, then the rest
    assert fake_slack.called("conversations.history")  # the lost answer was looked up


@pytest.fixture
async def broken_channel_stack(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fake_slack: FakeSlack,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("broken")
    async with stack_on_sqlite(
        temporal.client, directory, receiver.url, slack=fake_slack, verification_channel="C0DELETED"
    ) as running:
        yield running


async def test_a_channel_slack_refuses_is_flagged_and_the_incident_goes_on(
    broken_channel_stack: Stack, fake_slack: FakeSlack
) -> None:
    stack = broken_channel_stack
    incident_id, draft_hash = await _awaiting_approval(stack, LOW_CLAIM)
    flagged: dict[str, Any] = {}
    for _ in range(100):
        flagged = (
            await stack.http.get(f"/incidents/{incident_id}", headers=auth(stack.keys.leader))
        ).json()
        if flagged["notification_error"]:
            break
        await asyncio.sleep(0.1)
    # Named by the call Slack refused: the card's post, or a later look-up for it.
    error = flagged["notification_error"]
    assert re.fullmatch(
        r"slack (chat\.postMessage|conversations\.history): channel_not_found", error
    )
    events = await timeline(stack.http, stack.keys.leader, incident_id)
    assert "notification_failed" in [e["type"] for e in events]
    slack = SlackDriver(stack, fake_slack)
    await until(lambda: slack.has_card(APPROVE_CHANNEL, incident_id), "approval card")
    response = await stack.http.post(
        f"/incidents/{incident_id}/decisions",
        headers=auth(stack.keys.approver),
        json={"decision": "approve", "draft_hash": draft_hash},
    )
    assert response.status_code == 200


async def test_without_slack_notices_land_in_the_console_outbox(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id, _ = await _awaiting_approval(sqlite_stack, LOW_CLAIM)

    async def outbox() -> list[dict[str, Any]]:
        response = await http.get(
            "/outbox", params={"incident_id": incident_id}, headers=auth(keys.admin)
        )
        assert response.status_code == 200
        entries: list[dict[str, Any]] = response.json()
        return entries

    for _ in range(100):
        texts = [entry["text"] for entry in await outbox()]
        if any("Persetujuan v1" in text for text in texts):
            break
        await asyncio.sleep(0.1)
    assert any("Verifikasi" in text for text in texts)
    assert any("Persetujuan v1" in text for text in texts)
    assert (await http.get("/outbox", headers=auth(keys.officer))).status_code == 403
