"""Stage SLAs: a deadline on entry, a reminder at 50 %, an escalation at 100 %.

The watcher only ever adds timeline events and notices: silence never approves anything.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.types import IncidentRules
    from core.domain import SLA_STAGES, Stage
    from workflows.legacy.record import IncidentRecord


def start_sla(
    record: IncidentRecord, rules: IncidentRules, stage: Stage
) -> asyncio.Task[None] | None:
    if stage not in SLA_STAGES:
        return None
    if record.snapshot.severity:
        minutes = rules.severities[record.snapshot.severity].sla_minutes[stage.value]
    else:  # triage runs before the severity is known: hold it to the strictest SLA
        minutes = min(s.sla_minutes[stage.value] for s in rules.severities.values())
    now = workflow.now()
    record.snapshot.deadlines[stage.value] = {
        "started_at": now.isoformat(),
        "sla_minutes": minutes,
        "reminder_at": (now + timedelta(minutes=minutes / 2)).isoformat(),
        "due_at": (now + timedelta(minutes=minutes)).isoformat(),
    }
    return asyncio.create_task(_watch(record, stage, record.epoch, minutes))


async def _watch(record: IncidentRecord, stage: Stage, epoch: int, minutes: int) -> None:
    half = timedelta(minutes=minutes / 2)
    for step in ("reminder", "escalation"):
        try:
            await workflow.wait_condition(lambda: record.epoch != epoch, timeout=half)
            return  # the stage moved on in time
        except TimeoutError:
            pass
        when = "half-way" if step == "reminder" else f"overdue ({minutes} min)"
        record.event(
            f"sla_{step}",
            f"SLA {step}: {stage.value} {when}",
            data={"stage": stage.value, "sla_minutes": minutes},
        )
        audience = "approval" if stage in (Stage.APPROVAL, Stage.PUBLISHING) else "verification"
        record.notice(
            audience, f"SLA {step} — {stage.value}: {record.snapshot.claim[:120]}", kind=step
        )
        await record.persist()
