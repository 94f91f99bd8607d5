"""`tangkal`: dev | api | worker | migrate | users create/link | keys create/revoke/list |
archive import | archive feedback export (SPEC §7).

The CLI is the composition root: it imports the API and the worker lazily, inside commands,
so `core` itself stays at the bottom of the dependency order.
"""

from __future__ import annotations

import asyncio
import faulthandler
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from core.key_commands import keys
from core.media_commands import media
from core.policy import Policy, PolicyError, load_policy, resolve_policy_path
from core.settings import Settings
from core.user_commands import users

app = typer.Typer(help="Tangkal crisis-communication workflow engine", no_args_is_help=True)
app.add_typer(users, name="users")
app.add_typer(keys, name="keys")
app.add_typer(media, name="media")
archive = typer.Typer(help="The archive of published counter-statements", no_args_is_help=True)
app.add_typer(archive, name="archive")


def _setup_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # A process that dies of a fatal signal (a crash in a C extension) leaves its stacks in the
    # log instead of vanishing without a word.
    faulthandler.enable()


def _settings() -> Settings:
    """The environment's settings, or a message naming each bad variable (never its value)."""
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            where = ".".join(str(part) for part in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            name = f"TANGKAL_{where.upper()}: " if where else ""
            typer.echo(f"error: bad configuration: {name}{message}", err=True)
        raise typer.Exit(2) from None


def _policy(settings: Settings) -> Policy:
    try:
        return load_policy(resolve_policy_path(settings.policy_file))
    except PolicyError as exc:
        typer.echo(f"error: bad policy file: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from core.migrate import migrate as run_migrations

    settings = _settings()
    rebuilt = run_migrations(settings.effective_database_url)
    if rebuilt is not None:
        typer.echo(f"archive index read again: {rebuilt} claims", err=True)
    typer.echo("database is up to date", err=True)


@app.command()
def api() -> None:
    """Serve the HTTP API."""
    import uvicorn

    from api.app import create_app
    from api.pages.session import SessionSecretError

    _setup_logging()
    settings = _settings()
    _policy(settings)
    try:
        application = create_app(settings)
    except SessionSecretError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    uvicorn.run(
        application,
        host=settings.api_host,
        port=settings.api_port,
        log_level="info",
        timeout_graceful_shutdown=10,
        # Named, not "auto": a missing dependency fails at start instead of silently
        # falling back to the pure-Python parser and loop.
        loop="uvloop",
        http="httptools",
    )


@app.command()
def worker() -> None:
    """Run the Temporal worker (workflows and activities)."""
    from core.db import engine_for
    from core.slack_client import slack_client
    from core.temporal import connect
    from worker.run import WorkerTuning, run_worker

    _setup_logging()
    settings = _settings()
    policy = _policy(settings)
    tuning = WorkerTuning(
        max_concurrent_activities=settings.worker_max_concurrent_activities,
        max_concurrent_workflow_tasks=settings.worker_max_concurrent_workflow_tasks,
        shutdown_grace=timedelta(seconds=settings.worker_shutdown_grace_seconds),
    )

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        engine = engine_for(settings.effective_database_url)
        client = await connect(settings, engine)
        logging.getLogger("tangkal").info(
            "worker polling %s on %s (namespace %s, TLS %s, API key %s)",
            settings.task_queue,
            settings.effective_temporal_address,
            settings.temporal_namespace,
            "on" if settings.temporal_tls_enabled else "off",
            "set" if settings.temporal_api_key is not None else "not set",
        )
        await run_worker(
            client,
            settings.task_queue,
            engine,
            policy,
            stop,
            slack=slack_client(settings),
            tuning=tuning,
            settings=settings,
        )

    asyncio.run(main())


def _wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


@app.command()
def dev() -> None:
    """Everything on one machine: migrations, Temporal dev server, worker and API."""
    from core.migrate import migrate as run_migrations
    from core.temporal import start_dev_server

    settings = _settings()
    _policy(settings)
    run_migrations(settings.effective_database_url)
    env = dict(os.environ)
    children: list[subprocess.Popen[bytes]] = []
    if not settings.temporal_address:
        children.append(start_dev_server(settings))
        if not _wait_for_port(settings.dev_temporal_port, 30):
            typer.echo(
                "error: the Temporal dev server did not start; see "
                f"{settings.data_dir / 'temporal.log'}",
                err=True,
            )
            _stop(children)
            raise typer.Exit(1)
        env["TANGKAL_TEMPORAL_ADDRESS"] = settings.effective_temporal_address
    for part in ("worker", "api"):
        children.append(subprocess.Popen([sys.executable, "-m", "core.cli", part], env=env))  # noqa: S603
    typer.echo(
        f"Tangkal API      http://{settings.api_host}:{settings.api_port}  (OpenAPI /docs)",
        err=True,
    )
    if not settings.temporal_address:
        typer.echo(f"Temporal Web UI  http://127.0.0.1:{settings.dev_ui_port}", err=True)
    typer.echo(
        "Pages            sign in as a user: tangkal users create --name NAME --role officer",
        err=True,
    )
    typer.echo("Ctrl-C stops everything", err=True)
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.3)
    _stop(children, grace=settings.worker_shutdown_grace_seconds + 15)


def _stop(children: list[subprocess.Popen[bytes]], grace: float = 15) -> None:
    for child in reversed(children):  # API and worker first, Temporal last
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.kill()


@archive.command("import")
def import_archive(
    file: Annotated[Path, typer.Argument(help="ClaimReview JSON-LD (.json, .jsonld) or CSV")],
) -> None:
    """Add debunks to the archive; bad rows are reported by line, good rows are kept. A CSV
    `media` column names the debunk's media files (paths relative to the CSV, `;` between)."""
    from core.db import engine_for, session_scope
    from core.detection.archive import add_to_archive, archive_id_of
    from core.detection.importing import RowProblem, read_archive_file
    from core.media.archive_import import import_media
    from core.migrate import migrate as run_migrations

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: {file}: cannot be read: {exc}", err=True)
        raise typer.Exit(2) from None
    settings = Settings()
    run_migrations(settings.effective_database_url)
    engine = engine_for(settings.effective_database_url)
    added = known = bad = 0
    with_media = []
    with session_scope(engine) as session:
        for item in read_archive_file(file.name, text):
            if isinstance(item, RowProblem):
                bad += 1
                typer.echo(f"{file}: {item.where}: {item.problem}", err=True)
                continue
            if add_to_archive(session, item):
                added += 1
            else:
                known += 1
            if item.media:
                with_media.append((archive_id_of(session, item), item.media))
    problems = import_media(engine, settings, file.parent, with_media)
    for problem in problems:
        typer.echo(f"{file}: {problem}", err=True)
    typer.echo(f"{added} added, {known} already in the archive, {bad} bad rows skipped", err=True)
    if bad or problems:
        raise typer.Exit(1)


feedback = typer.Typer(help="What verifiers said of suggested debunks", no_args_is_help=True)
archive.add_typer(feedback, name="feedback")


@feedback.command("export")
def export_feedback() -> None:
    """Every archive match a verifier confirmed or rejected, as CSV on standard output."""
    from core.db import engine_for
    from core.detection.feedback import as_csv, judgements

    typer.echo(as_csv(judgements(engine_for(Settings().effective_database_url))), nl=False)


if __name__ == "__main__":
    app()
