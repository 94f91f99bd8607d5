"""Shared test plumbing: binaries beside the interpreter, databases, the policy, the stack."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from temporalio.client import Client

from api.app import create_app
from core.db import engine_for
from core.domain import Role
from core.keys import create_key
from core.migrate import migrate
from core.policy import load_policy
from core.settings import Settings
from workflows.worker import run_worker

BIN = Path(sys.executable).parent
WEBHOOK_SECRET_ENV = "TANGKAL_TEST_WEBHOOK_SECRET"
WEBHOOK_SECRET = "whsec-test-" + uuid.uuid4().hex

POLICY = """
[organization]
name = "Pemerintah Kabupaten Badung"
url = "https://badungkab.go.id"
timezone = "Asia/Makassar"
leaders = ["Bupati Badung"]

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
    directory: Path, webhook_url: str, max_attempts: int = 3, extra_policy: str = ""
) -> Path:
    path = directory / "tangkal.toml"
    path.write_text(
        POLICY.format(
            webhook_url=webhook_url, secret_env=WEBHOOK_SECRET_ENV, max_attempts=max_attempts
        )
        + extra_policy
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

    def auth(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}


def make_keys(settings: Settings) -> Keys:
    engine = engine_for(settings.effective_database_url)
    return Keys(
        officer=create_key(engine, "Petugas Humas", [Role.OFFICER]),
        officer2=create_key(engine, "Petugas Kedua", [Role.OFFICER]),
        verifier=create_key(engine, "Verifikator", [Role.VERIFIER, Role.OFFICER]),
        approver=create_key(engine, "Kabag Prokompim", [Role.APPROVER]),
        leader=create_key(engine, "Sekda", [Role.APPROVER, Role.LEADER]),
        admin=create_key(engine, "Admin", [Role.ADMIN]),
    )


@contextlib.asynccontextmanager
async def running_stack(
    client: Client,
    database_url: str,
    directory: Path,
    webhook_url: str,
    max_attempts: int = 3,
    extra_policy: str = "",
) -> AsyncIterator[Stack]:
    """Migrated database, worker and API (real HTTP on a free port) on the given Temporal."""
    os.environ[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
    settings = Settings(
        data_dir=directory,
        database_url=database_url,
        task_queue="tangkal-" + uuid.uuid4().hex[:8],
        policy_file=write_policy(directory, webhook_url, max_attempts, extra_policy),
    )
    migrate(database_url)
    engine = engine_for(database_url)
    stop = asyncio.Event()
    worker = asyncio.create_task(
        run_worker(client, settings.task_queue, engine, load_policy(settings.policy_file), stop)
    )
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
            yield Stack(http=http, settings=settings, keys=make_keys(settings))
    finally:
        server.should_exit = True
        await serving
        stop.set()
        await worker
        engine.dispose()
