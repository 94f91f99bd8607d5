"""Recorded histories must replay on the current workflow code; a breaking change must not."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from temporalio import workflow
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.workflow import NondeterminismError

from workflows.incident import IncidentWorkflow
from workflows.legacy.incident import LegacyIncidentWorkflow
from workflows.types import IncidentInput

HISTORIES = Path(__file__).parent / "histories"


@pytest.mark.parametrize(
    ("workflow_id", "name", "workflow_class"),
    [
        # Incidents started before issue 19 run on the frozen workflow (workflows/legacy).
        ("TK-REPLAY0001", "incident_published.json", LegacyIncidentWorkflow),
        # embargo, correction, retraction: tests/make_follow_up_history.py
        ("TK-REPLAY0002", "incident_corrected_retracted.json", LegacyIncidentWorkflow),
        # a Slack verdict, SLA timers, a duplicate linked: tests/make_incident_history.py,
        # recorded on the first release of the `Incident` type, on the release that rewrote
        # cards as shown (before the card listed joined reports), each replaying on the paths
        # that `workflow.patched` keeps for it, and on today's code.
        ("TK-REPLAY0003", "incident_slack_sla_duplicate.released.json", IncidentWorkflow),
        ("TK-REPLAY0003", "incident_slack_sla_duplicate.cards-as-shown.json", IncidentWorkflow),
        ("TK-REPLAY0003", "incident_slack_sla_duplicate.json", IncidentWorkflow),
    ],
)
async def test_recorded_incident_replays_on_current_code(
    workflow_id: str, name: str, workflow_class: type
) -> None:
    history = WorkflowHistory.from_json(workflow_id, (HISTORIES / name).read_text())
    result = await Replayer(workflows=[workflow_class]).replay_workflow(history)
    assert result.replay_failure is None


@workflow.defn(name="Incident")
class TriageSkippedWorkflow(IncidentWorkflow):
    """A careless edit: someone drops the triage step without a patch."""

    @workflow.run
    async def run(self, inp: IncidentInput) -> str:
        await workflow.execute_activity("load_rules", start_to_close_timeout=timedelta(seconds=5))
        await workflow.execute_activity(
            "compose_draft", start_to_close_timeout=timedelta(seconds=5)
        )
        return "published"


async def test_a_non_deterministic_change_fails_replay() -> None:
    history = WorkflowHistory.from_json(
        "TK-REPLAY0003", (HISTORIES / "incident_slack_sla_duplicate.json").read_text()
    )
    with pytest.raises(NondeterminismError):
        await Replayer(workflows=[TriageSkippedWorkflow]).replay_workflow(history)
