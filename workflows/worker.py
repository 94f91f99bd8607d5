"""The worker process: the composition root that binds workflows to their activities.

Not a workflow module: it is never loaded into the sandbox, so it may build real clients.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.worker import Worker

from activities.drafting import DraftingActivities
from activities.policy_rules import PolicyActivities
from activities.publishing import Publisher
from activities.read_model import ReadModelActivities
from activities.sources import SourceActivities
from activities.triage import TriageActivities
from core.policy import Policy
from workflows.incident import IncidentWorkflow
from workflows.source_poll import SourcePollWorkflow
from workflows.source_schedules import ensure_source_schedules


def build_worker(
    client: Client,
    task_queue: str,
    engine: Engine,
    policy: Policy,
    http: httpx.AsyncClient,
    executor: ThreadPoolExecutor,
) -> Worker:
    read_model = ReadModelActivities(engine)
    rules = PolicyActivities(policy)
    triage = TriageActivities(engine, policy)
    drafting = DraftingActivities(policy)
    publisher = Publisher(http, engine, policy)
    sources = SourceActivities(http, engine, policy)
    return Worker(
        client,
        task_queue=task_queue,
        workflows=[IncidentWorkflow, SourcePollWorkflow],
        activities=[
            read_model.persist_incident,
            rules.load_rules,
            triage.triage_incident,
            drafting.compose_draft,
            publisher.publish_to_channel,
            sources.poll_source,
        ],
        activity_executor=executor,
        max_concurrent_activities=32,
    )


async def run_worker(
    client: Client, task_queue: str, engine: Engine, policy: Policy, stop: asyncio.Event
) -> None:
    timeout = httpx.Timeout(20.0, connect=5.0)
    with ThreadPoolExecutor(max_workers=32, thread_name_prefix="activity") as executor:
        async with httpx.AsyncClient(timeout=timeout) as http:
            worker = build_worker(client, task_queue, engine, policy, http, executor)
            async with worker:
                await ensure_source_schedules(client, policy, task_queue)
                await stop.wait()
