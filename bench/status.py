"""`GET /incidents/{id}` under concurrent load against a bare FastAPI primary-key read, each
served by a process of its own and loaded from this one: throughput with a fixed number of
requests always in flight, latency at a steady rate."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import httpx

from bench.cpu import CpuMeter
from bench.drive import Timings, percentile, whole_lifecycle
from bench.runs import open_loop
from bench.stack import BenchStack
from tests.flow import auth
from tests.processes import kill_group, spawn, wait_healthy
from tests.support import free_port

# Latency is read at a steady 100 requests/s: a whole PR office and its leadership refreshing
# every second or so. Throughput is read with `clients` requests always in flight, where
# latency is only clients / throughput (Little's law) and says nothing more.
STEADY_RATE = 100.0


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


async def _steady(
    http: httpx.AsyncClient, path: str, headers: dict[str, str], rate: float, seconds: float
) -> list[float]:
    """Requests sent at a steady rate whatever the answers' pace (an open loop), as many
    people's browsers do; latency measured from when each request was due."""
    latencies: list[float] = []

    async def one(_: int, due: float) -> None:
        response = await http.get(path, headers=headers)
        response.raise_for_status()
        latencies.append((time.perf_counter() - due) * 1000)

    await open_loop(rate, seconds, one)
    return latencies


async def _measure(
    http: httpx.AsyncClient, pid: int, path: str, headers: dict[str, str], clients: int,
    seconds: float,
) -> dict[str, Any]:  # fmt: skip
    await _hammer(http, path, headers, clients, 1)  # warm-up
    meter = CpuMeter({"server": pid}).start()
    rps, latencies = await _hammer(http, path, headers, clients, seconds)
    cpu = meter.stop()["server"]
    steady = await _steady(http, path, headers, STEADY_RATE, seconds)
    return {
        "rps": rps,
        "saturated_p50_ms": percentile(latencies, 50),
        "saturated_p99_ms": percentile(latencies, 99),
        "p50_ms": percentile(steady, 50),
        "p99_ms": percentile(steady, 99),
        "server_cpu_us_per_request": cpu * 1e6 / len(latencies),
    }


async def status_api(
    stack: BenchStack, incident_id: str | None, clients: int, seconds: float
) -> dict[str, Any]:
    """Reads `incident_id`, or an incident of its own put through the whole lifecycle."""
    incident_id = incident_id or await whole_lifecycle(stack, Timings())
    port = free_port()
    database_url = stack.settings.effective_database_url
    log = stack.directory / "bare-api.log"
    bare = spawn([str(port), database_url], dict(os.environ), log, module="bench.bare")
    path = f"/incidents/{incident_id}"
    try:
        wait_healthy(f"http://127.0.0.1:{port}", log)
        ours = await _measure(
            stack.http, stack.api.pid, path, auth(stack.keys.leader), clients, seconds
        )
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as bare_http:
            base = await _measure(bare_http, bare.pid, path, {}, clients, seconds)
    finally:
        kill_group(bare)
    return {
        "clients": clients,
        "seconds": seconds,
        "tangkal_rps": ours["rps"],
        "bare_rps": base["rps"],
        "rps_ratio": ours["rps"] / base["rps"],
        "steady_rate_per_s": STEADY_RATE,
        "p50_ms": ours["p50_ms"],
        "p99_ms": ours["p99_ms"],
        "bare_p50_ms": base["p50_ms"],
        "bare_p99_ms": base["p99_ms"],
        "saturated_p50_ms": ours["saturated_p50_ms"],
        "saturated_p99_ms": ours["saturated_p99_ms"],
        "cpu_us_per_request": ours["server_cpu_us_per_request"],
        "bare_cpu_us_per_request": base["server_cpu_us_per_request"],
    }
