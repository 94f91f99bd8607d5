"""The baseline workflow: the same number of activities and updates as an incident, no logic.

Its own module, free of web and database imports, because the workflow sandbox loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow


@dataclass
class BareInput:
    activities: int
    updates: int


@activity.defn(name="bare_step")
def bare_step(n: int) -> int:
    return n


@workflow.defn(name="BareWorkflow")
class BareWorkflow:
    def __init__(self) -> None:
        self.received = 0

    @workflow.run
    async def run(self, inp: BareInput) -> int:
        # The activities are spread over the waits for updates, as in an incident's lifecycle.
        segments = inp.updates + 1
        done = 0
        for segment in range(segments):
            share = inp.activities // segments + (1 if segment < inp.activities % segments else 0)
            for _ in range(share):
                done += await workflow.execute_activity(
                    bare_step, 1, start_to_close_timeout=timedelta(seconds=30)
                )
            if segment < inp.updates:
                await workflow.wait_condition(self._received_more_than(segment))
        return done

    def _received_more_than(self, count: int) -> Callable[[], bool]:
        return lambda: self.received > count

    @workflow.update
    async def step(self, n: int) -> int:
        self.received += 1
        return n


@dataclass
class PayloadInput:
    """The bare workflow carrying an incident's payload sizes (`bench.payload_sizes`): its
    start input, each activity's input and result in order, each update's argument and
    answer, as text of those lengths."""

    padding: str
    steps: list[list[int]]  # [input bytes, result bytes] per activity
    updates: list[list[int]]  # [argument bytes, answer bytes] per update


@activity.defn(name="bare_payload_step")
def bare_payload_step(blob: str, result_bytes: int) -> str:
    return "x" * result_bytes


@workflow.defn(name="BarePayloadWorkflow")
class BarePayloadWorkflow:
    """`BareWorkflow`'s round trips with Tangkal's payload sizes: what our payloads cost
    Temporal and the SDK, without our code."""

    def __init__(self) -> None:
        self.received = 0
        self.answers: list[int] = []

    @workflow.run
    async def run(self, inp: PayloadInput) -> int:
        self.answers = [answer for _, answer in inp.updates]
        segments = len(inp.updates) + 1
        steps = iter(inp.steps)
        for segment in range(segments):
            share = len(inp.steps) // segments + (1 if segment < len(inp.steps) % segments else 0)
            for _ in range(share):
                given, result = next(steps)
                await workflow.execute_activity(
                    bare_payload_step,
                    args=["x" * given, result],
                    start_to_close_timeout=timedelta(seconds=30),
                )
            if segment < len(inp.updates):
                await workflow.wait_condition(self._received_more_than(segment))
        return len(inp.steps)

    def _received_more_than(self, count: int) -> Callable[[], bool]:
        return lambda: self.received > count

    @workflow.update
    async def step(self, blob: str) -> str:
        answer = self.answers[self.received] if self.received < len(self.answers) else 0
        self.received += 1
        return "x" * answer


@dataclass
class RoundTripsInput:
    updates: int
    after: int  # no-op activities once the last update is in, as a publication after approval


@workflow.defn(name="BareRoundTripsWorkflow")
class BareRoundTripsWorkflow:
    """An approval's round trips without our code (issue 17's decisions phase): each update
    answers only after one no-op activity, as an approval answers once its read-model write is
    done, and the last sets off `after` no-op activities, one at a time, as an approval sets off
    the incident's publication."""

    def __init__(self) -> None:
        self.received = 0

    @workflow.run
    async def run(self, inp: RoundTripsInput) -> int:
        await workflow.wait_condition(lambda: self.received >= inp.updates)
        done = 0
        for _ in range(inp.after):
            done += await workflow.execute_activity(
                bare_step, 1, start_to_close_timeout=timedelta(seconds=30)
            )
        return done

    @workflow.update
    async def step(self, n: int) -> int:
        # Counted before the wait, so what follows the last update starts in the same workflow
        # task as the activity its answer waits for, as publication starts beside the write.
        self.received += 1
        return await workflow.execute_activity(
            bare_step, n, start_to_close_timeout=timedelta(seconds=30)
        )
