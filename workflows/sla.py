"""Stage SLAs: a deadline on entry, a reminder at 50 %, an escalation at 100 %.

`deadline` is the pure plan; `watch` only ever adds timeline events and notices: silence never
approves anything.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import IncidentRules
    from core.domain import SLA_STAGES, Audience, NoticeKind, Stage
    from workflows.state import Deadline, IncidentState


def deadline(
    rules: IncidentRules, stage: Stage, severity: str | None, now: datetime
) -> Deadline | None:
    if stage not in SLA_STAGES:
        return None
    if severity:
        minutes = rules.severities[severity].sla_minutes[stage.value]
    else:  # triage runs before the severity is known: hold it to the strictest SLA
        minutes = min(s.sla_minutes[stage.value] for s in rules.severities.values())
    return Deadline(
        started_at=now,
        sla_minutes=minutes,
        reminder_at=now + timedelta(minutes=minutes / 2),
        due_at=now + timedelta(minutes=minutes),
    )


async def watch(state: IncidentState, stage: Stage, due: Deadline) -> None:
    epoch = state.epoch
    half = (due.due_at - due.started_at) / 2
    for kind in (NoticeKind.REMINDER, NoticeKind.ESCALATION):
        try:
            await workflow.wait_condition(lambda: state.epoch != epoch, timeout=half)
            return  # the stage moved on in time
        except TimeoutError:
            pass
        when = "half-way" if kind == NoticeKind.REMINDER else f"overdue ({due.sla_minutes} min)"
        state.log(
            f"sla_{kind.value}",
            f"SLA {kind.value}: {stage.value} {when}",
            data={"stage": stage.value, "sla_minutes": due.sla_minutes},
        )
        waiting_on_approvers = stage in (Stage.APPROVAL, Stage.PUBLISHING)
        audience = Audience.APPROVAL if waiting_on_approvers else Audience.VERIFICATION
        state.notice(audience, f"SLA {kind.value} — {stage.value}: {state.claim[:120]}", kind=kind)
