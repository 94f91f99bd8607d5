"""The lifecycle and Slack measurements of `make bench`, each against its baseline."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from temporalio.api.enums.v1 import EventType

from bench.bare_workflow import BareInput, BarePayloadWorkflow, BareWorkflow, PayloadInput
from bench.cpu import CpuMeter, ThreadMeter
from bench.drive import Timings, percentile, to_approval, whole_lifecycle
from bench.payload_sizes import payload_input
from bench.stack import BenchStack
from core.db import make_engine
from tests.fakes.slack import block_action, signed
from tests.flow import CRITICAL_CLAIM
from tests.processes import kill_group, spawn
from tests.slack_flow import APPROVE_CHANNEL
from tests.support import SLACK_SIGNING_SECRET

# One incident's history from the last lifecycle run (bench/results is not committed).
SAMPLE_HISTORY = Path(__file__).parent / "results" / "sample-incident-history.json"


async def pool(count: int, concurrency: int, job: Any) -> float:
    """Runs `job(i)` `count` times, `concurrency` at once; returns the wall time in seconds."""
    gate = asyncio.Semaphore(concurrency)

    async def guarded(i: int) -> None:
        async with gate:
            await job(i)

    started = time.perf_counter()
    await asyncio.gather(*(guarded(i) for i in range(count)))
    return time.perf_counter() - started


async def open_loop(
    rate: float, seconds: float, job: Callable[[int, float], Coroutine[Any, Any, None]]
) -> None:
    """Starts `job(i, due)` at a steady rate for `seconds`, whatever the answers' pace (an open
    loop, as people and Slack send), and waits for them all."""
    tasks: list[asyncio.Task[None]] = []
    began = time.perf_counter()
    for i in range(int(rate * seconds)):
        due = began + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(job(i, due)))
    await asyncio.gather(*tasks)


def per_item_ms(cpu: dict[str, float], count: int) -> dict[str, float]:
    return {name: round(seconds * 1000 / count, 1) for name, seconds in cpu.items()}


async def lifecycle(
    stack: BenchStack, server_pid: int, count: int, concurrency: int
) -> dict[str, Any]:
    timings = Timings()
    ids: list[str] = []

    async def ours(_: int) -> None:
        ids.append(await whole_lifecycle(stack, timings))

    await ours(0)  # warm-up: imports, connections, the first workflow's sandbox
    ids.clear()
    timings = Timings()
    blobs_before = _blobs(stack)
    meter = CpuMeter({"temporal": server_pid, "api": stack.api.pid, "worker": stack.worker.pid})
    meter.start()
    threads = ThreadMeter(stack.worker.pid).start()
    ours_s = await pool(count, concurrency, ours)
    ours_cpu = meter.stop()
    ours_threads = threads.stop()
    blobs_after = _blobs(stack)
    ours_bytes = [await _history_bytes(stack, incident) for incident in ids]
    # The incident of median size, as the server keeps it: what the ratio's bytes are made of,
    # and the payload sizes the same-payloads baseline carries.
    median = sorted(range(count), key=ours_bytes.__getitem__)[count // 2]
    history = await stack.client.get_workflow_handle(ids[median]).fetch_history()
    SAMPLE_HISTORY.parent.mkdir(exist_ok=True)
    SAMPLE_HISTORY.write_text(history.to_json())
    activities = sum(
        e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED for e in history.events
    )
    bare = await _bare_lifecycle(stack, server_pid, count, concurrency, activities)
    sizes = payload_input(history)
    same = await _bare_lifecycle(stack, server_pid, count, concurrency, activities, sizes)
    ours_per_s = count / ours_s
    worker_ms = per_item_ms(ours_cpu, count)["worker"]
    return {
        "incidents": count,
        "concurrency": concurrency,
        "activities_per_incident": activities,
        "tangkal_per_s": ours_per_s,
        "bare_per_s": bare["per_s"],
        "throughput_ratio": ours_per_s / bare["per_s"],
        "cpu_ms_per_incident": per_item_ms(ours_cpu, count),
        "bare_cpu_ms_per_incident": bare["cpu_ms"],
        "worker_cpu_ratio": worker_ms / bare["cpu_ms"]["worker"],
        # Where the worker's CPU goes (`bench.cpu.thread_kind`), ms per incident, both sides.
        "worker_threads_ms": per_item_ms(ours_threads, count),
        "bare_worker_threads_ms": bare["threads_ms"],
        "history_events": len(history.events),
        "history_bytes_p50": percentile([float(b) for b in ours_bytes], 50),
        "history_bytes_max": max(ours_bytes),
        "bare_history_events": bare["history_events"],
        "bare_history_bytes": bare["history_bytes"],
        "history_bytes_ratio": percentile([float(b) for b in ours_bytes], 50)
        / bare["history_bytes"],
        # The same-payloads baseline: Temporal's cost with our payloads, without our code.
        "payloads_per_s": same["per_s"],
        "payloads_cpu_ms_per_incident": same["cpu_ms"],
        "payloads_history_bytes": same["history_bytes"],
        "payloads_history_events": same["history_events"],
        "payloads_update_p99_ms": percentile(same["updates_ms"], 99),
        "throughput_ratio_payloads": ours_per_s / same["per_s"],
        "worker_cpu_ratio_payloads": worker_ms / same["cpu_ms"]["worker"],
        "history_bytes_ratio_payloads": percentile([float(b) for b in ours_bytes], 50)
        / same["history_bytes"],
        "decision_p50_ms": percentile(timings.decision_ms, 50),
        "decision_p99_ms": percentile(timings.decision_ms, 99),
        "bare_update_p50_ms": percentile(bare["updates_ms"], 50),
        "bare_update_p99_ms": percentile(bare["updates_ms"], 99),
        "decision_p99_ratio": percentile(timings.decision_ms, 99)
        / percentile(bare["updates_ms"], 99),
        "report_to_verification_p50_ms": percentile(timings.report_to_verification_ms, 50),
        "approval_to_closed_p50_ms": percentile(timings.approval_to_closed_ms, 50),
        # What the histories do not hold: the payloads kept in Tangkal's database instead.
        "blob_rows_per_incident": (blobs_after[0] - blobs_before[0]) / count,
        "blob_bytes_per_incident": (blobs_after[1] - blobs_before[1]) / count,
        "sample_incident": ids[median],
    }


def _blobs(stack: BenchStack) -> tuple[int, int]:
    """Rows and bytes in `payload_blobs` (`core.payload_store`)."""
    engine = make_engine(stack.settings.effective_database_url)
    try:
        with engine.connect() as connection:
            rows, size = connection.execute(
                sa.text("SELECT count(*), coalesce(sum(size), 0) FROM payload_blobs")
            ).one()
    finally:
        engine.dispose()
    return int(rows), int(size)


async def _history_bytes(stack: BenchStack, workflow_id: str) -> int:
    """What the server stores for one workflow: the encoded size of its history's events."""
    history = await stack.client.get_workflow_handle(workflow_id).fetch_history()
    return sum(event.ByteSize() for event in history.events)


async def _bare_lifecycle(
    stack: BenchStack,
    server_pid: int,
    count: int,
    concurrency: int,
    activities: int,
    sizes: PayloadInput | None = None,
) -> dict[str, Any]:
    """The bare workflow, its worker in a process of its own like Tangkal's, driven alike;
    with `sizes`, the same-payloads one (`BarePayloadWorkflow`)."""
    updates = 2  # the verdict and the approval
    updates_ms: list[float] = []
    ids: list[str] = []
    queue = "bench-bare-" + uuid.uuid4().hex[:6]
    address = stack.settings.effective_temporal_address
    log = stack.directory / "bare.log"
    worker = spawn([address, queue], dict(os.environ), log, module="bench.bare_worker")

    async def bare(_: int) -> None:
        workflow_id = f"bare-{uuid.uuid4().hex}"
        if sizes is None:
            handle: Any = await stack.client.start_workflow(
                BareWorkflow.run, BareInput(activities, updates), id=workflow_id, task_queue=queue
            )
            arguments: list[Any] = [1] * updates
            update: Any = BareWorkflow.step
        else:
            handle = await stack.client.start_workflow(
                BarePayloadWorkflow.run, sizes, id=workflow_id, task_queue=queue
            )
            arguments = ["x" * given for given, _ in sizes.updates]
            update = BarePayloadWorkflow.step
        ids.append(handle.id)
        for argument in arguments:
            started = time.perf_counter()
            await handle.execute_update(update, argument)
            elapsed = (time.perf_counter() - started) * 1000
        updates_ms.append(elapsed)  # the last update, as the approval is for Tangkal
        await handle.result()

    try:
        await bare(0)  # warm-up, as for Tangkal
        updates_ms.clear()
        meter = CpuMeter({"temporal": server_pid, "worker": worker.pid}).start()
        threads = ThreadMeter(worker.pid).start()
        seconds = await pool(count, concurrency, bare)
        cpu = meter.stop()
        split = threads.stop()
        history = await stack.client.get_workflow_handle(ids[-1]).fetch_history()
    finally:
        kill_group(worker)
    return {
        "per_s": count / seconds,
        "cpu_ms": per_item_ms(cpu, count),
        "threads_ms": per_item_ms(split, count),
        "updates_ms": updates_ms,
        "history_events": len(history.events),
        "history_bytes": await _history_bytes(stack, ids[-1]),
    }


async def slack_ack(stack: BenchStack, rate: float, seconds: float) -> dict[str, Any]:
    """Signed approval clicks on one incident, at a steady rate, as Slack sends them."""
    incident_id, draft_hash = await to_approval(stack, CRITICAL_CLAIM, Timings())
    latencies: list[float] = []
    refused: list[str] = []

    async def click(n: int, _due: float) -> None:
        form = block_action(
            "U0KABAG",
            "tangkal.approve",
            f"{incident_id}|{draft_hash}",
            channel=APPROVE_CHANNEL,
            action_ts=f"{time.time():.6f}{n}",
        )
        body, headers = signed(SLACK_SIGNING_SECRET, form)
        started = time.perf_counter()
        response = await stack.http.post("/slack/interactions", content=body, headers=headers)
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            refused.append(f"{response.status_code}: {response.text[:200]}")

    await open_loop(rate, seconds, click)
    return {
        "clicks": len(latencies),
        "rate_per_s": rate,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies),
        "over_3s": sum(latency > 3000 for latency in latencies),
        "not_ok": len(refused),
        "first_not_ok": refused[:1],
    }
