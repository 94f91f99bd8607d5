"""Text from people and feeds reaches Slack inert: no pings, no disguised links, wherever it goes.

Every payload the fake Slack recorded (cards, thread replies, reminders, escalations, the
announcement, the digest, ephemeral answers, modals) and every slash-command answer is checked:
the only `<…>` sequences left are the mentions Tangkal adds from the policy and links whose
label shows the host they lead to, and every `&` starts an entity.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.digest_types import DigestInput
from activities.types import Report
from core.db import engine_for
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.policy import load_policy
from core.settings import Settings
from core.slack_client import slack_client
from core.temporal import with_tangkal_payloads
from tests.fakes.slack import FakeSlack
from tests.flow import auth, decide, report, verify, wait_for
from tests.slack_flow import (
    ANNOUNCE_CHANNEL,
    APPROVE_CHANNEL,
    VERIFY_CHANNEL,
    SlackDriver,
    until,
)
from tests.support import BIN, Stack, start_reported, write_policy
from worker.run import run_worker
from workflows.digest import DailyDigestWorkflow
from workflows.types import IncidentInput

HOSTILE = "<!channel> <!here> <!everyone> <@U123> <https://evil.example|kpu.go.id> a & b"
INERT = "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt;"
LONG_HOST = "https://kpu.go.id." + "x" * 60 + ".evil.example/siaran-pers/" + "1" * 40
MENTION = re.compile(r"<@U0[A-Z]+>")  # the policy's people, added by Tangkal itself
LINK = re.compile(r"<(https?://[^\s|<>]+)\|([^<>]*)>")


def _mrkdwn(value: Any) -> list[str]:
    """The strings of a Slack payload that Slack reads as mrkdwn."""
    if isinstance(value, dict):
        text = value.get("text")
        found = [text] if isinstance(text, str) and value.get("type") != "plain_text" else []
        return found + [s for v in value.values() for s in _mrkdwn(v)]
    if isinstance(value, list):
        return [s for v in value for s in _mrkdwn(v)]
    return []


def _sent(fake: FakeSlack) -> list[str]:
    methods = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.open")
    texts: list[str] = []
    for call in fake.calls:
        if call.method in methods:
            texts.append(str(call.args.get("text") or ""))
            texts += _mrkdwn(call.args.get("blocks") or call.args.get("view") or [])
    return texts


def assert_inert(text: str) -> None:
    rest = re.sub(r"^> ", "", MENTION.sub("", text), flags=re.M)  # Tangkal's own quote marks
    for url, label in LINK.findall(rest):
        parts = urlsplit(unescape(url))
        shows = f"{parts.scheme}://{parts.netloc}"
        assert unescape(label).startswith(("halaman insiden", shows)), (url, label)
    rest = LINK.sub("", rest)
    assert "<" not in rest and ">" not in rest, text
    assert not re.search(r"&(?!amp;|lt;|gt;)", rest), text


async def test_hostile_text_reaches_slack_inert_on_every_surface(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    slack = SlackDriver(slack_stack, fake_slack)
    claim = {
        "claim": f"Pesan berantai {HOSTILE} jembatan Tukad Bangkung ambruk",
        "source_urls": [LONG_HOST],
        "platform": "whatsapp",
        "reach": 30,
        "media_type": "text",
    }
    incident_id = str((await report(http, keys.officer, claim))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(
        http,
        keys.verifier,
        incident_id,
        {
            "verdict": "false",
            "summary": f"Dinas PU {HOSTILE}: jembatan utuh",
            "evidence_urls": ["https://pu.badungkab.go.id/siaran?id=1&tahun=2024"],
            "checklist": ["source_traced"],
        },
    )
    await wait_for(http, keys.officer, incident_id, stage="approval")
    edit = {"title": f"[HOAKS] {HOSTILE}", "body": f"Faktanya: {HOSTILE}\n\nKesimpulan: hoaks."}
    v2 = await http.put(f"/incidents/{incident_id}/draft", headers=auth(keys.officer), json=edit)
    assert v2.status_code == 200, v2.text
    v2_hash = v2.json()["incident"]["draft"]["hash"]
    asked = await decide(http, keys.approver, incident_id, v2_hash, "request_changes", HOSTILE)
    assert asked.status_code == 200, asked.text
    edit["body"] += " Sumber: Dinas PU."
    v3 = await http.put(f"/incidents/{incident_id}/draft", headers=auth(keys.officer), json=edit)
    v3_hash = v3.json()["incident"]["draft"]["hash"]
    for key in (keys.approver, keys.leader):
        if (await http.get(f"/incidents/{incident_id}", headers=auth(key))).json()[
            "stage"
        ] == "approval":
            assert (await decide(http, key, incident_id, v3_hash)).status_code == 200
    await wait_for(http, keys.leader, incident_id, stage="closed")
    await until(lambda: fake_slack.in_channel(ANNOUNCE_CHANNEL), "the announcement")

    answers = [
        await slack.command("U0SEKDA", f"status {incident_id}"),
        await slack.command("U0SEKDA", "status <!channel>"),
        await slack.command("U0SEKDA", "<!here> bantuan"),
    ]
    await slack.click("U0VERIFY", "tangkal.verdict.false", "<!here>", VERIFY_CHANNEL)
    await slack.click("U0KABAG", "tangkal.approve", "<!channel>|" + "a" * 64, APPROVE_CHANNEL)
    await until(lambda: fake_slack.called("chat.postEphemeral"), "the ephemeral answer")

    for text in _sent(fake_slack) + [str(a["text"]) for a in answers]:
        assert_inert(text)
    verification = slack.card(VERIFY_CHANNEL, incident_id)
    approval = slack.card(APPROVE_CHANNEL, incident_id)
    thread = [m["text"] for m in fake_slack.in_channel(APPROVE_CHANNEL, thread=True)]
    announced = fake_slack.in_channel(ANNOUNCE_CHANNEL)[0]["text"]
    for where in (
        str(verification["blocks"]),  # the claim
        str(approval["blocks"]),  # title, body, summary
        " ".join(thread),  # the reason for the requested changes
        announced,  # the published title
        answers[0]["text"],  # the status answer quotes the claim
        answers[1]["text"],  # the id typed back
        str(slack.opened_view()["blocks"]),  # the modal names the id clicked
        fake_slack.called("chat.postEphemeral")[-1]["text"],
    ):
        assert INERT in where or "&lt;!channel&gt;" in where or "&lt;!here&gt;" in where, where
    assert "a &amp; b" in str(approval["blocks"])
    # The long source URL is a link whose label shows its whole host.
    assert f"<{LONG_HOST}|https://kpu.go.id.{'x' * 60}.evil.example" in str(verification["blocks"])


OFFICER = Actor(ActorKind.API_KEY, "key_officer", "Petugas", (Role.OFFICER,))


@pytest.fixture
async def skipping(
    tmp_path: Path, fake_slack: FakeSlack
) -> AsyncIterator[tuple[WorkflowEnvironment, str, str]]:
    """Hours pass in seconds; the worker talks to the fake Slack, digest to C0LEAD."""
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server")
    )
    fake_slack.channels.add("C0LEAD")
    url = f"sqlite:///{tmp_path / 'inert.db'}"
    migrate(url)
    text = write_policy(tmp_path, "http://127.0.0.1:9/unused").read_text()
    path = tmp_path / "lead.toml"
    path.write_text(text.replace("[people]", 'leadership_channel = "C0LEAD"\n\n[people]', 1))
    client = slack_client(Settings(slack_bot_token=fake_slack.token, slack_api_url=fake_slack.url))
    stop = asyncio.Event()
    queue = "inert-" + uuid.uuid4().hex[:6]
    worker = asyncio.create_task(
        run_worker(env.client, queue, engine_for(url), load_policy(path), stop, slack=client)
    )
    yield env, queue, url
    stop.set()
    await worker
    await env.shutdown()


async def test_reminders_escalations_and_the_digest_reach_slack_inert(
    skipping: tuple[WorkflowEnvironment, str, str], fake_slack: FakeSlack
) -> None:
    env, queue, url = skipping
    incident_id = "TK-INERT" + uuid.uuid4().hex[:4].upper()
    await start_reported(
        env.client,
        engine_for(url),
        queue,
        IncidentInput(
            incident_id,
            Report(f"Jembatan ambruk {HOSTILE}", reach=10, media_type="text"),
            OFFICER,
            datetime.now(UTC),
        ),
    )
    await until(lambda: fake_slack.in_channel(VERIFY_CHANNEL), "the verification card")
    await env.sleep(timedelta(hours=5))  # past the verification SLA of any severity
    await until(lambda: len(fake_slack.in_channel(VERIFY_CHANNEL, thread=True)) >= 2, "SLA")
    # As Tangkal's clients do, reading the large payloads kept out of the history.
    await with_tangkal_payloads(env.client, engine_for(url)).execute_workflow(
        DailyDigestWorkflow.run, DigestInput(), id=f"digest-{incident_id}", task_queue=queue
    )
    await until(lambda: fake_slack.in_channel("C0LEAD"), "the digest")

    reminder, escalation = (m["text"] for m in fake_slack.in_channel(VERIFY_CHANNEL, thread=True))
    digest = fake_slack.in_channel("C0LEAD")[0]["text"]
    for text in (reminder, escalation, digest):
        assert INERT in text, text
    assert "<@U0VERIFY>" in reminder and "<@U0SEKDA>" in escalation  # mentions still ping
    for text in _sent(fake_slack):
        assert_inert(text)
