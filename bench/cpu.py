"""CPU seconds used by the processes of a run, read from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system time of `pid` and of its children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICKS


def child_running(command_part: str) -> int:
    """The pid of this process's child whose command line contains `command_part`."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        if parent == me and command_part in command:
            return int(entry.name)
    raise LookupError(f"no child process running {command_part!r}")


class CpuMeter:
    """CPU seconds each named process used between `start()` and `stop()`."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self._start: dict[str, float] = {}

    def start(self) -> CpuMeter:
        self._start = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        return self

    def stop(self) -> dict[str, float]:
        return {name: cpu_seconds(pid) - self._start[name] for name, pid in self.pids.items()}


def _thread_seconds(pid: int) -> dict[int, tuple[str, float]]:
    """Each live thread of `pid`: its name as the kernel has it, and its user + system time."""
    found: dict[int, tuple[str, float]] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        found[int(task.name)] = (name, (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def thread_kind(pid: int, tid: int, name: str) -> str:
    """Which part of a worker process a thread is: the event loop (activations are decoded and
    encoded there, async activities run there), the SDK's core (Rust: polling, gRPC), or the
    Python threads (workflow tasks in the sandbox, sync activities, `asyncio.to_thread`)."""
    if tid == pid:
        return "event loop"
    if name.startswith("tokio"):
        return "SDK core"
    return "Python threads"


class ThreadMeter:
    """CPU seconds of one process between `start()` and `stop()`, by `thread_kind` (threads
    that ended meanwhile are not counted: the worker's pools keep theirs)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._start: dict[int, tuple[str, float]] = {}

    def start(self) -> ThreadMeter:
        self._start = _thread_seconds(self.pid)
        return self

    def stop(self) -> dict[str, float]:
        split: dict[str, float] = {}
        for tid, (name, seconds) in _thread_seconds(self.pid).items():
            kind = thread_kind(self.pid, tid, name)
            used = seconds - self._start.get(tid, (name, 0.0))[1]
            split[kind] = split.get(kind, 0.0) + used
        return split
