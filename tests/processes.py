"""Tangkal's own processes started the way an operator starts them: `python -m core.cli …`."""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx


def tangkal_env(**settings: str | int | Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANGKAL_")}
    env.update({f"TANGKAL_{key.upper()}": str(value) for key, value in settings.items()})
    return env


_spawned: list[subprocess.Popen[bytes]] = []


@atexit.register
def _no_orphans() -> None:
    """A test that failed half-way must not leave servers holding ports and connections."""
    for process in _spawned:
        if process.poll() is None:
            kill_group(process)


def spawn(
    command: list[str], env: dict[str, str], log: Path, module: str = "core.cli"
) -> subprocess.Popen[bytes]:
    """`python -m module command…` in a new session, so a SIGKILL to its group takes every
    child with it."""
    return spawn_program([sys.executable, "-m", module, *command], env, log)


def spawn_program(argv: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Any program, in a session of its own (see `spawn`), its output appended to `log`."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _spawned.append(process)
    return process


def kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def stop_group(process: subprocess.Popen[bytes]) -> int:
    os.killpg(process.pid, signal.SIGINT)
    return process.wait(timeout=60)


def wait_healthy(base_url: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{base_url} never became healthy:\n{log.read_text()[-3000:]}")


def cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def terminate(process: subprocess.Popen[bytes], seconds: float = 60) -> int:
    """SIGTERM to the process itself, as `docker stop` or systemd sends it; its exit code."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=seconds)
