"""Nothing lost when a process dies: a killed worker, and a whole stack killed and restarted."""

from __future__ import annotations

import asyncio
import subprocess
import time
from pathlib import Path

import httpx
from temporalio.testing import WorkflowEnvironment

from tests.fakes.webhook import WebhookReceiver
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
from tests.processes import (
    cli,
    kill_group,
    spawn,
    stop_group,
    tangkal_env,
    terminate,
    wait_healthy,
)
from tests.support import WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, free_port, write_policy


async def _until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


async def test_worker_killed_mid_publication_publishes_exactly_once(
    temporal: WorkflowEnvironment, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    address = temporal.client.service_client.config.target_host
    api_port = free_port()
    env = tangkal_env(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'tangkal.db'}",
        temporal_address=address,
        task_queue=f"kill-{api_port}",
        policy_file=write_policy(tmp_path, receiver.url),
        api_port=api_port,
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    cli(["migrate"], env)
    keys = {
        role: cli(["keys", "create", "--role", role, "--name", name], env).strip()
        for role, name in (
            ("officer", "Petugas"),
            ("verifier", "Verifikator"),
            ("approver", "Kabag"),
        )
    }
    leader = cli(
        ["keys", "create", "--role", "approver", "--role", "leader", "--name", "Sekda"], env
    ).strip()
    log = tmp_path / "processes.log"
    api = spawn(["api"], env, log)
    worker = spawn(["worker"], env, log)
    base = f"http://127.0.0.1:{api_port}"
    try:
        wait_healthy(base, log)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            incident_id = (await report(http, keys["officer"], CRITICAL_CLAIM))["id"]
            await wait_for(http, keys["officer"], incident_id, stage="verification")
            await verify(http, keys["verifier"], incident_id)
            draft = (await wait_for(http, keys["officer"], incident_id, stage="approval"))["draft"]
            receiver.delay_seconds = 3  # the CMS is slow: the worker dies while it waits
            assert (await decide(http, keys["approver"], incident_id, draft["hash"])).is_success
            assert (await decide(http, leader, incident_id, draft["hash"])).is_success
            await _until(lambda: len(receiver.attempts) == 1, 20, "publication never started")
            kill_group(worker)
            receiver.delay_seconds = 0
            worker = spawn(["worker"], env, log)
            closed = await wait_for(http, keys["officer"], incident_id, stage="closed", timeout=60)
            events = await timeline(http, keys["officer"], incident_id)
    finally:
        kill_group(worker)
        kill_group(api)
    assert closed["resolution"] == "published"
    assert len(receiver.attempts) == 2  # the first answer was lost with the worker; one retry
    assert list(receiver.published) == [f"{incident_id}:v1:website"]
    assert [e["type"] for e in events].count("publication_succeeded") == 1
    assert len({e["id"] for e in events}) == len(events)


async def test_whole_stack_killed_mid_approval_continues_after_restart(
    receiver: WebhookReceiver, tmp_path: Path
) -> None:
    """As a new user runs it: `tangkal dev`, keys from the CLI, the API over HTTP."""
    api_port, temporal_port, ui_port = free_port(), free_port(), free_port()
    env = tangkal_env(
        data_dir=tmp_path / "var",
        api_port=api_port,
        dev_temporal_port=temporal_port,
        dev_ui_port=ui_port,
        policy_file=write_policy(tmp_path, receiver.url),
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    log = tmp_path / "dev.log"
    dev = spawn(["dev"], env, log)
    base = f"http://127.0.0.1:{api_port}"
    try:
        wait_healthy(base, log, 90)
        officer = cli(["keys", "create", "--role", "officer", "--name", "Petugas"], env).strip()
        verifier = cli(["keys", "create", "--role", "verifier", "--name", "Verif"], env).strip()
        kabag = cli(["keys", "create", "--role", "approver", "--name", "Kabag"], env).strip()
        sekda = cli(
            ["keys", "create", "--role", "approver", "--role", "leader", "--name", "Sekda"], env
        ).strip()
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            started = time.monotonic()
            incident_id = (await report(http, officer, CRITICAL_CLAIM))["id"]
            await wait_for(http, officer, incident_id, stage="verification")
            print(f"POST -> verification pending: {time.monotonic() - started:.2f}s")
            await verify(http, verifier, incident_id)
            draft = (await wait_for(http, officer, incident_id, stage="approval"))["draft"]
            assert (await decide(http, kabag, incident_id, draft["hash"])).is_success

        kill_group(dev)  # Temporal, worker and API die together, mid-approval
        dev = spawn(["dev"], env, log)
        wait_healthy(base, log, 90)

        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            waiting = (await http.get(f"/incidents/{incident_id}", headers=auth(officer))).json()
            assert waiting["stage"] == "approval" and len(waiting["approvals"]) == 1
            started = time.monotonic()
            assert (await decide(http, sekda, incident_id, draft["hash"])).is_success
            closed = await wait_for(http, officer, incident_id, stage="closed", timeout=60)
            print(f"final approval -> published: {time.monotonic() - started:.2f}s")
            events = await timeline(http, officer, incident_id)
        assert stop_group(dev) == 0  # Ctrl-C stops every child cleanly
        dev.wait()
    finally:
        kill_group(dev)
    assert closed["resolution"] == "published"
    assert list(receiver.published) == [f"{incident_id}:v1:website"]
    types = [e["type"] for e in events]
    assert types.count("approved") == 2 and types.count("publication_succeeded") == 1
    assert len({e["id"] for e in events}) == len(events)


async def test_worker_stopped_past_its_grace_period_leaves_the_publication_to_another(
    temporal: WorkflowEnvironment, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    """SIGTERM with a publication still running after the grace period: the stopping worker
    gives it up, another worker retries it under the same idempotency key, nothing doubles."""
    api_port = free_port()
    env = tangkal_env(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'tangkal.db'}",
        temporal_address=temporal.client.service_client.config.target_host,
        task_queue=f"drain-{api_port}",
        policy_file=write_policy(tmp_path, receiver.url),
        api_port=api_port,
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    cli(["migrate"], env)
    officer = cli(["keys", "create", "--role", "officer", "--name", "Petugas"], env).strip()
    verifier = cli(["keys", "create", "--role", "verifier", "--name", "Verif"], env).strip()
    approver = cli(["keys", "create", "--role", "approver", "--name", "Kabag"], env).strip()
    log = tmp_path / "processes.log"
    api = spawn(["api"], env, log)
    first = spawn(["worker"], {**env, "TANGKAL_WORKER_SHUTDOWN_GRACE_SECONDS": "1"}, log)
    second: subprocess.Popen[bytes] | None = None
    base = f"http://127.0.0.1:{api_port}"
    try:
        wait_healthy(base, log)
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            incident_id = (await report(http, officer, LOW_CLAIM))["id"]
            await wait_for(http, officer, incident_id, stage="verification")
            await verify(http, verifier, incident_id)
            draft = (await wait_for(http, officer, incident_id, stage="approval"))["draft"]
            receiver.delay_seconds = 5  # the CMS is slower than the stopping worker's grace
            assert (await decide(http, approver, incident_id, draft["hash"])).is_success
            await _until(lambda: len(receiver.attempts) == 1, 20, "publication never started")
            second = spawn(["worker"], env, log)
            stopped = terminate(first)
            receiver.delay_seconds = 0
            closed = await wait_for(http, officer, incident_id, stage="closed", timeout=60)
            events = await timeline(http, officer, incident_id)
    finally:
        for process in (api, first, second):
            if process is not None:
                kill_group(process)
    assert stopped == 0
    assert closed["resolution"] == "published"
    assert receiver.attempts == [f"{incident_id}:v1:website"] * 2  # the retry, elsewhere
    assert list(receiver.published) == [f"{incident_id}:v1:website"]
    assert [e["type"] for e in events].count("publication_succeeded") == 1
    assert len({e["id"] for e in events}) == len(events)
