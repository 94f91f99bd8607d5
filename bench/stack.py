"""Tangkal as it is deployed: `tangkal api` and `tangkal worker`, each a process of its own,
on the run's Temporal dev server, with Slack and the CMS faked on 127.0.0.1.

The benchmark's own driver stays in the parent process, so what it spends is not counted
against the engine, and the engine's processes can be measured one by one.
"""

from __future__ import annotations

import contextlib
import subprocess
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from temporalio.client import Client

from bench.cards import CardWatch
from core.migrate import migrate
from core.settings import Settings
from tests.fakes.slack import FakeSlack
from tests.processes import kill_group, spawn, tangkal_env, wait_healthy
from tests.support import (
    SLACK_SIGNING_SECRET,
    WEBHOOK_SECRET,
    WEBHOOK_SECRET_ENV,
    Keys,
    free_port,
    make_keys,
    write_policy,
)


@dataclass
class BenchStack:
    http: httpx.AsyncClient
    client: Client
    settings: Settings
    keys: Keys
    cards: CardWatch
    env: dict[str, str]
    directory: Path
    api: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes]

    def fresh_worker(self) -> subprocess.Popen[bytes]:
        """Replaces the worker process with a new one (nothing cached, nothing in flight)."""
        kill_group(self.worker)
        self.worker = spawn(["worker"], self.env, self.directory / "worker.log")
        return self.worker


@contextlib.asynccontextmanager
async def process_stack(
    client: Client, directory: Path, webhook_url: str, fake: FakeSlack
) -> AsyncIterator[BenchStack]:
    database_url = f"sqlite:///{directory / 'bench.db'}"
    settings = Settings(
        data_dir=directory,
        database_url=database_url,
        task_queue="tangkal-bench-" + uuid.uuid4().hex[:6],
        policy_file=write_policy(directory, webhook_url),
        api_port=free_port(),
        temporal_address=client.service_client.config.target_host,
    )
    migrate(database_url)
    env = tangkal_env(
        data_dir=directory,
        database_url=database_url,
        temporal_address=settings.effective_temporal_address,
        task_queue=settings.task_queue,
        policy_file=settings.policy_file,
        api_port=settings.api_port,
        slack_bot_token=fake.token,
        slack_api_url=fake.url,
        slack_signing_secret=SLACK_SIGNING_SECRET,
    )
    env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    api = spawn(["api"], env, directory / "api.log")
    worker = spawn(["worker"], env, directory / "worker.log")
    base_url = f"http://127.0.0.1:{settings.api_port}"
    stack: BenchStack | None = None
    try:
        wait_healthy(base_url, directory / "api.log")
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            stack = BenchStack(
                http, client, settings, make_keys(settings), CardWatch(fake), env, directory,
                api, worker,
            )  # fmt: skip
            yield stack
    finally:
        kill_group(stack.worker if stack else worker)
        kill_group(api)
