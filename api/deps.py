"""Dependencies: the app's shared services, and the caller's identity and roles."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from temporalio.client import Client

from api.problems import Problem
from core.db import LoopReader
from core.domain import Actor
from core.keys import holder_of, key_actor
from core.persons import person_of_slack_user
from core.policy import Policy
from core.roles import Action, may, refusal
from core.settings import Settings

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    engine: Engine
    policy: Policy
    temporal: Client | None
    slack: AsyncWebClient | None = None
    # SQLite: the connection the event loop reads status on (`core.db.loop_reader`).
    loop_reads: LoopReader | None = None


# async: FastAPI runs a plain `def` dependency in the thread pool, a hop per request for a
# dictionary lookup.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def read_now(services: Services, read: Callable[..., T], *args: Any) -> T:
    """`read(connection, *args)`: on SQLite on the event loop's own connection, in one
    snapshot (a primary-key read of a local file: cheaper than a thread hop); over the
    network, or when SQLite keeps the loop waiting past `core.db.LOOP_BUSY_MS`, in asyncio's
    executor on a connection of the pool."""
    if services.loop_reads is not None:
        try:
            return services.loop_reads.read(read, *args)
        except OperationalError:
            pass  # locked for a moment: the thread pool waits for it instead of the loop
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, read_on, services.engine, read, *args)


def read_on(engine: Engine, read: Callable[..., T], *args: Any) -> T:
    """`read(connection, *args)` on a connection of the pool; on PostgreSQL its statements
    in one REPEATABLE READ transaction, so they see one moment of the read model, as the
    loop reader's do on SQLite."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        return read(connection, *args)


def bearer_key(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Problem(
            401,
            "missing bearer API key (Authorization: Bearer <key>)",
            code="unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return key.strip()


def live_key(connection: Connection, key: str) -> dict[str, Any]:
    """The key's row, looked up on every request (nothing is cached): revoking a key shuts
    it out from the next request on. 401 for an unknown or revoked key."""
    row = holder_of(connection, key)
    if row is None:
        raise Problem(
            401,
            "unknown or revoked API key",
            code="unauthenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return row


def authenticate(connection: Connection, key: str) -> Actor:
    """The key's holder (`live_key`)."""
    row = live_key(connection, key)
    return key_actor(row["id"], row["name"], row["roles"], row["person_id"])


async def current_actor(request: Request, services: ServicesDep) -> Actor:
    """The key's holder, read as the status read is (SQLite: on the loop, no thread hop)."""
    return await read_now(services, authenticate, bearer_key(request))


CurrentActor = Annotated[Actor, Depends(current_actor)]


def _slack_person(engine: Engine, slack_user: str) -> str | None:
    with engine.connect() as connection:
        return person_of_slack_user(connection, slack_user)


async def as_person(services: Services, actor: Actor) -> Actor:
    """A Slack user as the person they are linked to (`tangkal keys create --slack-user`),
    so their clicks and their API keys count as one person."""
    person = await run_in_threadpool(_slack_person, services.engine, actor.id)
    return replace(actor, person=person) if person else actor


def allowed(action: Action) -> object:
    """A dependency that lets the request through only for roles allowed to do `action`."""

    async def check(actor: CurrentActor) -> Actor:
        if not may(actor, action):
            raise Problem(403, refusal(action), code="forbidden")
        return actor

    return Depends(check)


def temporal_of(services: Services) -> Client:
    if services.temporal is None:
        raise Problem(
            503,
            "the workflow engine is not connected; try again shortly",
            code="temporal_unavailable",
            headers={"Retry-After": "5"},
        )
    return services.temporal
