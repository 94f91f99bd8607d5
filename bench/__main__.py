"""`python -m bench`: Tangkal against its baselines in one run; prints a table, writes JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from bench.cpu import child_running
from bench.machine import describe
from bench.runs import lifecycle, slack_ack
from bench.stack import process_stack
from bench.status import status_api
from bench.waiting import waiting_incidents
from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.support import BIN, WEBHOOK_SECRET

RESULTS = Path(__file__).parent / "results"


def _goals(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    life, status, ack, wait = r["lifecycle"], r["status_api"], r["slack_ack"], r["waiting"]
    at_10000 = (
        "not measured past the workflow cache"
        if wait["rss_at_10000_mib"] is None
        else f"{wait['rss_at_10000_mib']:.0f} MiB"
        + ("" if wait["waiting"] >= 10000 else " extrapolated")
    )
    return [
        (
            "lifecycle throughput (incidents/s)",
            f"{life['tangkal_per_s']:.2f} vs bare {life['bare_per_s']:.2f} = "
            f"{life['throughput_ratio']:.2f}",
            "ratio >= 0.85",
            life["throughput_ratio"] >= 0.85,
        ),
        (
            "GET /incidents/{id} (req/s)",
            f"{status['tangkal_rps']:.0f} vs bare {status['bare_rps']:.0f} = "
            f"{status['rps_ratio']:.2f}",
            "ratio >= 0.9",
            status["rps_ratio"] >= 0.9,
        ),
        (
            "GET /incidents/{id} latency",
            f"p50 {status['p50_ms']:.1f} ms, p99 {status['p99_ms']:.1f} ms",
            "p99 <= 20 ms",
            status["p99_ms"] <= 20,
        ),
        (
            "POST /decisions round trip",
            f"p50 {life['decision_p50_ms']:.0f} ms, p99 {life['decision_p99_ms']:.0f} ms vs bare "
            f"update p99 {life['bare_update_p99_ms']:.0f} ms = {life['decision_p99_ratio']:.2f}x",
            "p99 <= 1.2x bare",
            life["decision_p99_ratio"] <= 1.2,
        ),
        (
            "Slack ack (20 clicks/s, 30 s)",
            f"p50 {ack['p50_ms']:.0f} ms, p99 {ack['p99_ms']:.0f} ms, max {ack['max_ms']:.0f} ms",
            "p99 <= 300 ms, none > 3 s, all 200",
            ack["p99_ms"] <= 300 and ack["over_3s"] == 0 and ack["not_ok"] == 0,
        ),
        (
            f"worker RSS, {wait['waiting']} waiting (at 10,000)",
            f"{wait['rss_mib'][wait['waiting']]:.0f} MiB ({at_10000})",
            "<= 1024 MiB at 10,000",
            wait["rss_at_10000_mib"] is not None and wait["rss_at_10000_mib"] <= 1024,
        ),
    ]


async def main(quick: bool, waiting: int | None) -> dict[str, Any]:
    env = await WorkflowEnvironment.start_local(dev_server_existing_path=str(BIN / "temporal"))
    server_pid = child_running("start-dev")
    receiver = WebhookReceiver(secret=WEBHOOK_SECRET).start()
    fake = FakeSlack(
        token="xoxb-bench-" + uuid.uuid4().hex, channels={"C0VERIFY", "C0APPROVE", "C0ANNOUNCE"}
    ).start()
    directory = Path(tempfile.mkdtemp(prefix="tangkal-bench-"))
    results: dict[str, Any] = {"machine": describe(), "started": time.strftime("%Y-%m-%d %H:%M")}
    try:
        async with process_stack(env.client, directory, receiver.url, fake) as stack:
            phases: dict[str, Any] = {
                "lifecycle": lambda: lifecycle(stack, server_pid, 20 if quick else 40, 10),
                "status_api": lambda: status_api(
                    stack, results["lifecycle"]["sample_incident"], 16, 3 if quick else 8
                ),
                "slack_ack": lambda: slack_ack(stack, 20, 5 if quick else 30),
                "waiting": lambda: waiting_incidents(
                    stack, waiting or (200 if quick else 1500), 25
                ),
            }
            for name, phase in phases.items():
                began = time.perf_counter()
                results[name] = await phase()
                results[name]["phase_seconds"] = round(time.perf_counter() - began, 1)
                print(f"{name}: {results[name]['phase_seconds']} s", file=sys.stderr)
    finally:
        fake.stop()
        receiver.stop()
        await env.shutdown()
    results["goals"] = [
        {"measure": m, "figure": f, "goal": g, "met": ok} for m, f, g, ok in _goals(results)
    ]
    return results


def table(results: dict[str, Any]) -> str:
    rows = [("measure", "figure", "goal", "met")] + [
        (g["measure"], g["figure"], g["goal"], "yes" if g["met"] else "NO")
        for g in results["goals"]
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    arguments.add_argument("--quick", action="store_true", help="a smaller run, for development")
    arguments.add_argument("--waiting", type=int, help="incidents left waiting (default 1500)")
    options = arguments.parse_args()
    figures = asyncio.run(main(options.quick, options.waiting))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(figures, indent=2, default=str))
    print(json.dumps(figures["machine"], indent=2))
    print(table(figures))
    print(f"written to {RESULTS / 'latest.json'}")
