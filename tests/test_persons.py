"""One person counts once, whatever API keys and Slack user they act through."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from temporalio.testing import WorkflowEnvironment

from core.db import engine_for
from core.domain import Role
from core.keys import hash_key, issue_key
from core.migrate import alembic_config
from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.flow import CRITICAL_CLAIM, LOW_CLAIM, auth, decide, report, verify, wait_for
from tests.slack_flow import VERIFY_CHANNEL, SlackDriver, until
from tests.support import (
    Stack,
    running_stack,
    tangkal_cli,
)
from tests.test_refusals import problem


async def _awaiting_approval(stack: Stack, claim: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    http, keys = stack.http, stack.keys
    incident_id = str((await report(http, keys.officer, claim))["id"])
    await wait_for(http, keys.officer, incident_id, stage="verification")
    await verify(http, keys.verifier, incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    return incident_id, draft


async def test_a_second_key_is_the_same_person_and_a_revoked_key_is_refused(
    sqlite_stack: Stack,
) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    # "Kabag Prokompim" holds an approver key (tests/support.py): a second person of that
    # name is refused, a second key for that person is not.
    twin = tangkal_cli(
        sqlite_stack, "keys", "create", "--name", "Kabag Prokompim", "--role", "officer"
    )
    assert twin.returncode == 1 and "--person" in twin.stderr and twin.stdout == ""
    made = tangkal_cli(
        sqlite_stack, "keys", "create", "--person", "Kabag Prokompim", "--role", "officer"
    )
    assert made.returncode == 0, made.stderr
    officer_key = made.stdout.strip()
    assert officer_key.startswith("tk_") and "\n" not in officer_key
    key_id = made.stderr.split()[1]

    incident_id, _ = await _awaiting_approval(sqlite_stack, LOW_CLAIM)
    edited = await http.put(
        f"/incidents/{incident_id}/draft",
        headers=auth(officer_key),
        json={"title": "[HOAKS] Sunset Road tidak ditutup", "body": "Faktanya: jalan dibuka."},
    )
    assert edited.status_code == 200, edited.text
    v2 = edited.json()["incident"]["draft"]
    refused = problem(await decide(http, keys.approver, incident_id, v2["hash"]), 403)
    assert refused["code"] == "self_approval"

    listed = tangkal_cli(sqlite_stack, "keys", "list")
    assert listed.returncode == 0 and officer_key not in listed.stdout
    line = next(row for row in listed.stdout.splitlines() if row.startswith(key_id))
    assert "Kabag Prokompim" in line and line.endswith("live")
    revoked = tangkal_cli(sqlite_stack, "keys", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    gone = await http.get("/incidents", headers=auth(officer_key))
    assert problem(gone, 401, "revoked")["code"] == "unauthenticated"
    assert (await http.get("/incidents", headers=auth(keys.approver))).status_code == 200
    unknown = tangkal_cli(sqlite_stack, "keys", "revoke", "key_000000000000")
    assert unknown.returncode == 1 and "no key" in unknown.stderr


async def test_two_keys_of_one_person_count_as_one_approval(sqlite_stack: Stack) -> None:
    http, keys = sqlite_stack.http, sqlite_stack.keys
    engine = engine_for(sqlite_stack.settings.effective_database_url)
    second = issue_key(engine, "Sekda", [Role.APPROVER, Role.LEADER], for_person=True).key
    incident_id, draft = await _awaiting_approval(sqlite_stack, CRITICAL_CLAIM)
    assert (await decide(http, keys.leader, incident_id, draft["hash"])).status_code == 200
    again = await decide(http, second, incident_id, draft["hash"])
    assert again.status_code == 200 and again.json()["message"] == "already approved by you"
    status = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.officer))).json()
    assert status["stage"] == "approval" and len(status["approvals"]) == 1


async def test_a_person_who_verified_in_slack_cannot_approve_with_their_key(
    slack_stack: Stack, fake_slack: FakeSlack
) -> None:
    http, keys = slack_stack.http, slack_stack.keys
    engine = engine_for(slack_stack.settings.effective_database_url)
    # U0VERIFY verifies in Slack; the same person also holds an approver key.
    key = issue_key(engine, "Verifikator Slack", [Role.APPROVER], slack_user="U0VERIFY").key
    slack = SlackDriver(slack_stack, fake_slack)
    incident_id = str((await report(http, keys.officer, LOW_CLAIM))["id"])
    await until(lambda: slack.has_card(VERIFY_CHANNEL, incident_id), "verification card")
    await slack.verify("U0VERIFY", incident_id)
    draft = (await wait_for(http, keys.officer, incident_id, stage="approval"))["draft"]
    refused = problem(await decide(http, key, incident_id, draft["hash"]), 403, "verifikasi")
    assert refused["code"] == "self_approval"
    assert (await decide(http, keys.approver, incident_id, draft["hash"])).status_code == 200


async def test_keys_made_before_persons_keep_working_after_the_migration(
    own_database: str,
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    tmp_path: Path,
) -> None:
    url = own_database
    command.upgrade(alembic_config(url), "detect01")  # the schema before persons
    old = {"approver": "tk_old-approver", "officer": "tk_old-officer", "reader": "tk_old-reader"}
    rows = [
        ("key_oldappr0001", "Kabag Lama", ["approver"], old["approver"], "U0KABAG"),
        ("key_oldoffi0001", "Kabag Lama", ["officer"], old["officer"], "U0KABAG"),
        ("key_oldread0001", "Pembaca", ["leader"], old["reader"], None),
    ]
    insert = sa.text(
        "INSERT INTO api_keys (id, name, roles, key_hash, slack_user, created_at) "
        "VALUES (:id, :name, :roles, :key_hash, :slack_user, :created_at)"
    ).bindparams(sa.bindparam("roles", type_=sa.JSON))
    with engine_for(url).begin() as connection:
        for key_id, name, roles, key, slack_user in rows:
            connection.execute(
                insert,
                {
                    "id": key_id,
                    "name": name,
                    "roles": roles,
                    "key_hash": hash_key(key),
                    "slack_user": slack_user,
                    "created_at": datetime.now(UTC),
                },
            )
    async with running_stack(temporal.client, url, tmp_path, receiver.url) as stack:
        for key in old.values():
            assert (await stack.http.get("/incidents", headers=auth(key))).status_code == 200
        listed = tangkal_cli(stack, "keys", "list")
        assert listed.returncode == 0, listed.stderr
        holders = {
            row.split("\t")[0]: row.split("\t")[1]
            for row in listed.stdout.splitlines()
            if row.startswith("key_old")
        }
        assert holders["key_oldappr0001"] == holders["key_oldoffi0001"]  # one person
        assert holders["key_oldread0001"].startswith("Pembaca (per_")
        # The two old keys are one person: the officer key's edit cannot be approved by the
        # approver key.
        incident_id, _ = await _awaiting_approval(stack, LOW_CLAIM)
        edited = await stack.http.put(
            f"/incidents/{incident_id}/draft",
            headers=auth(old["officer"]),
            json={"title": "[HOAKS] Sunset Road", "body": "Faktanya: jalan dibuka."},
        )
        assert edited.status_code == 200, edited.text
        v2 = edited.json()["incident"]["draft"]
        refused = await decide(stack.http, old["approver"], incident_id, v2["hash"])
        assert problem(refused, 403)["code"] == "self_approval"
