"""Decision latency from many samples (issue 17): `POST /incidents/{id}/decisions` against the
bare update, in interleaved rounds at the same concurrency.

Each Tangkal round drives `count` real incidents to awaiting-approval through the API in a pool
(not timed), then times only their approvals: a real decision through the real API and
workflow. Each bare round starts `count` BareWorkflows on the bare worker, sends the first
update (not timed) and times the second, as the approval is the second update of an incident.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from bench.bare_workflow import BareInput, BareWorkflow
from bench.drive import CLAIM, Timings, percentile, to_approval
from bench.runs import pool
from bench.stack import BenchStack
from tests.flow import auth
from tests.processes import kill_group, spawn


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "samples": len(samples),
        "p50_ms": percentile(samples, 50),
        "p99_ms": percentile(samples, 99),
    }


async def _tangkal_round(stack: BenchStack, count: int, concurrency: int) -> list[float]:
    ready: list[tuple[str, str]] = []

    async def drive(_: int) -> None:
        ready.append(await to_approval(stack, CLAIM, Timings()))

    await pool(count, concurrency, drive)
    latencies: list[float] = []

    async def decide(i: int) -> None:
        incident_id, draft_hash = ready[i]
        started = time.perf_counter()
        decided = await stack.http.post(
            f"/incidents/{incident_id}/decisions",
            headers=auth(stack.keys.approver),
            json={"decision": "approve", "draft_hash": draft_hash},
        )
        latencies.append((time.perf_counter() - started) * 1000)
        decided.raise_for_status()

    await pool(count, concurrency, decide)
    # Let the published incidents close before the next round, so it starts on a quiet worker.
    await pool(count, concurrency, lambda i: stack.client.get_workflow_handle(ready[i][0]).result())
    return latencies


async def _bare_round(stack: BenchStack, queue: str, count: int, concurrency: int) -> list[float]:
    handles: list[Any] = []

    async def start(_: int) -> None:
        handle = await stack.client.start_workflow(
            BareWorkflow.run, BareInput(0, 2), id=f"bare-{uuid.uuid4().hex}", task_queue=queue
        )
        await handle.execute_update(BareWorkflow.step, 1)
        handles.append(handle)

    await pool(count, concurrency, start)
    latencies: list[float] = []

    async def last(i: int) -> None:
        started = time.perf_counter()
        await handles[i].execute_update(BareWorkflow.step, 1)
        latencies.append((time.perf_counter() - started) * 1000)

    await pool(count, concurrency, last)
    await pool(count, concurrency, lambda i: handles[i].result())
    return latencies


async def decisions(stack: BenchStack, count: int, concurrency: int, rounds: int) -> dict[str, Any]:
    queue = "bench-bare-" + uuid.uuid4().hex[:6]
    address = stack.settings.effective_temporal_address
    worker = spawn(
        [address, queue], dict(os.environ), stack.directory / "bare.log", module="bench.bare_worker"
    )
    ours: list[list[float]] = []
    bare: list[list[float]] = []
    try:
        await _tangkal_round(stack, 5, concurrency)  # warm-up on both sides
        await _bare_round(stack, queue, 5, concurrency)
        for _ in range(rounds):
            ours.append(await _tangkal_round(stack, count, concurrency))
            bare.append(await _bare_round(stack, queue, count, concurrency))
    finally:
        kill_group(worker)
    ratios = [percentile(o, 99) / percentile(b, 99) for o, b in zip(ours, bare, strict=True)]
    return {
        "per_round": count,
        "rounds": rounds,
        "concurrency": concurrency,
        "tangkal": summary([s for r in ours for s in r]),
        "bare": summary([s for r in bare for s in r]),
        "tangkal_rounds": [summary(r) for r in ours],
        "bare_rounds": [summary(r) for r in bare],
        "p99_ratio_rounds": ratios,
        "p99_ratio": percentile([s for r in ours for s in r], 99)
        / percentile([s for r in bare for s in r], 99),
    }
