"""The worker process: the composition root that binds workflows to their activities.

Not a workflow module: it is never loaded into the sandbox, so it may build real clients.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.worker import Worker

from activities.digest import DigestActivities
from activities.drafting import DraftingActivities
from activities.notify.delivery import NoticeDelivery
from activities.policy_rules import PolicyActivities
from activities.publishing import Publisher
from activities.read_model import ReadModelActivities
from activities.triage import TriageActivities
from core.policy import Policy
from workflows.digest import DailyDigestWorkflow
from workflows.digest_schedule import ensure_digest_schedule
from workflows.incident import IncidentWorkflow


def build_worker(
    client: Client,
    task_queue: str,
    engine: Engine,
    policy: Policy,
    http: httpx.AsyncClient,
    executor: ThreadPoolExecutor,
    slack: AsyncWebClient | None = None,
) -> Worker:
    read_model = ReadModelActivities(engine)
    rules = PolicyActivities(policy)
    triage = TriageActivities(engine, policy)
    drafting = DraftingActivities(policy)
    publisher = Publisher(http, engine, policy)
    delivery = NoticeDelivery(slack, engine, policy)
    digest = DigestActivities(engine, policy)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[IncidentWorkflow, DailyDigestWorkflow],
        activities=[
            read_model.persist_incident,
            rules.load_rules,
            triage.triage_incident,
            drafting.compose_draft,
            publisher.publish_to_channel,
            delivery.deliver_notice,
            digest.compose_digest,
        ],
        activity_executor=executor,
        max_concurrent_activities=32,
    )


async def run_worker(
    client: Client,
    task_queue: str,
    engine: Engine,
    policy: Policy,
    stop: asyncio.Event,
    slack: AsyncWebClient | None = None,
) -> None:
    timeout = httpx.Timeout(20.0, connect=5.0)
    with ThreadPoolExecutor(max_workers=32, thread_name_prefix="activity") as executor:
        async with httpx.AsyncClient(timeout=timeout) as http:
            worker = build_worker(client, task_queue, engine, policy, http, executor, slack)
            async with worker:
                await ensure_digest_schedule(client, task_queue, policy)
                await stop.wait()
