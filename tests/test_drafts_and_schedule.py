"""Around publication: refusals that name the field, and the English version on request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.flow import CRITICAL_CLAIM, auth, decide, report, timeline, verify, wait_for
from tests.support import Stack


async def test_schedule_correction_and_retraction_refusals(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    base = f"/incidents/{incident_id}"

    naive = await http.post(
        f"{base}/schedule", headers=auth(keys.officer), json={"publish_at": "2030-01-01T06:00:00"}
    )
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "publish_at"
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    late = await http.post(
        f"{base}/schedule", headers=auth(keys.officer), json={"publish_at": past}
    )
    assert late.status_code == 422 and "publish_at" in late.json()["detail"]
    at = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    scheduled = await http.post(
        f"{base}/schedule",
        headers=auth(keys.officer),
        json={"publish_at": at.isoformat(), "reason": "masa tenang"},
    )
    assert scheduled.status_code == 200, scheduled.text
    assert datetime.fromisoformat(scheduled.json()["incident"]["publish_at"]) == at
    lifted = await http.post(
        f"{base}/schedule", headers=auth(keys.officer), json={"publish_at": None}
    )
    assert lifted.status_code == 200 and lifted.json()["incident"]["publish_at"] is None

    correction = {"title": "[HOAKS] x", "body": "y", "language": "id", "reason": "ralat"}
    extra = await http.post(
        f"{base}/correction", headers=auth(keys.officer), json={**correction, "urgent": True}
    )
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "urgent"
    early = await http.post(f"{base}/correction", headers=auth(keys.officer), json=correction)
    assert early.status_code == 409 and "monitoring" in early.json()["detail"]
    officer_retracts = await http.post(
        f"{base}/retraction", headers=auth(keys.officer), json={"reason": "salah"}
    )
    assert officer_retracts.status_code == 403
    unpublished = await http.get(f"{base}/claimreview", headers=auth(keys.leader))
    assert unpublished.status_code == 404
    assert unpublished.headers["content-type"] == "application/problem+json"


async def test_english_version_on_request_replaces_the_draft_and_voids_approvals(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    assert (await decide(http, keys.approver, incident_id, draft["hash"])).status_code == 200

    composed = await http.post(
        f"/incidents/{incident_id}/draft/compose",
        headers=auth(keys.officer),
        json={"language": "en"},
    )
    assert composed.status_code == 200, composed.text
    english = composed.json()["incident"]
    assert english["draft"]["version"] == 2 and english["draft"]["language"] == "en"
    assert english["draft"]["title"].startswith("[HOAX]")
    assert "Explanation / The facts:" in english["draft"]["body"]
    assert english["approvals"] == [] and english["stage"] == "approval"
    events = await timeline(http, keys.leader, incident_id)
    assert "approvals_voided" in [e["type"] for e in events]
    changes = [e for e in events if e["type"] == "draft_version"][-1]["data"]["changes"]
    assert changes["language_changed"] and changes["title_before"] == draft["title"]
