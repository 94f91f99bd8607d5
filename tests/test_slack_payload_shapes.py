"""Validly signed Slack payloads of an unexpected shape: a 400 naming the field, never a 500."""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.slack import FakeSlack
from tests.flow import LOW_CLAIM, report, timeline, wait_for
from tests.slack_flow import SlackDriver
from tests.support import Stack

USER = {"id": "U0KABAG", "name": "kabag"}
VERIFY_META = json.dumps({"incident_id": "TK-NOSUCHINC1", "verdict": "false", "channel": "C0"})


def _view(meta: Any = VERIFY_META, values: Any = None, **view: Any) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "user": {"id": "U0VERIFY", "name": "verif"},
        "view": {
            "id": "V1",
            "callback_id": "tangkal.verification",
            "private_metadata": meta,
            "state": {"values": values if values is not None else {}},
            **view,
        },
    }


MALFORMED: list[tuple[dict[str, Any], str]] = [
    ({"type": "block_actions", "user": "U0KABAG", "actions": []}, "payload.user"),
    ({"type": "block_actions", "user": USER, "actions": "tangkal.approve"}, "payload.actions"),
    ({"type": "block_actions", "user": USER, "actions": [1]}, "payload.actions.0"),
    (
        {"type": "block_actions", "user": USER, "actions": [{"action_id": "x", "value": 5}]},
        "payload.actions.0.value",
    ),
    (
        {
            "type": "block_actions",
            "user": USER,
            "channel": "C0APPROVE",
            "actions": [{"action_id": "tangkal.approve", "value": "TK-X|h"}],
        },
        "payload.channel",
    ),
    ({"type": "block_actions", "user": {"id": ["U0KABAG"]}}, "payload.user.id"),
    ({"type": "view_submission", "user": USER, "view": "tangkal.verification"}, "payload.view"),
    (_view(meta="[1, 2]"), "payload.view.private_metadata"),
    (_view(meta=json.dumps({"incident_id": 7})), "payload.view.private_metadata.incident_id"),
    (_view(meta={"incident_id": "TK-X"}), "payload.view.private_metadata"),
    (_view(values={"summary": "Ringkasan"}), "payload.view.state.values.summary"),
    # A control character in an id would reach the database and Temporal (a 500 on PostgreSQL).
    (
        {
            "type": "block_actions",
            "user": USER,
            "actions": [{"action_id": "a", "value": "TK-\0|h"}],
        },
        "payload.actions.0.value",
    ),
    (_view(meta=json.dumps({"incident_id": "TK-\0"})), "payload.view.private_metadata.incident_id"),
    ({"type": "block_actions", "user": {"id": "U0\x07"}}, "payload.user.id"),
    (_view(values=["summary"]), "payload.view.state.values"),
]


async def test_a_signed_payload_of_an_unexpected_shape_is_a_400_naming_the_field(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    slack = SlackDriver(slack_stack, fake_slack)
    for payload, field in MALFORMED:
        response = await slack.send("/slack/interactions", {"payload": json.dumps(payload)})
        assert response.status_code == 400, (field, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        lead, _, reason = response.json()["detail"].partition(": ")
        assert lead == "Permintaan tidak valid", response.json()  # Indonesian first
        assert reason.startswith(field + ":"), (field, response.json())
    assert not fake_slack.calls  # no modal, no message: nothing happened


async def test_odd_but_well_typed_payloads_are_answered_and_change_nothing(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    incident_id = str((await report(http, keys.officer, LOW_CLAIM))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    before = await timeline(http, keys.officer, incident_id)
    slack = SlackDriver(slack_stack, fake_slack)
    checklist = {"checklist": {"checklist": {"selected_options": [5, {"value": "source_traced"}]}}}
    meta = json.dumps({"incident_id": incident_id, "verdict": "nonsense", "channel": "C0VERIFY"})
    odd: list[dict[str, Any]] = [
        {"type": 5},
        {"type": "shortcut", "user": "anyone"},
        {"type": "block_actions", "user": USER},
        {"type": "block_actions", "actions": [{}]},
        {"type": "view_submission", "user": USER, "view": {"callback_id": "other"}},
        _view(values={"checklist": {"checklist": {"selected_options": "all"}}}),
        _view(meta=meta, values=checklist),  # no summary: the modal says so, nothing is recorded
    ]
    for payload in odd:
        response = await slack.send("/slack/interactions", {"payload": json.dumps(payload)})
        assert response.status_code == 200, (payload, response.text)
    assert "summary" in response.json()["errors"]
    assert await timeline(http, keys.officer, incident_id) == before


async def test_a_signed_command_with_a_control_character_in_its_ids_is_a_400(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    before = (
        await http.get("/incidents", headers={"Authorization": f"Bearer {keys.leader}"})
    ).json()
    slack = SlackDriver(slack_stack, fake_slack)
    for field, value in (("user_id", "U0OFFICER\x00"), ("trigger_id", "1.2\x07")):
        form = {"user_id": "U0OFFICER", "user_name": "petugas", "text": "lapor Hoaks banjir"}
        form[field] = value
        response = await slack.send("/slack/commands", form)
        assert response.status_code == 400, response.text
        assert response.json()["detail"].startswith(f"Permintaan tidak valid: {field}:")
    after = (
        await http.get("/incidents", headers={"Authorization": f"Bearer {keys.leader}"})
    ).json()
    assert after == before  # nothing was reported
