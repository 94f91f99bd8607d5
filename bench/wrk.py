"""Load from wrk, a C load generator from the distribution (installed when missing): the
measured server and its load are separate processes, and the load costs a fraction of what
an in-process Python client would."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class WrkRun:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607 (Debian's apt)
            check=False,
            capture_output=True,
        )
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is missing and could not be installed: apt-get install wrk")
    return found


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def run_wrk(url: str, headers: dict[str, str], connections: int, seconds: float) -> WrkRun:
    """`connections` requests always in flight for `seconds`, from one wrk thread."""
    command = [wrk_binary(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(  # noqa: S603 (our arguments)
        [*command, url], check=True, capture_output=True, text=True, timeout=seconds + 60
    ).stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(ms|s)", out)
    if total is None:
        raise SystemExit(f"wrk said nothing countable:\n{out}")
    elapsed = float(total.group(2)) / (1000 if total.group(3) == "ms" else 1)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))", out, re.M))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(n) for n in failed.groups()) if failed else 0
    requests = int(total.group(1))
    return WrkRun(
        requests=requests,
        seconds=elapsed,
        rps=requests / elapsed,
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        errors=errors,
    )
