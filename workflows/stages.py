"""What each stage does beyond the state: the activities it calls and the time it waits for.

Triage, the first draft, publishing (every configured channel exactly once per approved draft
version; a channel that shows an earlier version gets a correction; a required channel that
keeps failing asks an admin and waits, so the approved text is never dropped; an embargo holds
it all back on a durable timer), monitoring, retraction, and the SLA watcher.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities import contract
    from activities.types import (
        ChannelRules,
        ComposedDraft,
        ComposeRequest,
        IncidentRules,
        PublicationResult,
        PublishRequest,
        TriageRequest,
    )
    from core.domain import SYSTEM, Actor, Audience, NoticeKind, Resolution, Stage, publication_key
    from core.drafting import draft_hash
    from core.words import notices
    from workflows.state import IncidentState
    from workflows.types import DuplicateReport

STEP_TIMEOUT = timedelta(seconds=30)
PUBLISH_TIMEOUT = timedelta(seconds=30)
# The publisher heartbeats during its HTTP call: a killed worker is noticed after this.
PUBLISH_HEARTBEAT = timedelta(seconds=5)


def rules_of(state: IncidentState) -> IncidentRules:
    assert state.rules is not None, "rules load before any stage"
    return state.rules


def _triage_request(state: IncidentState) -> TriageRequest:
    report = state.report
    return TriageRequest(
        state.id,
        report.claim,
        report.reach,
        report.media_type,
        report.source_urls,
        report.growth_per_hour,
        report.split_from,
    )


async def triage(state: IncidentState) -> None:
    state.enter(Stage.TRIAGE)
    result = await workflow.execute_activity(
        contract.triage_incident,
        _triage_request(state),
        start_to_close_timeout=STEP_TIMEOUT,
    )
    if state.closed:
        return
    state.triaged(result)
    if result.duplicate_of:
        await _link_duplicate(state, result.duplicate_of, result.duplicate_similarity)
        return
    state.enter(Stage.VERIFICATION)
    if (match := result.archive_match) is not None:  # the card shows the rest
        lang = state.language
        looks_like = notices.LOOKS_LIKE.in_(lang, title=match.title, url=match.url or "")
        text = notices.verification_needed(result.severity, state.claim, lang)
        state.notice(Audience.VERIFICATION, f"{text}\n{looks_like}".rstrip())


async def rescore_with_media(state: IncidentState, media_id: str) -> None:
    """Media added: once triaged, the incident is scored again with every file it has (a
    repeated signal for the same file changes nothing)."""
    if media_id in state.media_seen:
        return
    state.media_seen.add(media_id)
    await workflow.wait_condition(lambda: state.closed or state.triage is not None)
    if state.closed or state.duplicate_of:
        return
    result = await workflow.execute_activity(
        contract.rescore_with_media,
        _triage_request(state),
        start_to_close_timeout=STEP_TIMEOUT,
    )
    if not state.closed:
        state.rescored(result, media_id)


async def _link_duplicate(state: IncidentState, original: str, similarity: float) -> None:
    report = DuplicateReport(state.id, state.claim, similarity)
    try:  # the `link_duplicate` signal of IncidentWorkflow (either type has it)
        await workflow.get_external_workflow_handle(original).signal("link_duplicate", report)
    except Exception as exc:  # the original closed meanwhile: the link stays on this side
        workflow.logger.warning("could not link %s to %s: %s", state.id, original, exc)
    state.duplicate(original, similarity)


async def first_draft(state: IncidentState) -> None:
    """Once verified: the klarifikasi composed from the templates (for a recycled hoax, with
    the archived one's explanation and link beside the new narasi); then approval."""
    await workflow.wait_condition(lambda: state.closed or state.stage == Stage.DRAFTING)
    if state.closed:
        return
    language = "en" if state.report.language == "en" else rules_of(state).language
    text = await compose(state, language)
    if state.closed or state.draft is not None:
        return
    state.add_draft(
        text.title,
        text.body,
        text.language,
        composer(state),
        draft_hash(text.title, text.body, text.language),
        composed=True,
    )
    state.enter(Stage.APPROVAL)  # the approval card follows from the state change


async def compose(state: IncidentState, language: str) -> ComposedDraft:
    verification = state.verification
    return await workflow.execute_activity(
        contract.compose_draft,
        ComposeRequest(
            incident_id=state.id,
            claim=state.claim,
            platform=state.report.platform,
            reported_at=state.reported_at,
            verdict=verification.verdict.value if verification else "",
            summary=verification.summary if verification else "",
            evidence_urls=verification.evidence_urls if verification else [],
            authority=verification.authority if verification else "",
            language=language,
            first_seen_at=state.report.first_seen_at,
            recycles=state.archived,
        ),
        start_to_close_timeout=STEP_TIMEOUT,
    )


def composer(state: IncidentState) -> Actor:
    """Who authors a composed draft: the verifier whose verdict and summary it carries, so
    they cannot also approve it."""
    return state.verification.by if state.verification else SYSTEM


async def monitor(state: IncidentState) -> None:
    """Closes as published after the window, unless a correction or retraction came.

    An admin may retry a failed optional channel meanwhile; the window keeps its end.
    """
    minutes = rules_of(state).severities[state.severity or "critical"].monitoring_minutes
    if minutes:
        ends = workflow.now() + timedelta(minutes=minutes)
        while (remaining := ends - workflow.now()) > timedelta(0):
            try:
                await workflow.wait_condition(
                    lambda: (
                        state.closed
                        or state.stage != Stage.MONITORING
                        or state.retraction is not None
                        or state.retry_requested
                    ),
                    timeout=remaining,
                )
            except TimeoutError:
                break
            if not state.retry_requested or state.closed or state.retraction:
                return
            await retry_one_channel(state)
    if not state.closed and state.retraction is None:
        state.close(Resolution.PUBLISHED)


async def retract(state: IncidentState, actor: Actor, reason: str) -> None:
    """Withdraws what every channel shows. Closed as retracted only once every channel
    confirmed it: one that cannot is named, escalated and waits for an admin's retry."""
    flagged = False
    while True:
        only = state.retry_taken() if state.retry_requested else None
        for channel in rules_of(state).channels:
            if channel.name in state.live and (only is None or channel.name == only):
                version = state.live[channel.name].draft_version
                state.published(await _publish_one(state, channel, version, "retraction", reason))
        if not (left := sorted(state.live)):
            break
        text = notices.RETRACTION_FAILED.in_(state.language, channels=", ".join(left), id=state.id)
        state.attention("retraction", left, text)
        flagged = True
        await workflow.wait_condition(lambda: state.closed or state.retry_requested)
        if state.closed:
            return
    if flagged:
        state.attended()
    state.close(Resolution.RETRACTED, actor=actor, reason=reason)


async def watch_deadlines(state: IncidentState) -> None:
    """Reminds half-way through a stage's SLA and escalates when it is due, until the stage
    moves on (the clock moves); only ever adds timeline entries and notices."""
    while not state.closed:
        moved = _clock_moved(state)
        if state.clock is not None:
            stage, due = state.clock
            steps = ((NoticeKind.REMINDER, due.reminder_at), (NoticeKind.ESCALATION, due.due_at))
            for kind, at in steps:
                try:
                    timeout = max(at - workflow.now(), timedelta(seconds=1))
                    await workflow.wait_condition(moved, timeout=timeout)
                    break  # the stage moved on in time
                except TimeoutError:
                    state.overdue(kind, stage, due)
        if not moved():
            await workflow.wait_condition(moved)


def _clock_moved(state: IncidentState) -> Callable[[], bool]:
    epoch = state.epoch
    return lambda: state.epoch != epoch


async def publish_approved(state: IncidentState) -> None:
    """Returns once every required channel has published (or the incident was closed)."""
    rules = rules_of(state)
    if state.publish_at is not None:
        await _wait_for_embargo(state)
        if state.closed:  # called off during the embargo: nothing goes out
            return
        state.embargo_ended()
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
        waiting = [name for name in failed if state.publications[name].status == "pending"]
        if waiting == failed:  # held for the web editor: an admin retries once it is public
            text = notices.WAITING_FOR_EDITOR.in_(
                state.language, channels=", ".join(failed), id=state.id
            )
            state.attention("publication", failed, text, waiting=True)
        else:
            text = notices.PUBLICATION_FAILED.in_(
                state.language, channels=", ".join(failed), id=state.id
            )
            state.attention("publication", failed, text)
        await workflow.wait_condition(lambda: state.closed or state.retry_requested)
        if state.closed:
            return


async def retry_one_channel(state: IncidentState) -> None:
    """An admin's retry of one failed optional channel after publication went ahead."""
    name = state.retry_taken()
    channel = next(c for c in rules_of(state).channels if c.name == name)
    draft = state.draft
    assert draft is not None
    state.published(await _publish_one(state, channel, draft.version))


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
    request = PublishRequest(
        incident_id=state.id,
        channel=channel.name,
        draft_version=draft.version,
        draft_hash=draft.hash,
        operation=operation,
        reason=reason or (state.correction_reason if operation == "correction" else ""),
        previous_external_id=earlier.external_id if earlier else None,
        previous_version=earlier.draft_version if earlier else None,
        previous_url=earlier.url if earlier else None,
        media_authenticity=state.verification.media_authenticity if state.verification else None,
        first_seen_at=state.report.first_seen_at,
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
            attempts=_attempts_made(exc, channel.max_attempts),
            operation=operation,
        )


def _attempts_made(exc: ActivityError, most: int) -> int:
    """The publisher names the attempt that failed (a non-retryable error stops at the
    first); a timeout names none: every attempt was made."""
    cause = exc.cause
    details = cause.details if isinstance(cause, ApplicationError) else ()
    if details and isinstance(details[0], dict) and isinstance(details[0].get("attempt"), int):
        return int(details[0]["attempt"])
    return most
