"""Approval integrity: what counts as an approval, who may approve, who may undo an embargo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from core.db import engine_for
from core.domain import Role
from core.keys import create_key
from tests.fakes.slack import FakeSlack
from tests.flow import (
    CRITICAL_CLAIM,
    LOW_CLAIM,
    auth,
    decide,
    report,
    timeline,
    verify,
    wait_for,
)
from tests.slack_flow import APPROVE_CHANNEL, SlackDriver, until
from tests.support import Stack
from tests.test_refusals import problem


async def _edit(stack: Stack, key: str, incident_id: str, title: str, body: str) -> dict[str, Any]:
    response = await stack.http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(key),
        json={"title": title, "body": body, "language": "id"},
    )
    assert response.status_code == 200, response.text
    draft: dict[str, Any] = response.json()["incident"]["draft"]
    return draft


async def _status(stack: Stack, incident_id: str) -> dict[str, Any]:
    response = await stack.http.get(f"/incidents/{incident_id}", headers=auth(stack.keys.officer))
    assert response.status_code == 200, response.text
    incident: dict[str, Any] = response.json()
    return incident


async def test_a_withdrawn_approval_is_not_revived_by_reverting_the_text(stack: Stack) -> None:
    http, keys = stack.http, stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    v1 = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]

    # The leader approves v1, then asks for changes: their approval is withdrawn.
    assert (await decide(http, keys.leader, incident_id, v1["hash"])).status_code == 200
    asked = await decide(
        http, keys.leader, incident_id, v1["hash"], "request_changes", "Sebut nomor TPS."
    )
    assert asked.status_code == 200, asked.text
    await _edit(stack, keys.officer, incident_id, v1["title"], v1["body"] + "\nTPS 12.")
    v3 = await _edit(stack, keys.officer, incident_id, v1["title"], v1["body"])  # reverted
    assert v3["hash"] == v1["hash"] and v3["version"] == 3
    reverted = await _status(stack, incident_id)
    assert reverted["stage"] == "approval" and reverted["approvals"] == []

    # One approval of v3 is one of the two needed, and not the leader's.
    approved = await decide(http, keys.approver, incident_id, v3["hash"])
    assert approved.status_code == 200, approved.text
    waiting = await _status(stack, incident_id)
    assert waiting["stage"] == "approval"
    assert [a["actor"]["name"] for a in waiting["approvals"]] == ["Kabag Prokompim"]
    events = await timeline(http, keys.officer, incident_id)
    assert not [e for e in events if e["type"] == "approval_complete"]
    assert [e["summary"] for e in events if e["type"] == "approved"][-1].endswith(
        "(1 dari 2 persetujuan, masih perlu satu dari: pimpinan)"
    )

    # The leader approving v3 again completes it.
    assert (await decide(http, keys.leader, incident_id, v3["hash"])).status_code == 200
    await wait_for(http, keys.officer, incident_id, stage="closed")


async def test_the_verifier_cannot_approve_the_draft_composed_from_their_verdict(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    engine = engine_for(sqlite_stack.settings.effective_database_url)
    both = create_key(engine, "Verifikator Penyetuju", [Role.VERIFIER, Role.APPROVER])
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, both, incident_id)
    v1 = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    assert v1["version"] == 1 and v1["author"]["name"] == "Verifikator Penyetuju"

    refused = problem(await decide(http, both, incident_id, v1["hash"]), 403, "verifikasi Anda")
    assert refused["code"] == "self_approval"
    assert (await _status(sqlite_stack, incident_id))["approvals"] == []

    assert (await decide(http, keys.approver, incident_id, v1["hash"])).status_code == 200
    await wait_for(http, keys.officer, incident_id, stage="closed")


async def test_an_officer_cannot_move_or_lift_an_approvers_embargo(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    url = f"/incidents/{incident_id}/schedule"
    later = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)

    # An officer's own embargo stays theirs to change (and an approver's to override).
    by_officer = await http.post(
        url, headers=auth(keys.officer), json={"publish_at": later.isoformat()}
    )
    assert by_officer.status_code == 200, by_officer.text
    by_approver = await http.post(
        url,
        headers=auth(keys.approver),
        json={"publish_at": (later + timedelta(hours=1)).isoformat(), "reason": "masa tenang"},
    )
    assert by_approver.status_code == 200, by_approver.text
    before = await timeline(http, keys.officer, incident_id)

    lifted = await http.post(url, headers=auth(keys.officer), json={"publish_at": None})
    refused = problem(lifted, 403, "penyetuju", "approver")
    assert refused["code"] == "forbidden"
    moved = await http.post(url, headers=auth(keys.officer), json={"publish_at": later.isoformat()})
    problem(moved, 403, "penyetuju")
    assert await timeline(http, keys.officer, incident_id) == before
    status = await _status(sqlite_stack, incident_id)
    assert datetime.fromisoformat(status["publish_at"]) == later + timedelta(hours=1)

    by_leader = await http.post(url, headers=auth(keys.leader), json={"publish_at": None})
    assert by_leader.status_code == 200, by_leader.text
    assert (await _status(sqlite_stack, incident_id))["publish_at"] is None
    # Lifted, nothing stands: the officer may set one again.
    again = await http.post(url, headers=auth(keys.officer), json={"publish_at": later.isoformat()})
    assert again.status_code == 200, again.text


def _repetitive_body(step: int) -> str:
    """19,999 characters of one-letter lines drawn from 110 letters: difflib compares nearly
    every line with every other (17 s for this pair in the old workflow code)."""
    return "\n".join(chr(0x100 + (i * step) % 110) for i in range(10_000))


async def test_an_edit_of_two_long_bodies_leaves_the_incident_answering(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    incident_id = (await report(http, keys.officer, LOW_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    await wait_for(http, keys.officer, incident_id, stage="approval")
    title = "[HOAKS] Penutupan Sunset Road"
    first, second = _repetitive_body(1), _repetitive_body(7)
    assert len(first) == len(second) == 19_999
    await _edit(sqlite_stack, keys.officer, incident_id, title, first)
    v3 = await _edit(sqlite_stack, keys.officer, incident_id, title, second)
    assert v3["version"] == 3
    events = await timeline(http, keys.officer, incident_id)
    edit = [e for e in events if e["type"] == "draft_version"][-1]
    assert edit["data"]["version"] == 3 and edit["data"]["changes"]["lines_added"] > 0

    cancelled = await http.post(
        f"/incidents/{incident_id}/cancel",
        headers=auth(keys.officer),
        json={"reason": "Uji: insiden tetap menjawab"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert (await _status(sqlite_stack, incident_id))["resolution"] == "cancelled"


async def test_the_approval_card_lists_only_approvals_that_still_count(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id = (await report(http, keys.officer, CRITICAL_CLAIM))["id"]
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    v1 = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]

    def card() -> str:
        return str(slack.card(APPROVE_CHANNEL, incident_id)["blocks"])

    assert (await decide(http, keys.approver, incident_id, v1["hash"])).status_code == 200
    await until(lambda: "Kabag Prokompim" in card(), "the approval shown on the card")
    changes = await decide(
        http, keys.leader, incident_id, v1["hash"], "request_changes", "Sebut nomor TPS."
    )
    assert changes.status_code == 200, changes.text
    await _edit(slack_stack, keys.officer, incident_id, v1["title"], v1["body"] + "\nTPS 12.")
    await _edit(slack_stack, keys.officer, incident_id, v1["title"], v1["body"])  # reverted
    await until(lambda: "v3" in card(), "the card of v3")
    assert "Kabag Prokompim" not in card()  # v1's approval does not count for v3
