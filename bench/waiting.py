"""Worker memory with many incidents waiting for approval: a fresh `tangkal worker` process
takes over the stack's task queue and its RSS is read as the incidents pile up."""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any

from bench.drive import CLAIM, Timings, to_approval
from bench.stack import BenchStack

# The worker keeps this many workflows in memory (temporalio's default max_cached_workflows);
# past it, more waiting incidents cost history replays, not memory.
WORKFLOW_CACHE = 1000


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def waiting_incidents(stack: BenchStack, count: int, concurrency: int) -> dict[str, Any]:
    worker = stack.fresh_worker()
    await asyncio.sleep(3)  # started and polling
    samples: dict[int, float] = {0: rss_mib(worker.pid)}
    marks = {count * sixth // 6 for sixth in range(1, 7)}
    began = time.perf_counter()
    gate = asyncio.Semaphore(concurrency)
    done = 0

    async def one(_: int) -> None:
        nonlocal done
        async with gate:
            await to_approval(stack, CLAIM, Timings())
            done += 1
            if done in marks:
                samples[done] = rss_mib(worker.pid)
            if done % 500 == 0 or done in marks:
                # Progress as it goes, so a run stopped part way still tells its curve.
                print(
                    f"waiting: {done} in {time.perf_counter() - began:.0f} s,"
                    f" worker RSS {rss_mib(worker.pid):.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )

    await asyncio.gather(*(one(i) for i in range(count)))
    # Only the curve past the cache says anything about 10,000: extrapolate along it.
    past = sorted(n for n in samples if n > WORKFLOW_CACHE)
    at_10000 = samples[count] if count >= 10000 else None
    if at_10000 is None and len(past) >= 2:
        slope_mib = (samples[past[-1]] - samples[past[0]]) / (past[-1] - past[0])
        at_10000 = samples[count] + max(0.0, slope_mib) * (10000 - count)
    return {
        "waiting": count,
        "rss_mib": samples,
        "rss_at_10000_mib": at_10000,
    }
