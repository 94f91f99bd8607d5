"""The payload sizes of one incident's history, for the same-payloads bare workflow."""

from __future__ import annotations

from temporalio.client import WorkflowHistory

from bench.bare_workflow import PayloadInput


def _size(payloads: object) -> int:
    return sum(len(p.data) for p in getattr(payloads, "payloads", []))


def payload_input(history: WorkflowHistory) -> PayloadInput:
    """Each activity's input and result, each update's argument and answer, and the start
    input of `history`, as `PayloadInput` sizes (the padding's own JSON quotes aside)."""
    start, steps, updates = 0, [], []
    results: dict[int, int] = {}
    answers: dict[str, int] = {}
    for event in history.events:
        if event.HasField("activity_task_completed_event_attributes"):
            done = event.activity_task_completed_event_attributes
            results[done.scheduled_event_id] = _size(done.result)
        elif event.HasField("workflow_execution_update_completed_event_attributes"):
            done_update = event.workflow_execution_update_completed_event_attributes
            answers[done_update.meta.update_id] = _size(done_update.outcome.success)
    for event in history.events:
        if event.HasField("workflow_execution_started_event_attributes"):
            start = _size(event.workflow_execution_started_event_attributes.input)
        elif event.HasField("activity_task_scheduled_event_attributes"):
            given = _size(event.activity_task_scheduled_event_attributes.input)
            steps.append([max(0, given - 2), max(0, results.get(event.event_id, 0) - 2)])
        elif event.HasField("workflow_execution_update_accepted_event_attributes"):
            accepted = event.workflow_execution_update_accepted_event_attributes
            request = accepted.accepted_request
            argument = _size(request.input.args)
            answer = answers.get(request.meta.update_id, 0)
            updates.append([max(0, argument - 2), max(0, answer - 2)])
    return PayloadInput("x" * max(0, start - 2), steps, updates)
