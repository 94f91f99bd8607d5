"""A retraction a channel refuses reaches the approvers' Slack thread as an escalation that
mentions the escalation contacts (issue 19: it went to an audience no Slack channel has); the
incident stays open, needing attention, until an admin's retry withdraws it (issue 18: it was
closed as retracted while the klarifikasi stayed up)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.flow import approved_incident, auth, timeline, wait_for
from tests.slack_flow import APPROVE_CHANNEL, until
from tests.support import stack_on_sqlite


async def test_a_failed_retraction_is_escalated_in_slack_with_mentions(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fake_slack: FakeSlack,
    tmp_path: Path,
) -> None:
    async with stack_on_sqlite(
        temporal.client, tmp_path, receiver.url, slack=fake_slack, monitoring_minutes=60
    ) as stack:
        http, keys = stack.http, stack.keys
        incident_id = await approved_incident(http, keys)
        await wait_for(http, keys.leader, incident_id, stage="monitoring")
        receiver.script = [(500, {})] * 3  # the website refuses every attempt to withdraw
        retraction = await http.post(
            f"/incidents/{incident_id}/retraction",
            headers=auth(keys.leader),
            json={"reason": "KPU meralat keterangannya"},
        )
        assert retraction.status_code == 200, retraction.text
        for _ in range(300):
            stuck = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.admin))).json()
            if stuck["needs_attention"]:
                break
            await asyncio.sleep(0.1)
        assert stuck["needs_attention"] is True
        assert stuck["stage"] == "monitoring" and stuck["resolution"] is None

        def escalation() -> list[str]:
            return [
                str(m["text"])
                for m in fake_slack.in_channel(APPROVE_CHANNEL, thread=True)
                if "Pencabutan gagal" in str(m["text"])
            ]

        await until(escalation, "the failed retraction in the approvers' thread")
        assert "website" in escalation()[0] and incident_id in escalation()[0]
        assert "<@U0SEKDA>" in escalation()[0]  # the escalation contact is called by name
        events = await timeline(http, keys.leader, incident_id)
        assert any(
            e["type"] == "needs_attention" and e["data"]["channels"] == ["website"] for e in events
        )

        retried = await http.post(
            f"/incidents/{incident_id}/publications/retry",
            headers=auth(keys.admin),
            json={"reason": "situs sudah pulih"},
        )
        assert retried.status_code == 200, retried.text
        closed = await wait_for(http, keys.leader, incident_id, stage="closed")
        assert closed["resolution"] == "retracted" and closed["needs_attention"] is False
        assert len(receiver.published) == 2  # the publication, then the retraction, once each
