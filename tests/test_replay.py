"""Recorded histories must replay on the current workflow code; a breaking change must not."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.workflow import NondeterminismError

from workflows.legacy.incident import LegacyIncidentWorkflow
from workflows.types import IncidentInput

HISTORIES = Path(__file__).parent / "histories"
HISTORY = HISTORIES / "incident_published.json"


def _history() -> WorkflowHistory:
    return WorkflowHistory.from_json("TK-REPLAY0001", HISTORY.read_text())


@pytest.mark.parametrize(
    ("workflow_id", "name"),
    [
        ("TK-REPLAY0001", "incident_published.json"),  # tests/make_history.py
        # embargo, correction, retraction: tests/make_follow_up_history.py
        ("TK-REPLAY0002", "incident_corrected_retracted.json"),
    ],
)
async def test_recorded_incident_replays_on_current_code(workflow_id: str, name: str) -> None:
    history = WorkflowHistory.from_json(workflow_id, (HISTORIES / name).read_text())
    result = await Replayer(workflows=[LegacyIncidentWorkflow]).replay_workflow(history)
    assert result.replay_failure is None


@workflow.defn(name="IncidentWorkflow")
class TriageSkippedWorkflow(LegacyIncidentWorkflow):
    """A careless edit: someone drops the triage step without a patch."""

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        await self.record.persist()
        await workflow.execute_activity("load_rules", start_to_close_timeout=timedelta(seconds=5))
        await workflow.execute_activity(
            "compose_draft", start_to_close_timeout=timedelta(seconds=5)
        )
        return "published"


async def test_a_non_deterministic_change_fails_replay() -> None:
    replayer = Replayer(workflows=[TriageSkippedWorkflow])
    with pytest.raises(NondeterminismError):
        await replayer.replay_workflow(_history())
