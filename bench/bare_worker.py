"""`python -m bench.bare_worker ADDRESS QUEUE`: the baseline's worker in a process of its own,
as Tangkal's worker is, so both sides of the comparison run on the same machinery."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor

from temporalio.client import Client
from temporalio.worker import Worker

from bench.bare_workflow import (
    BarePayloadWorkflow,
    BareRoundTripsWorkflow,
    BareWorkflow,
    bare_payload_step,
    bare_step,
)


async def serve(address: str, queue: str) -> None:
    client = await Client.connect(address)
    with ThreadPoolExecutor(32) as executor:
        async with Worker(
            client,
            task_queue=queue,
            workflows=[BareWorkflow, BarePayloadWorkflow, BareRoundTripsWorkflow],
            activities=[bare_step, bare_payload_step],
            activity_executor=executor,
        ):
            await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2]))
