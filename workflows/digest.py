"""The daily digest: started by a Temporal Schedule at the organisation's local time."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities import contract
    from activities.digest_types import DigestInput, DigestRequest, DigestSummary
    from activities.types import Notice
    from core.domain import Audience, NoticeKind

DIGEST_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1), maximum_attempts=20)


@workflow.defn(name="DailyDigest")
class DailyDigestWorkflow:
    @workflow.run
    async def run(self, inp: DigestInput) -> DigestSummary:
        now = workflow.now()
        summary = await workflow.execute_activity(
            contract.compose_digest,
            DigestRequest(end=now, hours=inp.hours),
            start_to_close_timeout=timedelta(seconds=60),
            retry_policy=DIGEST_RETRY,
        )
        # One run, one notice id: a retried delivery never posts the digest twice.
        await workflow.execute_activity(
            contract.deliver_notice,
            Notice(
                id=f"digest:{workflow.info().workflow_id}",
                incident_id=f"digest-{summary.local_date}",
                audience=Audience.LEADERSHIP,
                text=summary.text,
                at=now,
                kind=NoticeKind.DIGEST,
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=DIGEST_RETRY,
        )
        return summary
