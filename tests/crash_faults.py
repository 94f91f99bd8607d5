"""The faults that strike a `KillableStack` while people's updates are in flight.

Two kinds, one at a time:
- worker 0 SIGKILLed KILL_EVERY_SECONDS after it began to poll, whenever an update is in
  flight, and started again (a budget of WORKER_KILLS: each costs the activities it held
  their timeout);
- every CUT_EVERY-th update is sent while the network from the workers to the server holds
  (`tests.partition`): the update reaches a worker, which does its work, but the server never
  hears that it did; then both workers are SIGKILLed (at the SERVER_KILLED_AT_CUT-th, the
  server too, restarted on its database file) and the network comes back.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time

from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client
from temporalio.service import RPCError

from tests.killable_stack import TASK_QUEUE, WORKERS, KillableStack
from tests.partition import Partition

KILL_EVERY_SECONDS = 1.5
WORKER_KILLS = 10
CUT_EVERY = 8
CUTS = 3
HOLD_SECONDS = 3.0  # the held update has this long to show in the read model
SERVER_KILLED_AT_CUT = 2


class Faults:
    def __init__(self, stack: KillableStack, partition: Partition, temporal: Client) -> None:
        self.stack, self.partition, self.temporal = stack, partition, temporal
        self.one_at_a_time = asyncio.Lock()
        self.in_flight = 0
        self.updates_in_flight = asyncio.Event()
        self.sent = self.cuts = 0

    async def update_sent(self) -> bool:
        """Counts an update as in flight; whether it goes out while the network holds."""
        self.sent += 1
        self.in_flight += 1
        self.updates_in_flight.set()
        if self.sent % CUT_EVERY or self.sent // CUT_EVERY > CUTS:
            return False
        await self.one_at_a_time.acquire()
        self.partition.hold()
        return True

    def update_answered(self) -> None:
        self.in_flight -= 1
        if not self.in_flight:
            self.updates_in_flight.clear()

    async def kill_before_the_server_hears(self, shown: asyncio.Event) -> None:
        """Once the held update shows in the read model (or HOLD_SECONDS passed): every worker
        SIGKILLed, what they sent dropped with them, the network back."""
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(shown.wait(), HOLD_SECONDS)
            self.cuts += 1
            for index in range(WORKERS):
                await asyncio.to_thread(self.stack.kill_worker, index)
            if self.cuts == SERVER_KILLED_AT_CUT:
                await asyncio.to_thread(self.stack.kill_temporal_and_restart)
            self.partition.cut()
            self.partition.release()
            for index in range(WORKERS):
                self.stack.start_worker(index)
        finally:
            self.one_at_a_time.release()

    async def kill_a_worker_now_and_then(self) -> None:
        for _ in range(WORKER_KILLS):
            await polling(self.temporal, self.stack.workers[0])
            await asyncio.sleep(KILL_EVERY_SECONDS)
            await self.updates_in_flight.wait()
            async with self.one_at_a_time:
                await asyncio.to_thread(self.stack.kill_worker, 0)
                self.stack.start_worker(0)


async def polling(temporal: Client, worker: subprocess.Popen[bytes] | None) -> None:
    """Until the server lists `worker` among the pollers of its task queue (bounded: a worker
    slow to start is killed all the same)."""
    deadline = time.monotonic() + 20
    ask = DescribeTaskQueueRequest(
        namespace=temporal.namespace, task_queue=TaskQueue(name=TASK_QUEUE)
    )
    while worker is not None and time.monotonic() < deadline:
        with contextlib.suppress(RPCError):
            pollers = (await temporal.workflow_service.describe_task_queue(ask)).pollers
            if any(p.identity.startswith(f"{worker.pid}@") for p in pollers):
                return
        await asyncio.sleep(0.2)
