"""The worker process: the composition root that binds workflows to their activities.

Not a workflow module: it is never loaded into the sandbox, so it may build real clients.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.worker import Worker

from activities.channels.wordpress import check_wordpress_channels
from activities.digest import DigestActivities
from activities.drafting import DraftingActivities
from activities.legacy_read_model import LegacyReadModelActivities
from activities.notify.delivery import NoticeDelivery
from activities.policy_rules import PolicyActivities
from activities.publishing import Publisher
from activities.read_model import ReadModelActivities
from activities.sources import SourceActivities
from activities.splitting import SplitActivities
from activities.triage import TriageActivities
from core.detection.language import load_model as load_language_model
from core.heap import freeze_startup_heap
from core.policy import Policy
from core.settings import Settings
from core.slack_client import shared_session
from core.temporal import with_tangkal_payloads
from worker.digest_schedule import ensure_digest_schedule
from worker.source_schedules import ensure_source_schedules
from workflows.digest import DailyDigestWorkflow
from workflows.incident import IncidentWorkflow
from workflows.legacy.incident import LegacyIncidentWorkflow
from workflows.source_poll import SourcePollWorkflow

log = logging.getLogger("tangkal.worker")


@dataclass(frozen=True)
class WorkerTuning:
    """How much one worker process takes on, and how long it drains on shutdown.

    During the grace period a stopping worker polls no new tasks but lets the activities it
    holds finish and report; whatever is still running after it is cancelled and retried by
    another worker (activity retry policies), so nothing is lost either way.
    """

    max_concurrent_activities: int = 32
    max_concurrent_workflow_tasks: int = 100
    shutdown_grace: timedelta = timedelta(seconds=30)


def activities(
    engine: Engine,
    policy: Policy,
    http: httpx.AsyncClient,
    slack: AsyncWebClient | None,
    settings: Settings,
) -> list[Callable[..., Any]]:
    """Every activity, bound to its clients: the implementations of `activities.contract`
    (and the legacy workflow's write)."""
    read_model = ReadModelActivities(engine)
    delivery = NoticeDelivery(slack, engine, policy)
    triage = TriageActivities(engine, policy)
    return [
        read_model.write_incident,
        LegacyReadModelActivities(engine).persist_incident,  # for workflows.legacy
        PolicyActivities(policy).load_rules,
        triage.triage_incident,
        triage.rescore_with_media,
        SplitActivities(engine).split_duplicate,
        DraftingActivities(policy).compose_draft,
        Publisher(http, engine, policy, settings).publish_to_channel,
        delivery.deliver_notice,
        SourceActivities(http, engine, policy).poll_source,
        DigestActivities(engine, policy).compose_digest,
    ]


def build_worker(
    client: Client,
    task_queue: str,
    engine: Engine,
    policy: Policy,
    http: httpx.AsyncClient,
    executor: ThreadPoolExecutor,
    slack: AsyncWebClient | None = None,
    tuning: WorkerTuning | None = None,
    settings: Settings | None = None,
) -> Worker:
    """`settings`: where the channels' secrets are read (`Settings.secret`); by default the
    environment's and the .env file's, as `tangkal worker` reads them."""
    tuning = tuning or WorkerTuning()
    return Worker(
        with_tangkal_payloads(client, engine),
        task_queue=task_queue,
        workflows=[
            IncidentWorkflow,
            LegacyIncidentWorkflow,  # until no incident of before issue 19 runs
            SourcePollWorkflow,
            DailyDigestWorkflow,
        ],
        activities=activities(engine, policy, http, slack, settings or Settings()),
        activity_executor=executor,
        max_concurrent_activities=tuning.max_concurrent_activities,
        max_concurrent_workflow_tasks=tuning.max_concurrent_workflow_tasks,
        graceful_shutdown_timeout=tuning.shutdown_grace,
    )


async def run_worker(
    client: Client,
    task_queue: str,
    engine: Engine,
    policy: Policy,
    stop: asyncio.Event,
    slack: AsyncWebClient | None = None,
    tuning: WorkerTuning | None = None,
    settings: Settings | None = None,
) -> None:
    """Polls until `stop` is set, then drains (see WorkerTuning) and returns."""
    tuning = tuning or WorkerTuning()
    timeout = httpx.Timeout(20.0, connect=5.0)
    # Sync activities run in these threads: one per concurrent activity slot.
    threads = tuning.max_concurrent_activities
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="activity") as executor:
        async with httpx.AsyncClient(timeout=timeout) as http, shared_session(slack):
            worker = build_worker(
                client,
                task_queue,
                engine,
                policy,
                http,
                executor,
                slack=slack,
                tuning=tuning,
                settings=settings,
            )
            async with worker:
                checking = asyncio.create_task(_check_channels(http, policy, settings))
                await ensure_source_schedules(client, policy, task_queue)
                await ensure_digest_schedule(client, task_queue, policy)
                await asyncio.to_thread(load_language_model)  # before the heap is frozen
                freeze_startup_heap()
                await stop.wait()
                checking.cancel()
                log.info(
                    "worker stopping: no new tasks, in-flight activities get up to %ss",
                    tuning.shutdown_grace.total_seconds(),
                )
    log.info("worker stopped")


async def _check_channels(
    http: httpx.AsyncClient, policy: Policy, settings: Settings | None
) -> None:
    """Wrong WordPress credentials are told at start-up, not at the first klarifikasi."""
    for problem in await check_wordpress_channels(http, policy, settings or Settings()):
        log.error("%s", problem)
