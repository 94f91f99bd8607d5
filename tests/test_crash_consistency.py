"""Crash consistency: workers and the Temporal server SIGKILLed while verdicts and decisions
are in flight, and the read model still tells the truth.

The truth is each workflow's Temporal history (`tests.history_truth`): the `verify` and
`decide` updates it accepted and completed. The PR team works through the API only: it sends
a 503 again with the same Idempotency-Key, as the API asks, and takes a 409 as final. The
faults (`tests.crash_faults`) strike while its updates are in flight. It must hold that
(a) while an update is in flight, and at the end, the read model shows no verdict or
    decision its history does not hold; at the end exactly those, on its timeline too, and
    the stage and resolution its workflow ended with. An action refused for the stage the
    read model showed is the read model ahead of its workflow, and counts too;
(b) an update answered 503 is shown by the read model only if its history holds it;
(c) every incident is closed as published.
"""

from __future__ import annotations

import asyncio
import secrets
import string
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from temporalio.client import Client

from core.db import make_engine
from core.settings import Settings
from tests.crash_faults import SERVER_KILLED_AT_CUT, Faults
from tests.fakes.webhook import WebhookReceiver
from tests.flow import VERDICT, auth
from tests.history_truth import Recorded, recorded
from tests.killable_stack import KillableStack
from tests.partition import Partition
from tests.support import Keys, make_keys

INCIDENTS = 20
CRITICAL_EVERY = 3  # every third incident needs two approvals: an approver's and a leader's
DEADLINE_SECONDS = 100
UPDATES = {"verification": "verify", "decisions": "decide"}  # the API's action, its update
NAMES = {"verifier": "Verifikator", "approver": "Kabag Prokompim", "leader": "Sekda"}


def claims() -> list[dict[str, Any]]:
    """Distinct rumours: words of their own keep triage from joining them as duplicates."""
    low = {"platform": "whatsapp", "reach": 40, "media_type": "text"}
    critical = {"platform": "tiktok", "reach": 250000, "media_type": "video"}
    made = []
    for n in range(INCIDENTS):
        words = " ".join(
            "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(6)
        )
        if n % CRITICAL_EVERY == 0:
            claim = f"Video viral petugas KPU mencoblos surat suara pemilu di TPS {words}"
            made.append({"claim": claim, **critical})
        else:
            made.append({"claim": f"Kabar warga soal jalan ditutup sebulan {words}", **low})
    return made


def decisions_of(incident: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(
        (d["actor"]["name"], d["decision"], d["draft_hash"]) for d in incident["decisions"]
    )


def shows(incident: dict[str, Any], name: str, action: str) -> bool:
    if action == "verification":
        return incident["verdict"] is not None
    return any(d["actor"]["name"] == name for d in incident["decisions"])


class Team:
    """The PR team: one officer, verifier and approver(s) per incident, all at once."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        temporal: Client,
        database: sa.Engine,
        keys: Keys,
        faults: Faults,
    ) -> None:
        self.http, self.temporal, self.keys, self.faults = http, temporal, keys, faults
        self.database = database  # where the payloads kept out of the histories are
        self.deadline = time.monotonic() + DEADLINE_SECONDS
        self.answered_503 = 0
        self.problems: list[str] = []  # what (a) and (b) found while it ran
        self.all_await_verdicts = asyncio.Barrier(INCIDENTS)

    async def look(self, incident_id: str) -> dict[str, Any]:
        response = await self.http.get(f"/incidents/{incident_id}", headers=auth(self.keys.leader))
        assert response.status_code == 200, f"{incident_id}: GET {response.status_code}"
        incident: dict[str, Any] = response.json()
        return incident

    async def reach(self, incident_id: str, stage: str) -> dict[str, Any]:
        while (incident := await self.look(incident_id))["stage"] != stage:
            if time.monotonic() > self.deadline:
                truth = await recorded(self.temporal, incident_id, self.database)
                raise AssertionError(
                    f"{incident_id}: never reached {stage}; the read model is in "
                    f"{incident['stage']} with verdict {incident['verdict']} and decisions "
                    f"{decisions_of(incident)}, its history holds verdicts {truth.verdicts} "
                    f"and decisions {truth.decisions}"
                )
            await asyncio.sleep(0.2)
        return incident

    async def shown_only_if_recorded(
        self, incident_id: str, name: str, action: str, why: str
    ) -> bool:
        """The read model, read first, shows this update only if the history, read after
        it, holds it. Whether it showed it."""
        incident = await self.look(incident_id)
        if not shows(incident, name, action):
            return False
        truth = await recorded(self.temporal, incident_id, self.database)
        if not truth.holds(UPDATES[action], name):
            self.problems.append(
                f"{incident_id}: {action} by {name} {why}: the read model shows it (verdict "
                f"{incident['verdict']}, decisions {decisions_of(incident)}), the workflow "
                f"history holds no such update (only {[(u.name, u.actor) for u in truth.updates]})"
            )
        return True

    async def send(
        self, incident_id: str, who: str, action: str, body: dict[str, Any], headers: dict[str, str]
    ) -> httpx.Response:
        """One POST, the read model watched until it is answered."""
        held = await self.faults.update_sent()
        posting = asyncio.create_task(
            self.http.post(f"/incidents/{incident_id}/{action}", json=body, headers=headers)
        )
        why = "still in flight" + (", sent while the network held" if held else "")
        shown = asyncio.Event()

        async def watch() -> None:
            while not posting.done():
                if await self.shown_only_if_recorded(incident_id, NAMES[who], action, why):
                    shown.set()
                    return
                await asyncio.sleep(0.1)

        watching = asyncio.create_task(watch())
        if held:
            await self.faults.kill_before_the_server_hears(shown)
        try:
            return await posting
        finally:
            await watching
            self.faults.update_answered()

    async def act(self, incident_id: str, who: str, action: str, body: dict[str, Any]) -> None:
        """POST as the API asks: a 503 is sent again with the same Idempotency-Key, a 409 is
        final. The read model showed the stage the action needs, so a 409 is the read model
        ahead of its workflow (unless the action counted and the incident has moved on)."""
        headers = {**auth(getattr(self.keys, who)), "Idempotency-Key": str(uuid.uuid4())}
        while (
            response := await self.send(incident_id, who, action, body, headers)
        ).status_code == 503:
            self.answered_503 += 1
            await self.shown_only_if_recorded(incident_id, NAMES[who], action, "was answered 503")
            assert time.monotonic() < self.deadline, f"{incident_id}: {action} {response.text}"
            await asyncio.sleep(1)
        if response.status_code == 409:
            if (await recorded(self.temporal, incident_id, self.database)).holds(
                UPDATES[action], NAMES[who]
            ):
                return  # a retry after the incident moved on: the first attempt counted
            self.problems.append(
                f"{incident_id}: the read model showed the stage {action} by {NAMES[who]} "
                f"needs, the workflow refused it: {response.json()['detail']}"
            )
            return
        assert response.status_code == 200, f"{incident_id}: {action}: {response.text}"

    async def carry(self, claim: dict[str, Any]) -> str:
        """Report, verify, approve (two approvers at once where two are needed), and see it
        closed and its workflow ended."""
        headers = {**auth(self.keys.officer), "Idempotency-Key": str(uuid.uuid4())}
        while (
            response := await self.http.post("/incidents", json=claim, headers=headers)
        ).status_code == 503:
            await asyncio.sleep(1)
        assert response.status_code == 201, response.text
        incident_id: str = response.json()["id"]
        await self.reach(incident_id, "verification")
        # Verdicts go out together once every incident awaits one: updates, not triage, are
        # in flight when the faults strike.
        try:
            await asyncio.wait_for(self.all_await_verdicts.wait(), self.deadline - time.monotonic())
        except TimeoutError:
            raise AssertionError(f"{incident_id}: not every incident awaited a verdict") from None
        await self.act(incident_id, "verifier", "verification", VERDICT)
        incident = await self.reach(incident_id, "approval")
        decision = {"decision": "approve", "draft_hash": incident["draft"]["hash"]}
        approvers = ["approver", "leader"] if incident["severity"] == "critical" else ["approver"]
        await asyncio.gather(
            *(self.act(incident_id, who, "decisions", decision) for who in approvers)
        )
        await self.reach(incident_id, "closed")
        # The workflow ends once its last notices are out, a moment after the closing write.
        ending = self.temporal.get_workflow_handle(incident_id).result()
        try:
            await asyncio.wait_for(ending, self.deadline - time.monotonic())
        except TimeoutError:
            raise AssertionError(f"{incident_id}: closed, its workflow never ended") from None
        return incident_id


def differences(
    incident: dict[str, Any], events: list[dict[str, Any]], truth: Recorded
) -> list[str]:
    """(a) at the end: where the read model and the history disagree, each said in words."""
    found = []
    verdict = truth.verdicts[-1][1] if truth.verdicts else None
    if incident["verdict"] != verdict:
        found.append(f"verdict {incident['verdict']} where the history has {verdict}")
    decisions = sorted(set(truth.decisions))
    if decisions_of(incident) != decisions:
        found.append(f"decisions {decisions_of(incident)} where the history has {decisions}")
    approvers = {a["actor"]["name"] for a in incident["approvals"]}
    recorded_approvers = truth.approvers(incident["draft"]["hash"]) if incident["draft"] else set()
    if approvers != recorded_approvers:
        found.append(f"approvals by {approvers} where the history has {recorded_approvers}")
    if (incident["stage"], incident["resolution"]) != ("closed", truth.result):
        found.append(
            f"{incident['stage']} ({incident['resolution']}), the workflow ended {truth.result}"
        )
    verified = [
        (e["actor"]["name"], e["data"]["verdict"]) for e in events if e["type"] == "verified"
    ]
    if verified != truth.verdicts:
        found.append(f"timeline verdicts {verified} where the history has {truth.verdicts}")
    approved = sorted(
        (e["actor"]["name"], "approve", e["data"]["draft_hash"])
        for e in events
        if e["type"] == "approved"
    )
    if approved != [d for d in decisions if d[1] == "approve"]:
        found.append(f"timeline approvals {approved} where the history has {decisions}")
    if len({e["id"] for e in events}) != len(events):
        found.append("timeline events repeated")
    return found


async def test_read_model_tells_the_truth_after_workers_and_server_are_killed(
    receiver: WebhookReceiver, tmp_path: Path
) -> None:
    stack = KillableStack(tmp_path, receiver.url)
    partition = Partition(stack.temporal_address)
    stack.worker_address = await partition.start()
    chaos: asyncio.Task[None] | None = None
    database = make_engine(stack.database_url)
    try:
        await asyncio.to_thread(stack.start)
        keys = make_keys(Settings(_env_file=None, database_url=stack.database_url))
        temporal = await Client.connect(stack.temporal_address)
        async with httpx.AsyncClient(base_url=stack.api_url, timeout=60) as http:
            faults = Faults(stack, partition, temporal)
            team = Team(http, temporal, database, keys, faults)
            chaos = asyncio.create_task(faults.kill_a_worker_now_and_then())
            carried = await asyncio.gather(
                *(team.carry(claim) for claim in claims()), return_exceptions=True
            )
            chaos.cancel()
            ids = [outcome for outcome in carried if isinstance(outcome, str)]
            stuck = [str(outcome) for outcome in carried if isinstance(outcome, BaseException)]
            report = []
            for incident_id in ids:
                incident = await team.look(incident_id)
                events = (
                    await http.get(f"/incidents/{incident_id}/timeline", headers=auth(keys.leader))
                ).json()
                truth = await recorded(temporal, incident_id, database)
                report += [f"{incident_id}: {d}" for d in differences(incident, events, truth)]
                if incident["resolution"] != "published":
                    report.append(f"{incident_id}: closed as {incident['resolution']}")
    finally:
        if chaos is not None:
            chaos.cancel()
        await asyncio.to_thread(stack.close)
        database.dispose()
        await partition.close()
    summary = (
        f"{stack.worker_kills} worker kills, {stack.server_kills} server kill(s), "
        f"{faults.cuts} updates held back, {team.answered_503} answers 503"
    )
    print(summary)
    assert stack.server_kills == 1 and faults.cuts >= SERVER_KILLED_AT_CUT, summary
    found = {
        "(a)/(b) while in flight": team.problems,
        "(c) not finished": stuck,
        "(a) at the end": report,
    }
    assert not any(found.values()), "\n".join(
        [summary] + [f"{part}:\n  " + "\n  ".join(lines) for part, lines in found.items() if lines]
    )
