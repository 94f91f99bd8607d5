"""The notice pump: delivers an incident's notices one at a time, in order, off the main path.

A slow or rate-limited Slack never holds up the lifecycle; a Slack that refuses for good is
recorded on the timeline and flagged, and the incident carries on (decisions via the API).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from workflows.legacy.record import IncidentRecord

DELIVERY_TIMEOUT = timedelta(seconds=30)
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(seconds=60),
    maximum_attempts=10,
)


async def pump_notices(record: IncidentRecord, finished: Callable[[], bool]) -> None:
    while True:
        await workflow.wait_condition(lambda: bool(record.outbox) or finished())
        if not record.outbox:
            return
        notice = record.outbox[0]
        try:
            await workflow.execute_activity(
                "deliver_notice",
                notice,
                start_to_close_timeout=DELIVERY_TIMEOUT,
                retry_policy=DELIVERY_RETRY,
            )
        except ActivityError as exc:
            cause = exc.cause
            reason = cause.message if isinstance(cause, ApplicationError) else "delivery failed"
            record.snapshot.notification_error = reason
            record.event(
                "notification_failed",
                f"Notification not delivered: {reason}",
                data={"notice": notice.id, "kind": notice.kind, "error": reason},
            )
            await record.persist()
        record.outbox.pop(0)
