"""A stack whose parts die one at a time: the Temporal dev server on a database file, one
`tangkal api` and two `tangkal worker`s, each SIGKILLed and started again as an operator (or
systemd) would start it, on the same files and ports."""

from __future__ import annotations

import random
import socket
import subprocess
import time
from pathlib import Path

from tests.processes import cli, kill_group, spawn, spawn_program, tangkal_env, wait_healthy
from tests.support import BIN, WEBHOOK_SECRET, WEBHOOK_SECRET_ENV, free_port, write_policy

WORKERS = 2
TASK_QUEUE = "crash-consistency"


class KillableStack:
    """`worker_address`, if set before `start`, is where the workers reach Temporal (a relay
    such as `tests.partition`); the API and tests reach it at `temporal_address`."""

    def __init__(self, directory: Path, webhook_url: str) -> None:
        self.directory = directory
        self.temporal_address = f"127.0.0.1:{_port_outside_ephemeral_range()}"
        self.database_url = f"sqlite:///{directory / 'tangkal.db'}"
        self.env = tangkal_env(
            data_dir=directory,
            database_url=self.database_url,
            temporal_address=self.temporal_address,
            task_queue=TASK_QUEUE,
            policy_file=write_policy(directory, webhook_url),
        )
        self.env[WEBHOOK_SECRET_ENV] = WEBHOOK_SECRET
        self.worker_address = self.temporal_address
        self.api_url = ""  # known once started
        self.temporal: subprocess.Popen[bytes] | None = None
        self.api: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes] | None] = [None] * WORKERS
        self.worker_kills = self.server_kills = 0

    def log(self, part: str) -> Path:
        return self.directory / f"{part}.log"

    def start(self) -> None:
        cli(["migrate"], self.env)
        self.start_temporal()
        # Chosen once the dev server has taken the ports of its own services.
        self.env["TANGKAL_API_PORT"] = str(api_port := free_port())
        self.api_url = f"http://127.0.0.1:{api_port}"
        self.api = spawn(["api"], self.env, self.log("api"))
        for index in range(WORKERS):
            self.start_worker(index)
        wait_healthy(self.api_url, self.log("api"))

    def start_temporal(self) -> None:
        """The dev server on the same database file, port and namespace every time."""
        host, port = self.temporal_address.split(":")
        command = [str(BIN / "temporal"), "server", "start-dev", "--headless"]
        command += ["--db-filename", str(self.directory / "temporal.db")]
        command += ["--ip", host, "--port", port, "--log-level", "warn"]
        self.temporal = spawn_program(command, self.env, self.log("temporal"))
        deadline = time.monotonic() + 30
        while not _accepts(host, int(port)):
            assert self.temporal.poll() is None, self.log("temporal").read_text()[-3000:]
            assert time.monotonic() < deadline, "the Temporal dev server never listened"
            time.sleep(0.1)

    def kill_temporal_and_restart(self) -> None:
        assert self.temporal is not None
        kill_group(self.temporal)
        self.server_kills += 1
        self.start_temporal()

    def kill_worker(self, index: int) -> None:
        worker = self.workers[index]
        if worker is not None:
            kill_group(worker)
            self.worker_kills += 1
            self.workers[index] = None

    def start_worker(self, index: int) -> None:
        env = {**self.env, "TANGKAL_TEMPORAL_ADDRESS": self.worker_address}
        self.workers[index] = spawn(["worker"], env, self.log(f"worker-{index}"))

    def close(self) -> None:
        for process in (self.api, *self.workers, self.temporal):
            if process is not None:
                kill_group(process)


def _port_outside_ephemeral_range() -> int:
    """The dev server gives its own services ports the kernel picks (ephemeral ones) each
    time it starts; its frontend port must not be one it could pick on a restart."""
    lowest = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(max(1024, lowest - 12000), lowest), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port below the ephemeral range")


def _accepts(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0
