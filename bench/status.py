"""`GET /incidents/{id}` against its baselines (`bench.bare_reads`): the same-work bare route
and the primary-key read, each served by a process of its own.

Throughput: wrk (a C load generator in a process of its own) with 1, 8 and 32 requests always
in flight, the three servers in turn, three rounds in rotated order, so a ratio is taken from
runs seconds apart; each figure is the median of its rounds, with their range. Latency: an
open loop at a steady 100 requests/s (a whole PR office refreshing every second or so) for
long enough to give 1,000 samples or more, for Tangkal and the same-work route.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from typing import Any

import httpx

from bench.cpu import CpuMeter
from bench.drive import Timings, percentile, whole_lifecycle
from bench.runs import open_loop
from bench.stack import BenchStack
from bench.wrk import WrkRun, run_wrk
from tests.flow import auth
from tests.processes import kill_group, spawn, wait_healthy
from tests.support import free_port

STEADY_RATE = 100.0
CONCURRENCY = (1, 8, 32)
ROUNDS = 3
BARE = ("same", "pk")


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


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


async def _round(
    servers: dict[str, tuple[str, int]], headers: dict[str, dict[str, str]], clients: int,
    seconds: float, order: list[str],
) -> dict[str, tuple[WrkRun, float]]:  # fmt: skip
    runs = {}
    for name in order:
        url, pid = servers[name]
        meter = CpuMeter({name: pid}).start()
        run = await asyncio.to_thread(run_wrk, url, headers[name], clients, seconds)
        runs[name] = (run, meter.stop()[name] * 1e6 / max(run.requests, 1))
        if run.errors:
            raise SystemExit(f"{name}: {run.errors} failed requests under wrk")
    return runs


async def status_api(
    stack: BenchStack, incident_id: str | None, seconds: float, steady_seconds: float
) -> dict[str, Any]:
    """Reads `incident_id`, or an incident of its own put through the whole lifecycle."""
    incident_id = incident_id or await whole_lifecycle(stack, Timings())
    path = f"/incidents/{incident_id}"
    database_url = stack.settings.effective_database_url
    bare: dict[str, Any] = {}
    servers = {"tangkal": (str(stack.http.base_url).rstrip("/") + path, stack.api.pid)}
    try:
        for kind in BARE:
            port, log = free_port(), stack.directory / f"bare-{kind}.log"
            bare[kind] = spawn(
                [str(port), database_url, kind], dict(os.environ), log, module="bench.bare"
            )
            wait_healthy(f"http://127.0.0.1:{port}", log)
            servers[kind] = (f"http://127.0.0.1:{port}{path}", bare[kind].pid)
        headers = {"tangkal": auth(stack.keys.leader), "same": auth(stack.keys.leader), "pk": {}}
        await _round(servers, headers, 4, 1, list(servers))  # warm-up
        points = [await _point(servers, headers, clients, seconds) for clients in CONCURRENCY]
        steady = {}
        for name in ("tangkal", "same"):
            url = servers[name][0].removesuffix(path)
            async with httpx.AsyncClient(base_url=url, timeout=30) as http:
                latencies = await _steady(http, path, headers[name], STEADY_RATE, steady_seconds)
            steady[name] = {
                "samples": len(latencies),
                "p50_ms": percentile(latencies, 50),
                "p99_ms": percentile(latencies, 99),
            }
    finally:
        for process in bare.values():
            kill_group(process)
    return {
        "load": "wrk -t1, one process of its own",
        "seconds_per_run": seconds,
        "rounds": ROUNDS,
        "points": points,
        "steady_rate_per_s": STEADY_RATE,
        "steady": steady,
    }


async def _point(
    servers: dict[str, tuple[str, int]], headers: dict[str, dict[str, str]], clients: int,
    seconds: float,
) -> dict[str, Any]:  # fmt: skip
    names = list(servers)
    rounds = []
    for n in range(ROUNDS):
        order = names[n % len(names) :] + names[: n % len(names)]
        rounds.append(await _round(servers, headers, clients, seconds, order))
    point: dict[str, Any] = {"clients": clients}
    for name in names:
        point[name] = {
            "rps": _spread([r[name][0].rps for r in rounds]),
            "p99_ms": _spread([r[name][0].p99_ms for r in rounds]),
            "requests": sum(r[name][0].requests for r in rounds),
            "cpu_us_per_request": _spread([r[name][1] for r in rounds]),
        }
    point["ratio_same"] = _spread([r["tangkal"][0].rps / r["same"][0].rps for r in rounds])
    point["ratio_pk"] = _spread([r["tangkal"][0].rps / r["pk"][0].rps for r in rounds])
    return point
