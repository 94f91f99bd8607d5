"""Shared test plumbing: binaries beside the interpreter, databases, the policy, the stack."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy import Engine
from temporalio.client import Client, WorkflowHandle

from api.app import create_app
from core.db import engine_for, session_scope
from core.domain import Role
from core.keys import issue_key
from core.migrate import migrate
from core.persons import PersonError
from core.policy import load_policy
from core.reports import new_incident
from core.settings import Settings
from core.slack_client import slack_client
from core.tables import Person
from tests.fakes.slack import FakeSlack
from tests.processes import tangkal_env
from worker.run import run_worker
from workflows.incident import IncidentWorkflow
from workflows.types import IncidentInput

BIN = Path(sys.executable).parent
WEBHOOK_SECRET_ENV = "TANGKAL_TEST_WEBHOOK_SECRET"
WEBHOOK_SECRET = "whsec-test-" + uuid.uuid4().hex
SLACK_SIGNING_SECRET = "slack-signing-" + uuid.uuid4().hex

POLICY = """
[organization]
name = "Pemerintah Kabupaten Badung"
url = "https://badungkab.go.id"
timezone = "Asia/Makassar"
leaders = ["Bupati Badung"]

[slack]
verification_channel = "{verification_channel}"
approval_channel = "C0APPROVE"
announce_channel = "C0ANNOUNCE"
escalation_contacts = ["U0SEKDA"]
pages_url = "https://tangkal.badungkab.go.id"

[people]
U0OFFICER = ["officer"]
U0VERIFY = ["verifier"]
U0KABAG = ["approver"]
U0SEKDA = ["approver", "leader"]
U0KASUBAG = ["approver"]

[severity.low]
min_risk = 0
approvals = 1
sla_minutes = {{ triage = 10, verification = 120, drafting = 60, approval = 60, publishing = 30 }}

[severity.medium]
min_risk = 35
approvals = 1

[severity.high]
min_risk = 55
approvals = 2

[severity.critical]
min_risk = 75
approvals = 2
approver_roles = ["leader"]
sla_minutes = {{ triage = 5, verification = 60, drafting = 30, approval = 30, publishing = 15 }}
monitoring_minutes = {monitoring_minutes}

[verification]
required_checklist = ["source_traced"]

[topics.pemilu]
weight = 25
keywords = ["pemilu", "kpu", "surat suara", "tps"]

[[channels]]
name = "website"
kind = "webhook"
url = "{webhook_url}"
secret_env = "{secret_env}"
required = true
max_attempts = {max_attempts}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_policy(
    directory: Path,
    webhook_url: str,
    max_attempts: int = 3,
    *,
    verification_channel: str = "C0VERIFY",
    extra: str = "",
    monitoring_minutes: int = 0,
) -> Path:
    """The test policy; `extra` (TOML) adds tables and channels after the webhook channel."""
    path = directory / "tangkal.toml"
    path.write_text(
        POLICY.format(
            webhook_url=webhook_url,
            secret_env=WEBHOOK_SECRET_ENV,
            max_attempts=max_attempts,
            verification_channel=verification_channel,
            monitoring_minutes=monitoring_minutes,
        )
        + extra
    )
    return path


def postgres_admin_url() -> str | None:
    """The machine's PostgreSQL (started if it is down), or None where there is none."""
    if shutil.which("pg_isready") is None:
        return None
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True)
    if ready.returncode != 0 and Path("/etc/postgresql").is_dir():
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
        )
        ready = subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "10"], capture_output=True
        )
    if ready.returncode != 0:
        return None
    return "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def create_postgres_database(admin_url: str) -> str:
    import psycopg

    name = "tangkal_" + uuid.uuid4().hex[:10]
    plain = admin_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(admin_url: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    plain = admin_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Keys:
    officer: str
    officer2: str
    verifier: str
    approver: str
    leader: str
    admin: str


@dataclass
class Stack:
    http: httpx.AsyncClient
    settings: Settings
    keys: Keys
    worker: WorkerControl

    def auth(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}


class WorkerControl:
    """The stack's worker, which a test may stop (as if its process died) and start again."""

    def __init__(self, client: Client, settings: Settings) -> None:
        self.client, self.settings = client, settings
        self.engine = engine_for(settings.effective_database_url)
        self.policy = load_policy(settings.policy_file)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(
            run_worker(
                self.client,
                self.settings.task_queue,
                self.engine,
                self.policy,
                self._stop,
                slack=slack_client(self.settings),
                settings=self.settings,
            )
        )

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None


# Every person of a test stack also signs in to the pages with this password (the stored hash
# is a real argon2id hash of it, made once per test session: hashing is slow by design).
PASSWORD = "sandi-uji-tangkal-2026"
# Whose each key is, so a test that holds a key can sign its person in to the pages.
PERSON_OF_KEY: dict[str, str] = {}


@functools.cache
def _password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)


def person_key(engine: Engine, name: str, roles: list[Role]) -> str:
    """A key for the person `name`: new, or another for them where the database (PostgreSQL,
    one per test session) already has them from an earlier stack. The person is a page user
    with the key's roles and `PASSWORD`."""
    try:
        issued = issue_key(engine, name, roles)
    except PersonError:
        issued = issue_key(engine, name, roles, for_person=True)
    with session_scope(engine) as session:
        person = session.get(Person, issued.person_id)
        assert person is not None
        person.roles = sorted({*(person.roles or []), *(role.value for role in roles)})
        person.password_hash = _password_hash()
        session.add(person)
    PERSON_OF_KEY[issued.key] = name
    return issued.key


def make_keys(settings: Settings) -> Keys:
    engine = engine_for(settings.effective_database_url)
    return Keys(
        officer=person_key(engine, "Petugas Humas", [Role.OFFICER]),
        officer2=person_key(engine, "Petugas Kedua", [Role.OFFICER]),
        verifier=person_key(engine, "Verifikator", [Role.VERIFIER, Role.OFFICER]),
        approver=person_key(engine, "Kabag Prokompim", [Role.APPROVER]),
        leader=person_key(engine, "Sekda", [Role.APPROVER, Role.LEADER]),
        admin=person_key(engine, "Admin", [Role.ADMIN]),
    )


def stack_on_sqlite(
    client: Client, directory: Path, webhook_url: str, **options: Any
) -> contextlib.AbstractAsyncContextManager[Stack]:
    """`running_stack` on a fresh SQLite database in `directory`."""
    return running_stack(
        client, f"sqlite:///{directory / 'tangkal.db'}", directory, webhook_url, **options
    )


@contextlib.asynccontextmanager
async def running_stack(
    client: Client,
    database_url: str,
    directory: Path,
    webhook_url: str,
    max_attempts: int = 3,
    *,
    slack: FakeSlack | None = None,
    verification_channel: str = "C0VERIFY",
    policy_extra: str = "",
    monitoring_minutes: int = 0,
    env_file: Path | None = None,
    max_media_bytes: int | None = None,
) -> AsyncIterator[Stack]:
    """Migrated database, worker and API (real HTTP on a free port) on the given Temporal;
    with `slack`, both talk to that fake Slack and accept requests signed with its secret;
    with `env_file`, the settings read that .env file (as `tangkal` reads `./.env`)."""
    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    slack_settings: dict[str, Any] = {}
    if slack is not None:
        slack_settings = {
            "slack_bot_token": slack.token,
            "slack_api_url": slack.url,
            "slack_signing_secret": SLACK_SIGNING_SECRET,
        }
    policy = write_policy(
        directory,
        webhook_url,
        max_attempts,
        verification_channel=verification_channel,
        extra=policy_extra,
        monitoring_minutes=monitoring_minutes,
    )
    settings = Settings(
        _env_file=env_file,
        data_dir=directory,
        database_url=database_url,
        task_queue="tangkal-" + uuid.uuid4().hex[:8],
        policy_file=policy,
        **slack_settings,
        max_media_bytes=max_media_bytes or Settings.model_fields["max_media_bytes"].default,
    )
    migrate(database_url)
    worker = WorkerControl(client, settings)
    worker.start()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, temporal=client), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            yield Stack(http=http, settings=settings, keys=make_keys(settings), worker=worker)
    finally:
        server.should_exit = True
        await serving
        await worker.stop()


async def start_reported(
    client: Client, engine: Engine, queue: str, inp: IncidentInput
) -> WorkflowHandle[IncidentWorkflow, str]:
    """As every reporter does (the API, a monitored source): the incident's row and its first
    event, then its workflow, which writes only what changed after that."""
    row, event = new_incident(inp.incident_id, inp.report, inp.reporter, inp.reported_at)
    with session_scope(engine) as session:
        session.add(row)
        session.flush()  # the incident row before its first event, on every database
        session.add(event)
    return await client.start_workflow(
        IncidentWorkflow.run, inp, id=inp.incident_id, task_queue=queue
    )


def tangkal_cli(stack: Stack, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """`tangkal ARGS…` as an operator runs it, on the stack's database, data and policy."""
    env = tangkal_env(
        database_url=stack.settings.effective_database_url,
        data_dir=stack.settings.data_dir,
        policy_file=stack.settings.policy_file,
    )
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
