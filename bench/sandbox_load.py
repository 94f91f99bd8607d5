"""CPU to load one workflow into the sandbox, as a worker does for every incident it takes up.

    .venv/bin/python -m bench.sandbox_load [--samples N]

Run it twice to see both cases: as the environment has it, and with a bytecode cache
(`env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=/tmp/pyc python -m bench.sandbox_load`,
the second such run reads the cache the first wrote). See `bench/bytecode.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner
from temporalio.workflow import _Definition

from bench.bare_workflow import BareWorkflow
from workflows.incident import IncidentWorkflow


async def measure(samples: int) -> None:
    runner = SandboxedWorkflowRunner()
    print(f"bytecode cached: {not sys.dont_write_bytecode}; {samples} loads each")
    for name, cls in (("Incident", IncidentWorkflow), ("BareWorkflow", BareWorkflow)):
        definition = _Definition.must_from_class(cls)
        runner.prepare_workflow(definition)  # the first load imports what is passed through
        costs = []
        for _ in range(samples):
            started = time.process_time()
            runner.prepare_workflow(definition)  # a sandbox instance, as for a new incident
            costs.append((time.process_time() - started) * 1000)
        costs.sort()
        print(
            f"{name:>12}: median {statistics.median(costs):.1f} ms of CPU per load"
            f" (range {costs[0]:.1f}-{costs[-1]:.1f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    asyncio.run(measure(parser.parse_args().samples))


if __name__ == "__main__":
    main()
