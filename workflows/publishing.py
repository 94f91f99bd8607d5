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
    from activities import contract
    from activities.types import ChannelRules, IncidentRules, PublicationResult, PublishRequest
    from core.domain import Audience, NoticeKind, publication_key
    from workflows.state import IncidentState

PUBLISH_TIMEOUT = timedelta(seconds=30)
# The publisher heartbeats during its HTTP call: a killed worker is noticed after this.
PUBLISH_HEARTBEAT = timedelta(seconds=5)


async def publish_approved(
    state: IncidentState, rules: IncidentRules, embargo_ended: Callable[[], None]
) -> None:
    """Returns once every required channel has published (or the incident was closed)."""
    if state.publish_at is not None:
        await _wait_for_embargo(state)
        if state.closed:  # called off during the embargo: nothing goes out
            return
        embargo_ended()
    draft = state.draft
    assert draft is not None
    while True:
        only = state.retry_taken() if state.retry_requested else None
        for channel in rules.channels:
            done = state.publications.get(channel.name)
            if done and done.status == "published" and done.draft_version == draft.version:
                continue
            if only and channel.name != only:
                continue
            state.published(await _publish_one(state, channel, draft.version))
            if state.closed:
                return
        failed = [
            c.name
            for c in rules.channels
            if c.required and state.publications[c.name].status != "published"
        ]
        if not failed:
            state.attended()
            return
        state.attention("Required channels failed: ", failed)
        state.notice(
            Audience.APPROVAL,
            f"Publikasi gagal ({', '.join(failed)}): {state.id}",
            kind=NoticeKind.ESCALATION,
        )
        await workflow.wait_condition(lambda: state.closed or state.retry_requested)
        if state.closed:
            return


async def retry_one_channel(state: IncidentState, rules: IncidentRules) -> None:
    """An admin's retry of one failed optional channel after publication went ahead."""
    name = state.retry_taken()
    channel = next(c for c in rules.channels if c.name == name)
    draft = state.draft
    assert draft is not None
    state.published(await _publish_one(state, channel, draft.version))


async def retract_published(state: IncidentState, rules: IncidentRules, reason: str) -> None:
    """Withdraws what every channel shows; a channel that cannot is named on the timeline."""
    for channel in rules.channels:
        if channel.name in state.live:
            version = state.live[channel.name].draft_version
            state.published(await _publish_one(state, channel, version, "retraction", reason))


async def _wait_for_embargo(state: IncidentState) -> None:
    def moved(until: datetime) -> Callable[[], bool]:
        return lambda: state.closed or state.publish_at != until

    while not state.closed and state.publish_at is not None:
        until = state.publish_at
        remaining = until - workflow.now()
        if remaining <= timedelta(0):
            break
        try:  # a durable timer; a changed or lifted embargo or a cancel wakes it early
            await workflow.wait_condition(moved(until), timeout=remaining)
        except TimeoutError:
            break


async def _publish_one(
    state: IncidentState,
    channel: ChannelRules,
    version: int,
    operation: str = "",
    reason: str = "",
) -> PublicationResult:
    draft = state.drafts[version - 1]
    earlier = state.live.get(channel.name)
    if not operation:
        operation = "correction" if earlier and earlier.draft_version < version else "publication"
    verdict = state.verification.verdict.value if state.verification else ""
    request = PublishRequest(
        incident_id=state.id,
        channel=channel.name,
        draft_version=draft.version,
        draft_hash=draft.hash,
        title=draft.title,
        body=draft.body,
        language=draft.language,
        verdict=verdict,
        claim=state.claim,
        operation=operation,
        reason=reason or (state.correction_reason if operation == "correction" else ""),
        previous_external_id=earlier.external_id if earlier else None,
        previous_version=earlier.draft_version if earlier else None,
        previous_url=earlier.url if earlier else None,
        source_urls=list(state.report.source_urls),
        media_type=state.report.media_type,
    )
    try:
        return await workflow.execute_activity(
            contract.publish_to_channel,
            request,
            start_to_close_timeout=PUBLISH_TIMEOUT,
            heartbeat_timeout=PUBLISH_HEARTBEAT,
            retry_policy=RetryPolicy(
                initial_interval=timedelta(seconds=2),
                maximum_interval=timedelta(seconds=60),
                maximum_attempts=channel.max_attempts,
            ),
        )
    except ActivityError as exc:
        cause = exc.cause.message if isinstance(exc.cause, ApplicationError) else str(exc)
        return PublicationResult(
            channel=channel.name,
            idempotency_key=publication_key(state.id, version, channel.name, operation),
            draft_version=version,
            status="failed",
            error=cause,
            attempts=channel.max_attempts,
            operation=operation,
        )
