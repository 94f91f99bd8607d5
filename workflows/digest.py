"""The daily digest: started by a Temporal Schedule at the organisation's local time."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.digest_types import DigestInput, DigestRequest, DigestSummary
    from activities.types import Notice

DIGEST_RETRY = RetryPolicy(maximum_interval=timedelta(minutes=1), maximum_attempts=20)


@workflow.defn(name="DailyDigest")
class DailyDigestWorkflow:
    @workflow.run
    async def run(self, inp: DigestInput) -> DigestSummary:
        now = workflow.now()
        summary: DigestSummary = await workflow.execute_activity(
            "compose_digest",
            DigestRequest(end=now, hours=inp.hours),
            result_type=DigestSummary,
            start_to_close_timeout=timedelta(seconds=60),
            retry_policy=DIGEST_RETRY,
        )
        # One run, one notice id: a retried delivery never posts the digest twice.
        await workflow.execute_activity(
            "deliver_notice",
            Notice(
                id=f"digest:{workflow.info().workflow_id}",
                incident_id=f"digest-{summary.local_date}",
                audience="leadership",
                text=summary.text,
                at=now,
                kind="digest",
            ),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=DIGEST_RETRY,
        )
        return summary
