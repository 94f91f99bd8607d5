"""The whole lifecycle through Slack alone, and what Slack requests must prove."""

from __future__ import annotations

import json
import re
import time

from tests.fakes.slack import FakeSlack, block_action, signed
from tests.fakes.webhook import WebhookReceiver
from tests.flow import auth, timeline, wait_for
from tests.slack_flow import (
    ANNOUNCE_CHANNEL,
    APPROVE_CHANNEL,
    VERIFY_CHANNEL,
    SlackDriver,
    buttons,
    until,
)
from tests.support import SLACK_SIGNING_SECRET, Stack

CLAIM = "Video viral petugas KPU mencoblos surat suara pemilu di TPS 12, sudah ditonton 250 ribu"


async def test_report_verify_approve_and_publish_from_slack(
    slack_stack: Stack, fake_slack: FakeSlack, receiver: WebhookReceiver
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    answer = await slack.command("U0OFFICER", f"lapor {CLAIM}")
    assert answer["response_type"] == "ephemeral" and "TK-" in answer["text"]
    found = re.search(r"TK-[A-Z0-9]+", answer["text"])
    assert found is not None
    incident_id = found.group(0)

    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    card = slack.card(VERIFY_CHANNEL, incident_id)
    assert set(buttons(card)) == {
        f"tangkal.verdict.{v}" for v in ("false", "misleading", "partly_false", "unproven", "true")
    }
    assert set(buttons(card).values()) == {incident_id}

    await slack.click("U0VERIFY", "tangkal.verdict.false", incident_id, VERIFY_CHANNEL)
    view = slack.opened_view()
    assert view["callback_id"] == "tangkal.verification"
    assert json.loads(view["private_metadata"])["verdict"] == "false"
    await slack.verify("U0VERIFY", incident_id)

    await until(lambda: slack.has_card(APPROVE_CHANNEL, incident_id), "approval card")
    approval = slack.card(APPROVE_CHANNEL, incident_id)
    values = buttons(approval)
    assert set(values) == {"tangkal.approve", "tangkal.request_changes", "tangkal.reject"}
    draft_hash = values["tangkal.approve"].split("|")[1]
    approve = next(b for b in approval["blocks"] if b["type"] == "actions")["elements"][0]
    assert approve["confirm"]["confirm"]["text"] == "Setujui"
    # Once the verdict is in, the verification card has no buttons left and shows who decided.
    await until(lambda: not buttons(slack.card(VERIFY_CHANNEL, incident_id)), "card rewrite")
    assert "oleh U0VERIFY" in str(slack.card(VERIFY_CHANNEL, incident_id)["blocks"])

    # A claim typed into Slack carries no reach or media: low severity, one approval.
    await slack.click("U0KABAG", "tangkal.approve", f"{incident_id}|{draft_hash}", APPROVE_CHANNEL)

    closed = await wait_for(slack_stack.http, slack_stack.keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published"
    assert [a["actor"]["id"] for a in closed["approvals"]] == ["U0KABAG"]
    assert closed["reporter"]["kind"] == "slack_user" and closed["severity"] == "low"
    assert len(receiver.published) == 1
    await until(
        lambda: "Klarifikasi terbit" in str(slack.card(APPROVE_CHANNEL, incident_id)["blocks"]),
        "the approval card rewritten as published",
    )
    assert not buttons(slack.card(APPROVE_CHANNEL, incident_id))
    await until(lambda: fake_slack.in_channel(ANNOUNCE_CHANNEL), "announcement")
    assert closed["draft"]["title"] in fake_slack.in_channel(ANNOUNCE_CHANNEL)[0]["text"]
    status = await slack.command("U0SEKDA", f"status {incident_id}")
    assert "tahap *Ditutup* (Klarifikasi terbit)" in status["text"], status["text"]
    assert "closed" not in status["text"] and "published" not in status["text"]


async def test_unsigned_or_tampered_requests_are_refused_and_change_nothing(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    created = await http.post(
        "/incidents",
        headers=auth(keys.officer),
        json={"claim": "Bansos dihentikan mulai besok untuk semua warga"},
    )
    incident_id = created.json()["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    slack = SlackDriver(slack_stack, fake_slack)
    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    before = await timeline(http, keys.officer, incident_id)
    calls_before = len(fake_slack.calls)
    form = block_action(
        "U0VERIFY", "tangkal.verdict.false", incident_id, channel=VERIFY_CHANNEL, action_ts="1.1"
    )
    body, headers = signed(SLACK_SIGNING_SECRET, form)
    forged = {**headers, "X-Slack-Signature": "v0=" + "0" * 64}
    stale = signed(SLACK_SIGNING_SECRET, form, at=int(time.time()) - 301)
    # Well past the window: time runs on while the attempts are made, narrowing a future gap.
    future = signed(SLACK_SIGNING_SECRET, form, at=int(time.time()) + 330)
    wrong_key = signed("not-the-secret", form)
    attempts = [
        (body, forged),
        (body + b"x", headers),
        stale,
        future,
        wrong_key,
        (body, {"Content-Type": headers["Content-Type"]}),
        (body, {**headers, "X-Slack-Request-Timestamp": "yesterday"}),
    ]
    for content, sent_headers in attempts:
        response = await http.post("/slack/interactions", content=content, headers=sent_headers)
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    command, command_headers = signed("not-the-secret", {"text": "lapor hoaks", "user_id": "U"})
    assert (
        await http.post("/slack/commands", content=command, headers=command_headers)
    ).status_code == 401
    assert len(fake_slack.calls) == calls_before  # no modal opened, nothing posted
    assert await timeline(http, keys.officer, incident_id) == before


async def test_without_slack_settings_the_endpoints_say_so(sqlite_stack: Stack) -> None:
    body, headers = signed(SLACK_SIGNING_SECRET, {"payload": "{}"})
    response = await sqlite_stack.http.post("/slack/interactions", content=body, headers=headers)
    assert response.status_code == 404 and "not configured" in response.json()["detail"]


async def test_signed_but_malformed_requests_get_a_clear_answer(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    not_json = await slack.send("/slack/interactions", {"payload": "{oops"})
    assert not_json.status_code == 400 and "payload" in not_json.json()["detail"]
    stray = block_action("U0KABAG", "tangkal.approve", "", channel=APPROVE_CHANNEL, action_ts="9")
    assert (await slack.send("/slack/interactions", stray)).status_code == 200
    gone = block_action(
        "U0KABAG",
        "tangkal.approve",
        "TK-NOSUCHINC|" + "a" * 64,
        channel=APPROVE_CHANNEL,
        action_ts="10",
    )
    assert (await slack.send("/slack/interactions", gone)).status_code == 200
    await until(lambda: fake_slack.called("chat.postEphemeral"), "the user is told")
    assert "tidak ditemukan" in fake_slack.called("chat.postEphemeral")[0]["text"]
    help_text = await slack.command("U0OFFICER", "bantuan")
    assert "/tangkal lapor" in help_text["text"]
    refused = await slack.command("U0STRANGER", "lapor Ada hoaks baru soal pemilu")
    assert "officer" in refused["text"]
