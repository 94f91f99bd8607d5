"""Publishing to a webhook channel: rate limits honoured, failures flagged, never lost."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.fakes.webhook import WebhookReceiver
from tests.flow import CRITICAL_CLAIM, auth, decide, report, timeline, verify, wait_for
from tests.support import WEBHOOK_SECRET, Stack


async def _approve(stack: Stack) -> str:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    for key in (keys.approver, keys.leader):
        assert (await decide(http, key, incident_id, draft["hash"])).status_code == 200
    return str(incident_id)


async def test_rate_limited_channel_is_retried_after_the_delay_it_asked_for(
    sqlite_stack: Stack, receiver: WebhookReceiver
) -> None:
    receiver.script = [(429, {"Retry-After": "1"})]
    incident_id = await _approve(sqlite_stack)
    closed = await wait_for(
        sqlite_stack.http, sqlite_stack.keys.officer, incident_id, stage="closed"
    )
    assert closed["resolution"] == "published"
    assert closed["publications"][0]["attempts"] == 2
    assert receiver.attempts == [f"{incident_id}:v1:website"] * 2
    assert len(receiver.published) == 1


async def test_rejected_publication_needs_attention_until_an_admin_retries(
    sqlite_stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    receiver.script = [(400, {})]
    incident_id = await _approve(sqlite_stack)
    flagged: dict[str, Any] = {}
    for _ in range(100):
        flagged = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.leader))).json()
        if flagged["needs_attention"]:
            break
        await asyncio.sleep(0.1)
    assert flagged["needs_attention"] and flagged["stage"] == "publishing"
    assert flagged["publications"][0]["status"] == "failed"
    assert "HTTP 400" in flagged["publications"][0]["error"]
    events = await timeline(http, keys.leader, incident_id)
    assert [e["type"] for e in events].count("needs_attention") == 1
    assert WEBHOOK_SECRET not in str(flagged) + str(events)

    refused = await http.post(
        f"/incidents/{incident_id}/publications/retry",
        headers=auth(keys.officer),
        json={"reason": "CMS sudah pulih"},
    )
    assert refused.status_code == 403
    retried = await http.post(
        f"/incidents/{incident_id}/publications/retry",
        headers=auth(keys.admin),
        json={"reason": "CMS sudah pulih"},
    )
    assert retried.status_code == 200, retried.text
    closed = await wait_for(http, keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published" and not closed["needs_attention"]
    assert closed["publications"][0]["status"] == "published"
    assert len(receiver.published) == 1


async def test_health_metrics_and_openapi(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    health = await http.get("/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "checks": {"database": "ok", "temporal": "ok"}}
    await report(http, keys.officer, CRITICAL_CLAIM)
    metrics = (await http.get("/metrics", headers=auth(keys.admin))).text
    assert 'tangkal_incidents{stage="' in metrics
    assert 'tangkal_http_requests_total{method="POST",route="/incidents",status="201"}' in metrics
    spec = (await http.get("/openapi.json")).json()
    assert {
        "/incidents",
        "/incidents/{incident_id}",
        "/incidents/{incident_id}/timeline",
        "/incidents/{incident_id}/decisions",
        "/healthz",
    } <= set(spec["paths"])
