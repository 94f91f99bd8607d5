"""Worker memory with many incidents waiting for approval, in a worker process of its own."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from temporalio.client import Client

from api.app import create_app
from bench.drive import CLAIM, Timings, to_approval
from core.settings import Settings
from tests.processes import kill_group, spawn, tangkal_env
from tests.support import WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, Keys, free_port


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def waiting_incidents(
    client: Client, settings: Settings, keys: Keys, directory: Path, count: int, concurrency: int
) -> dict[str, Any]:
    queue = "bench-waiting"
    env = tangkal_env(
        data_dir=directory,
        database_url=settings.effective_database_url,
        temporal_address=client.service_client.config.target_host,
        task_queue=queue,
        policy_file=settings.policy_file,
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    worker = spawn(["worker"], env, directory / "waiting-worker.log")
    local = settings.model_copy(update={"task_queue": queue})
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(local, temporal=client), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    serving = asyncio.create_task(server.serve())
    samples: dict[int, float] = {}
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        await asyncio.sleep(2)
        samples[0] = rss_mib(worker.pid)
        gate = asyncio.Semaphore(concurrency)
        done = 0
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:

            async def one(_: int) -> None:
                nonlocal done
                async with gate:
                    await to_approval(http, keys, CLAIM, Timings())
                    done += 1
                    if done in (count // 4, count // 2, count):
                        samples[done] = rss_mib(worker.pid)

            await asyncio.gather(*(one(i) for i in range(count)))
    finally:
        server.should_exit = True
        await serving
        kill_group(worker)
    per_incident_kib = (samples[count] - samples[count // 2]) * 1024 / (count - count // 2)
    return {
        "waiting": count,
        "rss_mib": samples,
        "per_incident_kib": per_incident_kib,
        "rss_at_10000_mib": samples[count] + per_incident_kib * (10000 - count) / 1024,
    }
