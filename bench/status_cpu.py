"""CPU per status request in-process: Tangkal's app and the same-work route, alternating
(`python -m bench.status_cpu [--requests N] [--rounds R]`).

The same app, incident and driver as `bench.instructions` (uvloop, no sockets), timed by
`time.process_time`, so it counts this process's CPU only; run it on a quiet machine, as
the rounds alternate to spread what the machine does between both sides.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

import uvloop

from bench.instructions import _app, _drive, prepare

TARGETS = ("tangkal", "same")


def measure(requests: int, rounds: int) -> dict[str, list[float]]:
    """µs of CPU per request, per round, for each target."""
    with tempfile.TemporaryDirectory(prefix="tangkal-status-cpu-") as directory:
        url, key, incident_id = prepare(Path(directory))
        apps = {target: _app(target, url) for target in TARGETS}
        for app in apps.values():  # warm: imports, caches, the first connection
            uvloop.run(_drive(app, key, incident_id, 50))
        gc.collect()
        gc.freeze()  # as both servers' start-up leaves their heaps
        per_request: dict[str, list[float]] = {target: [] for target in TARGETS}
        for _ in range(rounds):
            for target, app in apps.items():
                started = time.process_time()
                uvloop.run(_drive(app, key, incident_id, requests))
                per_request[target].append((time.process_time() - started) / requests * 1e6)
    return per_request


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.status_cpu", description=__doc__)
    parser.add_argument("--requests", type=int, default=5000, help="per round and target")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    found = measure(args.requests, args.rounds)
    for target, rounds in found.items():
        print(
            f"{target}: median {statistics.median(rounds):.0f} µs of CPU a request"
            f" (rounds {min(rounds):.0f}-{max(rounds):.0f}; {args.rounds} x {args.requests})"
        )
    ratio = statistics.median(found["same"]) / statistics.median(found["tangkal"])
    print(f"same-work / Tangkal: {ratio:.2f}")


if __name__ == "__main__":
    main()
