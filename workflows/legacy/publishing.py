"""The publishing stage: every configured channel, exactly once per approved draft version.

A channel that already shows an earlier version gets a correction instead of a second post.
A required channel that keeps failing flags the incident for human attention and waits for an
admin's retry (or a cancel): the approved text is never dropped. An embargo holds it all back
until its time, on a durable timer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.types import ChannelRules, IncidentRules, PublicationResult, PublishRequest
    from core.domain import Stage
    from workflows.legacy.record import IncidentRecord
    from workflows.legacy.sla import start_sla

PUBLISH_TIMEOUT = timedelta(seconds=30)
# The publisher heartbeats during its HTTP call: a killed worker is noticed after this.
PUBLISH_HEARTBEAT = timedelta(seconds=5)


async def publish_approved(record: IncidentRecord, rules: IncidentRules) -> None:
    """Returns once every required channel has published (or the incident was closed)."""
    if record.snapshot.publish_at is not None:
        await _wait_for_embargo(record, rules)
        if record.closed:  # called off during the embargo: nothing goes out
            return
    draft = record.draft
    assert draft is not None
    while True:
        for channel in rules.channels:
            done = record.publications.get(channel.name)
            if done and done.status == "published" and done.draft_version == draft.version:
                continue
            if record.retry_only and channel.name != record.retry_only:
                continue
            result = await _publish_one(record, channel, draft.version)
            record.add_publication(result)
            _report(record, result)
            await record.persist()
            if record.closed:
                return
        record.retry_only = None
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


async def retry_one_channel(record: IncidentRecord, rules: IncidentRules) -> None:
    """An admin's retry of one failed optional channel after publication went ahead."""
    record.retry_requested = False
    name, record.retry_only = record.retry_only, None
    channel = next(c for c in rules.channels if c.name == name)
    draft = record.draft
    assert draft is not None
    result = await _publish_one(record, channel, draft.version)
    record.add_publication(result)
    _report(record, result)
    await record.persist()


async def retract_published(record: IncidentRecord, rules: IncidentRules, reason: str) -> None:
    """Withdraws what every channel shows; a channel that cannot is named on the timeline."""
    for channel in rules.channels:
        if channel.name in record.live:
            draft = record.drafts[record.live[channel.name].draft_version - 1]
            result = await _publish_one(record, channel, draft.version, "retraction", reason)
            record.add_publication(result)
            _report(record, result)
            await record.persist()


async def _wait_for_embargo(record: IncidentRecord, rules: IncidentRules) -> None:
    def moved(until: datetime) -> Callable[[], bool]:
        return lambda: record.closed or record.snapshot.publish_at != until

    while not record.closed and record.snapshot.publish_at is not None:
        until = record.snapshot.publish_at
        remaining = until - workflow.now()
        if remaining <= timedelta(0):
            break
        try:  # a durable timer; a changed or lifted embargo or a cancel wakes it early
            await workflow.wait_condition(moved(until), timeout=remaining)
        except TimeoutError:
            break
    if record.closed:
        return
    record.embargo_over = True
    record.event("embargo_ended", "Embargo over: publishing now")
    # The publishing SLA runs from now: the embargo's wait is nobody's delay.
    start_sla(record, rules, Stage.PUBLISHING)
    await record.persist()


def _report(record: IncidentRecord, result: PublicationResult) -> None:
    ok = result.status in ("published", "retracted")
    outcome = (result.url or result.status) if ok else (result.error or "failed")
    record.event(
        f"{result.operation}_" + ("succeeded" if ok else "failed"),
        f"{result.channel}: {outcome}",
        data={
            "channel": result.channel,
            "operation": result.operation,
            "draft_version": result.draft_version,
            "url": result.url,
            "external_id": result.external_id,
            "error": result.error,
            "idempotency_key": result.idempotency_key,
        },
    )


async def _publish_one(
    record: IncidentRecord,
    channel: ChannelRules,
    version: int,
    operation: str = "",
    reason: str = "",
) -> PublicationResult:
    draft = record.drafts[version - 1]
    earlier = record.live.get(channel.name)
    if not operation:
        operation = "correction" if earlier and earlier.draft_version < version else "publication"
    report = record.snapshot.report
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
        operation=operation,
        reason=reason or (record.correction_reason if operation == "correction" else ""),
        previous_external_id=earlier.external_id if earlier else None,
        previous_version=earlier.draft_version if earlier else None,
        previous_url=earlier.url if earlier else None,
        source_urls=list(report.source_urls),
        media_type=report.media_type,
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
        suffix = ":retraction" if operation == "retraction" else ""
        return PublicationResult(
            channel=channel.name,
            idempotency_key=f"{record.id}:v{version}:{channel.name}{suffix}",
            draft_version=version,
            status="failed",
            error=cause,
            attempts=channel.max_attempts,
            operation=operation,
        )
