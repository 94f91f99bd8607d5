"""Decision latency from many samples (issue 17): `POST /incidents/{id}/decisions` against two
baselines, in interleaved rounds at the same concurrency.

Each Tangkal round drives `count` real incidents to awaiting-approval through the API in a pool
(not timed), then times only their approvals: a real decision through the real API and
workflow. Each bare round starts `count` BareWorkflows on the bare worker, sends the first
update (not timed) and times the second, as the approval is the second update of an incident.
Each same-round-trips round does the same with `BareRoundTripsWorkflow`, whose updates answer
after one no-op activity, as an approval answers after its read-model write, and whose last
update is followed by as many no-op activities as an incident runs after its approval, counted
from a real incident's history in the same run.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory

from bench.bare_workflow import BareInput, BareRoundTripsWorkflow, BareWorkflow, RoundTripsInput
from bench.drive import CLAIM, Timings, percentile, to_approval
from bench.runs import pool
from bench.stack import BenchStack
from tests.flow import auth
from tests.processes import kill_group, spawn

ACCEPTED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
SCHEDULED = EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
TASK_COMPLETED = EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
# The activity an approval's answer waits for (`IncidentWorkflow._answer`, `Outbox.write`).
READ_MODEL_WRITE = "write_incident"


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "samples": len(samples),
        "p50_ms": percentile(samples, 50),
        "p99_ms": percentile(samples, 99),
    }


def after_update(history: WorkflowHistory, update: str) -> dict[str, Any]:
    """What a workflow did once its last `update` was accepted: the activities it scheduled, in
    order of scheduling, and how many workflow tasks it completed."""
    events = list(history.events)
    accepted = [
        i
        for i, event in enumerate(events)
        if event.event_type == ACCEPTED
        and event.workflow_execution_update_accepted_event_attributes.accepted_request.input.name
        == update
    ]
    if not accepted:
        raise ValueError(f"{history.workflow_id} has no {update!r} update in its history")
    rest = events[accepted[-1] + 1 :]
    return {
        "activities": [
            event.activity_task_scheduled_event_attributes.activity_type.name
            for event in rest
            if event.event_type == SCHEDULED
        ],
        "workflow_tasks": sum(event.event_type == TASK_COMPLETED for event in rest),
    }


def publication_activities(approval: dict[str, Any]) -> int:
    """The activities an incident runs after its approval beyond the read-model write that the
    approval's answer waits for: what follows the same-round-trips workflow's last update."""
    activities: list[str] = approval["activities"]
    if READ_MODEL_WRITE not in activities:
        raise ValueError(f"no {READ_MODEL_WRITE} after the approval: {activities}")
    return len(activities) - 1


async def _tangkal_round(
    stack: BenchStack, count: int, concurrency: int
) -> tuple[list[float], list[str]]:
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
    return latencies, [incident_id for incident_id, _ in ready]


async def _bare_round(
    stack: BenchStack, queue: str, count: int, concurrency: int, after: int | None = None
) -> tuple[list[float], list[str]]:
    """`BareWorkflow` without `after`; with it, `BareRoundTripsWorkflow` followed by `after`
    activities."""
    handles: list[Any] = []
    update: Any = BareWorkflow.step if after is None else BareRoundTripsWorkflow.step

    async def start(_: int) -> None:
        workflow_id = f"bare-{uuid.uuid4().hex}"
        if after is None:
            handle: Any = await stack.client.start_workflow(
                BareWorkflow.run, BareInput(0, 2), id=workflow_id, task_queue=queue
            )
        else:
            handle = await stack.client.start_workflow(
                BareRoundTripsWorkflow.run,
                RoundTripsInput(updates=2, after=after),
                id=workflow_id,
                task_queue=queue,
            )
        await handle.execute_update(update, 1)
        handles.append(handle)

    await pool(count, concurrency, start)
    latencies: list[float] = []

    async def last(i: int) -> None:
        started = time.perf_counter()
        await handles[i].execute_update(update, 1)
        latencies.append((time.perf_counter() - started) * 1000)

    await pool(count, concurrency, last)
    await pool(count, concurrency, lambda i: handles[i].result())
    return latencies, [handle.id for handle in handles]


def _ratios(ours: list[list[float]], base: list[list[float]]) -> tuple[list[float], float]:
    """Tangkal's p99 over the baseline's, round by round and pooled."""
    rounds = [percentile(o, 99) / percentile(b, 99) for o, b in zip(ours, base, strict=True)]
    pooled = percentile([s for r in ours for s in r], 99) / percentile(
        [s for r in base for s in r], 99
    )
    return rounds, pooled


async def _after(stack: BenchStack, workflow_id: str, update: str) -> dict[str, Any]:
    history = await stack.client.get_workflow_handle(workflow_id).fetch_history()
    return {"workflow_id": workflow_id, **after_update(history, update)}


async def decisions(stack: BenchStack, count: int, concurrency: int, rounds: int) -> dict[str, Any]:
    queue = "bench-bare-" + uuid.uuid4().hex[:6]
    address = stack.settings.effective_temporal_address
    worker = spawn(
        [address, queue], dict(os.environ), stack.directory / "bare.log", module="bench.bare_worker"
    )
    ours: list[list[float]] = []
    bare: list[list[float]] = []
    same: list[list[float]] = []
    try:
        # Warm-up on all three sides; the warm-up incident's history sizes the third's.
        _, warm_ids = await _tangkal_round(stack, 5, concurrency)
        warm_approval = await _after(stack, warm_ids[0], "decide")
        await _bare_round(stack, queue, 5, concurrency)
        await _bare_round(stack, queue, 5, concurrency, publication_activities(warm_approval))
        approval: dict[str, Any] = {}
        same_after: dict[str, Any] = {}
        for n in range(rounds):
            latencies, ids = await _tangkal_round(stack, count, concurrency)
            ours.append(latencies)
            if n == 0:  # counted from the first timed round's first incident, used from here on
                approval = await _after(stack, ids[0], "decide")
            bare.append((await _bare_round(stack, queue, count, concurrency))[0])
            latencies, ids = await _bare_round(
                stack, queue, count, concurrency, publication_activities(approval)
            )
            same.append(latencies)
            if n == 0:
                same_after = await _after(stack, ids[0], "step")
    finally:
        kill_group(worker)
    ratios, ratio = _ratios(ours, bare)
    same_ratios, same_ratio = _ratios(ours, same)
    return {
        "per_round": count,
        "rounds": rounds,
        "concurrency": concurrency,
        "tangkal": summary([s for r in ours for s in r]),
        "bare": summary([s for r in bare for s in r]),
        "same_round_trips": summary([s for r in same for s in r]),
        "tangkal_rounds": [summary(r) for r in ours],
        "bare_rounds": [summary(r) for r in bare],
        "same_round_trips_rounds": [summary(r) for r in same],
        "p99_ratio_rounds": ratios,
        "p99_ratio": ratio,
        "p99_ratio_same_rounds": same_ratios,
        "p99_ratio_same": same_ratio,
        # What the incident did after its approval, what the third side does after its update.
        "after_approval": approval,
        "after_approval_warmup": warm_approval,
        "publication_activities": publication_activities(approval),
        "same_round_trips_after_update": same_after,
    }
