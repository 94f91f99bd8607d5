"""The five measurements of `make bench`, each against its baseline in the same run."""

from __future__ import annotations

import asyncio
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import uvicorn
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

from bench.bare import bare_status_app
from bench.bare_workflow import BareInput, BareWorkflow, bare_step
from bench.drive import Timings, percentile, to_approval, whole_lifecycle
from core.db import engine_for
from tests.fakes.slack import FakeSlack
from tests.flow import CRITICAL_CLAIM, auth
from tests.slack_flow import APPROVE_CHANNEL, SlackDriver
from tests.support import Stack, free_port


async def _pool(count: int, concurrency: int, job: Any) -> float:
    """Runs `job(i)` `count` times, `concurrency` at once; returns the wall time in seconds."""
    gate = asyncio.Semaphore(concurrency)

    async def guarded(i: int) -> None:
        async with gate:
            await job(i)

    started = time.perf_counter()
    await asyncio.gather(*(guarded(i) for i in range(count)))
    return time.perf_counter() - started


async def lifecycle(client: Client, stack: Stack, count: int, concurrency: int) -> dict[str, Any]:
    timings = Timings()
    ids: list[str] = []

    async def ours(_: int) -> None:
        ids.append(await whole_lifecycle(stack.http, stack.keys, timings))

    ours_s = await _pool(count, concurrency, ours)
    history = await client.get_workflow_handle(ids[0]).fetch_history()
    activities = sum(
        e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED for e in history.events
    )
    updates = 2  # the verdict and the approval
    bare_decisions: list[float] = []
    queue = "bench-bare-" + uuid.uuid4().hex[:6]

    async def bare(_: int) -> None:
        handle = await client.start_workflow(
            BareWorkflow.run,
            BareInput(activities, updates),
            id=f"bare-{uuid.uuid4().hex}",
            task_queue=queue,
        )
        for _step in range(updates):
            started = time.perf_counter()
            await handle.execute_update(BareWorkflow.step, 1)
            elapsed = (time.perf_counter() - started) * 1000
        bare_decisions.append(elapsed)
        await handle.result()

    with ThreadPoolExecutor(32) as executor:
        async with Worker(
            client,
            task_queue=queue,
            workflows=[BareWorkflow],
            activities=[bare_step],
            activity_executor=executor,
        ):
            bare_s = await _pool(count, concurrency, bare)
    return {
        "incidents": count,
        "concurrency": concurrency,
        "activities_per_incident": activities,
        "tangkal_per_s": count / ours_s,
        "bare_per_s": count / bare_s,
        "throughput_ratio": (count / ours_s) / (count / bare_s),
        "decision_p50_ms": percentile(timings.decision_ms, 50),
        "decision_p99_ms": percentile(timings.decision_ms, 99),
        "bare_update_p50_ms": percentile(bare_decisions, 50),
        "bare_update_p99_ms": percentile(bare_decisions, 99),
        "decision_p99_ratio": percentile(timings.decision_ms, 99) / percentile(bare_decisions, 99),
        "report_to_verification_p50_ms": percentile(timings.report_to_verification_ms, 50),
        "approval_to_closed_p50_ms": percentile(timings.approval_to_closed_ms, 50),
        "sample_incident": ids[0],
    }


async def _hammer(
    http: httpx.AsyncClient, path: str, headers: dict[str, str], clients: int, seconds: float
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one_client() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await http.get(path, headers=headers)
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    return len(latencies) / (time.perf_counter() - started), latencies


async def status_api(
    stack: Stack, incident_id: str, clients: int, seconds: float
) -> dict[str, Any]:
    port = free_port()
    engine = engine_for(stack.settings.effective_database_url)
    server = uvicorn.Server(
        uvicorn.Config(bare_status_app(engine), host="127.0.0.1", port=port, log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        path = f"/incidents/{incident_id}"
        ours_rps, ours = await _hammer(stack.http, path, auth(stack.keys.leader), clients, seconds)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as bare_http:
            bare_rps, bare = await _hammer(bare_http, path, {}, clients, seconds)
    finally:
        server.should_exit = True
        await serving
    return {
        "clients": clients,
        "seconds": seconds,
        "tangkal_rps": ours_rps,
        "bare_rps": bare_rps,
        "rps_ratio": ours_rps / bare_rps,
        "p50_ms": percentile(ours, 50),
        "p99_ms": percentile(ours, 99),
        "bare_p50_ms": percentile(bare, 50),
        "bare_p99_ms": percentile(bare, 99),
    }


async def slack_ack(stack: Stack, fake: FakeSlack, rate: float, seconds: float) -> dict[str, Any]:
    incident_id, draft_hash = await to_approval(stack.http, stack.keys, CRITICAL_CLAIM, Timings())
    driver = SlackDriver(stack, fake)
    latencies: list[float] = []

    async def click() -> None:
        started = time.perf_counter()
        await driver.click(
            "U0KABAG", "tangkal.approve", f"{incident_id}|{draft_hash}", APPROVE_CHANNEL, timeout=10
        )
        latencies.append((time.perf_counter() - started) * 1000)

    tasks = []
    began = time.perf_counter()
    for i in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, began + i / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(click()))
    await asyncio.gather(*tasks)
    return {
        "clicks": len(latencies),
        "rate_per_s": rate,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "over_3s": sum(latency > 3000 for latency in latencies),
    }
