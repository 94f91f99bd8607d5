"""The publishing stage: every configured channel, exactly once per approved draft version.

A required channel that keeps failing flags the incident for human attention and waits for an
admin's retry (or a cancel): the approved text is never dropped.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.types import ChannelRules, IncidentRules, PublicationResult, PublishRequest
    from workflows.record import IncidentRecord

PUBLISH_TIMEOUT = timedelta(seconds=30)
# The publisher heartbeats during its HTTP call: a killed worker is noticed after this.
PUBLISH_HEARTBEAT = timedelta(seconds=5)


async def publish_approved(record: IncidentRecord, rules: IncidentRules) -> None:
    """Returns once every required channel has published (or the incident was closed)."""
    draft = record.draft
    assert draft is not None
    while True:
        for channel in rules.channels:
            done = record.publications.get(channel.name)
            if done and done.status == "published" and done.draft_version == draft.version:
                continue
            result = await _publish_one(record, channel, draft.version)
            record.add_publication(result)
            ok = result.status == "published"
            outcome = (result.url or "published") if ok else (result.error or "failed")
            record.event(
                "publication_" + ("succeeded" if ok else "failed"),
                f"{channel.name}: {outcome}",
                data={
                    "channel": channel.name,
                    "url": result.url,
                    "external_id": result.external_id,
                    "error": result.error,
                    "idempotency_key": result.idempotency_key,
                },
            )
            await record.persist()
            if record.closed:
                return
        failed = [
            c.name
            for c in rules.channels
            if c.required and record.publications[c.name].status != "published"
        ]
        if not failed:
            record.snapshot.needs_attention = False
            return
        record.snapshot.needs_attention = True
        record.event(
            "needs_attention",
            "Required channels failed: " + ", ".join(failed),
            data={"channels": failed},
        )
        record.notice(
            "approval", f"Publikasi gagal ({', '.join(failed)}): {record.id}", kind="escalation"
        )
        await record.persist()
        await workflow.wait_condition(lambda: record.closed or record.retry_requested)
        if record.closed:
            return
        record.retry_requested = False


async def _publish_one(
    record: IncidentRecord, channel: ChannelRules, version: int
) -> PublicationResult:
    draft = record.drafts[version - 1]
    request = PublishRequest(
        incident_id=record.id,
        channel=channel.name,
        draft_version=draft.version,
        draft_hash=draft.hash,
        title=draft.title,
        body=draft.body,
        language=draft.language,
        verdict=str(record.snapshot.verdict),
        claim=record.snapshot.claim,
    )
    try:
        result: PublicationResult = await workflow.execute_activity(
            "publish_to_channel",
            request,
            start_to_close_timeout=PUBLISH_TIMEOUT,
            heartbeat_timeout=PUBLISH_HEARTBEAT,
            result_type=PublicationResult,
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=2),
                maximum_interval=timedelta(seconds=60),
                maximum_attempts=channel.max_attempts,
            ),
        )
        return result
    except ActivityError as exc:
        cause = exc.cause.message if isinstance(exc.cause, ApplicationError) else str(exc)
        return PublicationResult(
            channel=channel.name,
            idempotency_key=f"{record.id}:v{version}:{channel.name}",
            draft_version=version,
            status="failed",
            error=cause,
            attempts=channel.max_attempts,
        )
