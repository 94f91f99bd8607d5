"""Scaled out: one API, two worker processes, one Temporal server, PostgreSQL.

Fifty incidents go from report to publication while one worker is told to stop (SIGTERM) in
the middle of the work: it drains, the other carries on, and nothing is lost or doubled.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
import string
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from core.migrate import migrate
from core.settings import Settings
from tests.fakes.webhook import WebhookReceiver
from tests.flow import auth, decide, report, timeline, verify
from tests.processes import kill_group, spawn, tangkal_env, terminate, wait_healthy
from tests.support import (
    WEBHOOK_SECRET,
    WEBHOOK_SECRET_ENV,
    Keys,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    make_keys,
    postgres_admin_url,
    write_policy,
)

INCIDENTS = 50
PLACES = [
    "Pasar Badung",
    "RSUD Mangusada",
    "Bandara Ngurah Rai",
    "Pelabuhan Benoa",
    "Terminal Mengwi",
    "SMA Negeri Kuta",
    "Puskesmas Abiansemal",
    "Jembatan Tukad Bangkung",
    "Pantai Kuta",
    "Stadion Kapten Dipta",
]
RUMOURS = [
    "ditutup total selama sebulan",
    "terbakar habis tadi malam",
    "membagikan bantuan tunai gratis",
    "meminta penghuni mengungsi segera",
    "memungut biaya masuk baru",
]


def _word() -> str:
    # Letters only: triage drops numbers (dates and figures change between recycled hoaxes).
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))


def low_claims() -> list[dict[str, Any]]:
    """Fifty distinct low-risk rumours (none a near-duplicate of another)."""
    # Words of their own per claim: "X closed for a month" and "Y closed for a month" are the
    # same hoax shape, and triage may rightly join them as duplicates.
    claims = [
        f"{place} {rumour}, kata warga " + " ".join(_word() for _ in range(5))
        for place in PLACES
        for rumour in RUMOURS
    ]
    return [
        {"claim": claim, "platform": "whatsapp", "reach": 40, "media_type": "text"}
        for claim in claims[:INCIDENTS]
    ]


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """A database of its own: duplicate detection and listings see only these incidents."""
    admin = postgres_admin_url()
    if admin is None:
        pytest.fail("no PostgreSQL on 127.0.0.1:5432 (pg_isready failed): .ci/run starts it")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


async def in_stage(http: httpx.AsyncClient, key: str, stage: str) -> list[dict[str, Any]]:
    response = await http.get(
        "/incidents", params={"stage": stage, "limit": 200}, headers=auth(key)
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def approve(http: httpx.AsyncClient, keys: Keys, incident_id: str) -> None:
    incident = (await http.get(f"/incidents/{incident_id}", headers=auth(keys.approver))).json()
    outcome = await decide(http, keys.approver, incident_id, incident["draft"]["hash"])
    assert outcome.is_success, outcome.text


async def drive_to_publication(
    http: httpx.AsyncClient, keys: Keys, ids: set[str], seconds: float
) -> list[dict[str, Any]]:
    """The PR team at work: verify what waits for a verdict, approve what waits for approval."""
    verified: set[str] = set()
    approved: set[str] = set()
    deadline = time.monotonic() + seconds
    while True:
        waiting_verdict, waiting_approval, closed = await asyncio.gather(
            in_stage(http, keys.officer, "verification"),
            in_stage(http, keys.officer, "approval"),
            in_stage(http, keys.officer, "closed"),
        )
        if {item["id"] for item in closed} == ids:
            return closed
        to_verify = {item["id"] for item in waiting_verdict} - verified
        to_approve = {item["id"] for item in waiting_approval} - approved
        await asyncio.gather(
            *(verify(http, keys.verifier, incident_id) for incident_id in to_verify),
            *(approve(http, keys, incident_id) for incident_id in to_approve),
        )
        verified |= to_verify
        approved |= to_approve
        if time.monotonic() > deadline:
            open_stages = ("reported", "triage", "drafting", "publishing")
            pages = await asyncio.gather(*(in_stage(http, keys.officer, s) for s in open_stages))
            stuck = Counter(item["stage"] for page in pages for item in page)
            raise AssertionError(f"only {len(closed)}/{len(ids)} closed; still open: {stuck}")
        await asyncio.sleep(0.3)


async def stop_worker_when_publishing(
    worker: subprocess.Popen[bytes], receiver: WebhookReceiver
) -> int:
    """SIGTERM the worker once counter-statements are on their way to the CMS."""
    while len(receiver.attempts) < INCIDENTS // 5:
        await asyncio.sleep(0.05)
    return await asyncio.to_thread(terminate, worker)


async def test_fifty_incidents_on_two_workers_one_stopped_midway(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fresh_postgres: str,
    tmp_path: Path,
) -> None:
    api_port = free_port()
    env = tangkal_env(
        data_dir=tmp_path,
        database_url=fresh_postgres,
        temporal_address=temporal.client.service_client.config.target_host,
        task_queue=f"scale-{api_port}",
        policy_file=write_policy(tmp_path, receiver.url),
        api_port=api_port,
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    migrate(fresh_postgres)
    keys = make_keys(Settings(_env_file=None, database_url=fresh_postgres))
    receiver.delay_seconds = 1.0  # a slow CMS: publications are in flight when the worker stops
    logs = [tmp_path / "api.log", tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    api = spawn(["api"], env, logs[0])
    workers = [spawn(["worker"], env, log) for log in logs[1:]]
    base = f"http://127.0.0.1:{api_port}"
    started = time.monotonic()
    stopping: asyncio.Task[int] | None = None
    try:
        wait_healthy(base, logs[0])
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            reported = await asyncio.gather(
                *(report(http, keys.officer, claim) for claim in low_claims())
            )
            ids = {incident["id"] for incident in reported}
            stopping = asyncio.create_task(stop_worker_when_publishing(workers[0], receiver))
            closed = await drive_to_publication(http, keys, ids, seconds=120)
            stopped_exit = await stopping
            print(f"{INCIDENTS} incidents -> all published: {time.monotonic() - started:.1f}s")
            incidents = await asyncio.gather(
                *(http.get(f"/incidents/{i}", headers=auth(keys.leader)) for i in sorted(ids))
            )
            timelines = await asyncio.gather(
                *(timeline(http, keys.leader, incident_id) for incident_id in sorted(ids))
            )
        # The API and the last worker stop cleanly too (uvicorn exits by re-raising SIGTERM
        # once it has finished its requests and its shutdown).
        assert terminate(api) in (0, -signal.SIGTERM)
        assert terminate(workers[1]) == 0
    finally:
        if stopping is not None:
            stopping.cancel()  # the run failed before the worker was stopped
        for process in (api, *workers):
            kill_group(process)

    assert "Application shutdown complete" in logs[0].read_text()
    assert len(ids) == INCIDENTS
    assert stopped_exit == 0, logs[1].read_text()[-3000:]
    assert "worker stopped" in logs[1].read_text()
    assert {item["resolution"] for item in closed} == {"published"}
    # Every counter-statement reached the CMS exactly once: the stopped worker finished what
    # it had in flight instead of leaving it to be sent again.
    assert sorted(receiver.published) == sorted(f"{i}:v1:website" for i in ids)
    assert Counter(receiver.attempts).most_common(1)[0][1] == 1
    for response in incidents:
        incident = response.json()
        assert [p["status"] for p in incident["publications"]] == ["published"]
        assert len(incident["approvals"]) == 1
    for events in timelines:
        types = Counter(event["type"] for event in events)
        assert len({event["id"] for event in events}) == len(events)
        for once in ("reported", "triaged", "verified", "draft_version", "approved"):
            assert types[once] == 1, (once, events[0]["incident_id"], types)
        assert types["publication_succeeded"] == 1 and types["closed"] == 1
