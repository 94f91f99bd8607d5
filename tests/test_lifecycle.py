"""The whole lifecycle over real HTTP against the Temporal dev server, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.fakes.webhook import WebhookReceiver
from tests.flow import (
    CRITICAL_CLAIM,
    LOW_CLAIM,
    VERDICT,
    auth,
    decide,
    report,
    timeline,
    verify,
    wait_for,
)
from tests.support import Stack


async def test_critical_hoax_is_verified_approved_and_published_once(
    stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = stack.http, stack.keys
    created = await report(http, keys.officer, CRITICAL_CLAIM)
    incident_id = created["id"]
    # Read-your-writes: the report is there the moment POST answers.
    fetched = await http.get(f"/incidents/{incident_id}", headers=auth(keys.leader))
    assert fetched.status_code == 200
    assert fetched.json()["claim"] == CRITICAL_CLAIM["claim"]

    triaged = await wait_for(http, keys.officer, incident_id, stage="verification")
    assert triaged["severity"] == "critical"
    assert triaged["risk_score"] >= 75
    assert {f["factor"] for f in triaged["risk_factors"]} >= {"reach", "media_type", "topic"}
    assert "verification" in triaged["deadlines"]

    outcome = await verify(http, keys.verifier, incident_id)
    assert outcome["incident"]["verdict"] == "false"
    drafted = await wait_for(http, keys.officer, incident_id, stage="approval")
    draft = drafted["draft"]
    assert draft["title"].startswith("[HOAKS]")
    assert "Penjelasan / Faktanya" in draft["body"] and "KPU Kabupaten Badung" in draft["body"]

    first = await decide(http, keys.approver, incident_id, draft["hash"])
    assert first.status_code == 200, first.text
    after_first = first.json()["incident"]
    assert after_first["stage"] == "approval"  # critical needs 2 approvals, one from a leader
    assert len(after_first["approvals"]) == 1

    second = await decide(http, keys.leader, incident_id, draft["hash"])
    assert second.status_code == 200, second.text

    closed = await wait_for(http, keys.leader, incident_id, stage="closed")
    assert closed["resolution"] == "published"
    assert [p["status"] for p in closed["publications"]] == ["published"]

    assert len(receiver.published) == 1
    delivered = next(iter(receiver.published.values()))
    assert delivered.signature_valid
    assert delivered.body["title"] == draft["title"] and delivered.body["body"] == draft["body"]
    assert delivered.body["draft_hash"] == draft["hash"]
    assert delivered.idempotency_key == f"{incident_id}:v1:website"

    events = await timeline(http, keys.leader, incident_id)
    types = [e["type"] for e in events]
    for expected in (
        "reported",
        "triaged",
        "verified",
        "draft_version",
        "approved",
        "approval_complete",
        "publication_succeeded",
        "closed",
    ):
        assert expected in types, f"{expected} missing from {types}"
    assert types.count("approved") == 2 and types.count("publication_succeeded") == 1
    assert len({e["id"] for e in events}) == len(events)
    stamps = [e["at"] for e in events]
    assert stamps == sorted(stamps)
    by_type = {e["type"]: e for e in events}
    assert by_type["reported"]["actor"]["name"] == "Petugas Humas"
    assert by_type["verified"]["actor"]["name"] == "Verifikator"
    assert by_type["triaged"]["actor"]["kind"] == "system"


async def test_true_claim_closes_without_counter_statement(
    stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    outcome = await verify(http, keys.verifier, incident_id, {**VERDICT, "verdict": "true"})
    assert outcome["incident"]["stage"] == "closed"
    assert outcome["incident"]["resolution"] == "claim_true"
    assert outcome["incident"]["draft"] is None
    assert receiver.attempts == []
    # A late click on a closed incident is refused, whether its workflow is still finishing
    # or has ended (then the API reads why from the incident).
    late = await decide(http, keys.approver, incident_id, "0" * 64)
    assert late.status_code == 409 and late.json()["code"] == "wrong_stage"
    assert "closed" in late.json()["detail"]


async def test_request_changes_loops_back_and_an_edit_voids_approvals(
    stack: Stack, receiver: WebhookReceiver
) -> None:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    v1 = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]

    assert (await decide(http, keys.approver, incident_id, v1["hash"])).status_code == 200
    changes = await decide(
        http,
        keys.leader,
        incident_id,
        v1["hash"],
        "request_changes",
        "Sebutkan nomor siaran pers KPU",
    )
    assert changes.status_code == 200, changes.text
    assert changes.json()["incident"]["stage"] == "drafting"

    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(keys.officer),
        json={
            "title": v1["title"],
            "language": "id",
            "body": v1["body"] + "\n\nSiaran pers KPU No. 12/2026.",
        },
    )
    assert edited.status_code == 200, edited.text
    v2 = edited.json()["incident"]["draft"]
    assert v2["version"] == 2 and v2["hash"] != v1["hash"]
    assert edited.json()["incident"]["stage"] == "approval"
    assert edited.json()["incident"]["approvals"] == []  # the approval of v1 does not carry over

    assert (await decide(http, keys.approver, incident_id, v2["hash"])).status_code == 200
    assert (await decide(http, keys.leader, incident_id, v2["hash"])).status_code == 200
    closed = await wait_for(http, keys.officer, incident_id, stage="closed")
    assert closed["resolution"] == "published"
    assert [p["draft_version"] for p in closed["publications"]] == [2]
    delivered = next(iter(receiver.published.values()))
    assert "Siaran pers KPU No. 12/2026." in delivered.body["body"]


async def test_same_claim_reported_twice_joins_the_open_incident(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    first = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, first, stage="verification")
    recycled = {**CRITICAL_CLAIM, "claim": str(CRITICAL_CLAIM["claim"]).replace("12", "7")}
    second = (await report(http, keys.officer2, recycled))["id"]
    closed = await wait_for(http, keys.officer, second, stage="closed")
    assert closed["resolution"] == "duplicate" and closed["duplicate_of"] == first
    linked = [
        e for e in await timeline(http, keys.officer, first) if e["type"] == "duplicate_linked"
    ]
    assert len(linked) == 1 and linked[0]["data"]["incident_id"] == second


async def test_officer_cancels_with_a_reason(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    response = await http.post(
        f"/incidents/{incident_id}/cancel",
        headers=auth(keys.officer),
        json={"reason": "Dilaporkan keliru"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["incident"]["resolution"] == "cancelled"
    cancelled = [
        e for e in await timeline(http, keys.officer, incident_id) if e["type"] == "cancelled"
    ]
    assert cancelled[0]["data"]["reason"] == "Dilaporkan keliru"
