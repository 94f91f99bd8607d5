"""Instructions per status request, counted by valgrind's callgrind: a figure that does not
move with the machine's load (`python -m bench.instructions`).

Each target serves `GET /incidents/{id}` for one realistic incident (a draft, two decisions,
a publication) from a SQLite file, called in-process as an ASGI app on uvloop (no sockets, no
HTTP parsing: what is left is the application and its database work):

- `tangkal`: `api.app.create_app`, the whole stack of middleware, auth and the read model;
- `same`: the same work in raw sqlite3 on the event loop (`bench.bare_reads.same_work_app`);
- `pk`: one primary-key read (`bench.bare_reads.pk_app`).

Every target runs twice under callgrind, with `LOW` and `HIGH` requests; the difference of the
two totals over `HIGH - LOW` is the cost of one request, start-up and set-up cancelled out.
Instructions are the CPU's work in user space: the kernel's (SQLite's file locks, sockets) is
not in them, so they compare code, not wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOW, HIGH = 200, 2200
TARGETS = ("tangkal", "same", "pk")


def prepare(directory: Path) -> tuple[str, str, str]:
    """A database with one key and one incident as a status poller meets it; (url, key, id)."""
    from api.intake import record_report
    from api.schemas import IncidentCreate
    from core.db import engine_for, session_scope
    from core.domain import Actor, ActorKind, Role
    from core.keys import issue_key
    from core.migrate import migrate
    from core.tables import DecisionRecord, Draft, Incident, Publication

    url = f"sqlite:///{directory / 'instructions.db'}"
    migrate(url)
    engine = engine_for(url)
    issued = issue_key(engine, "Pemantau Status", [Role.LEADER])
    officer = Actor(ActorKind.API_KEY, "key_officer", "Petugas Humas", (Role.OFFICER,))
    now = datetime.now(UTC)
    body = IncidentCreate(
        claim="Video: petugas KPU mencoblos surat suara sebelum pemilu di TPS 12 Desa Kutuh",
        platform="tiktok",
        reach=250_000,
        media_type="video",
        source_urls=["https://www.tiktok.com/@akun/video/1", "https://x.com/akun/status/2"],
    )
    record_report(engine, "TK-BENCH1", body, officer, None, now)
    author = {"kind": "api_key", "id": "key_officer", "name": "Petugas Humas"}
    with session_scope(engine) as session:
        row = session.get(Incident, "TK-BENCH1")
        assert row is not None
        row.stage, row.severity, row.risk_score, row.draft_version = "monitoring", "high", 70, 1
        row.risk_factors = [{"factor": "reach", "points": 25, "detail": "250000"}]
        session.add(row)
        text = "Faktanya, surat suara masih tersegel di gudang KPU Kabupaten Badung. " * 12
        session.add(Draft(incident_id=row.id, version=1, hash="a" * 64, title="[HOAKS] Video",
                          body=text, language="id", author=author, created_at=now))  # fmt: skip
        for n, name in enumerate(("Kabag Prokompim", "Sekda")):
            actor = {"kind": "api_key", "id": f"key_{n}", "name": name, "person": f"per_{n}"}
            session.add(DecisionRecord(id=f"d{n}", incident_id=row.id, draft_version=1,
                                       draft_hash="a" * 64, decision="approve", actor=actor,
                                       at=now))  # fmt: skip
        session.add(Publication(idempotency_key="TK-BENCH1:v1:web", incident_id=row.id,
                                channel="web", draft_version=1, status="published",
                                url="https://badungkab.go.id/klarifikasi/1", at=now))  # fmt: skip
    return url, issued.key, "TK-BENCH1"


def _app(target: str, url: str) -> Any:
    from bench.bare_reads import pk_app, same_work_app

    path = url.split("///", 1)[1]
    if target == "same":
        return same_work_app(path)
    if target == "pk":
        return pk_app(path)
    from api.app import create_app
    from core.settings import Settings

    directory = Path(path).parent
    policy = directory / "tangkal.toml"
    if not policy.exists():
        from tests.support import write_policy

        policy = write_policy(directory, "http://127.0.0.1:9/hook")
    return create_app(Settings(database_url=url, data_dir=directory, policy_file=policy))


async def _drive(app: Any, key: str, incident_id: str, requests: int) -> None:
    path = f"/incidents/{incident_id}"
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"authorization", f"Bearer {key}".encode())],
    }  # fmt: skip
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    for _ in range(requests):
        await app(dict(scope), receive, send)
    if set(statuses) != {200}:
        raise SystemExit(f"status answers {sorted(set(statuses))}, not 200")


def inner(target: str, requests: int, url: str, key: str, incident_id: str) -> None:
    import uvloop

    app = _app(target, url)
    uvloop.run(_drive(app, key, incident_id, 3))  # warm: imports, caches, first connection
    # What start-up left behind is kept out of the collector's way, as a server that freezes
    # its heap after start does: otherwise one full collection over Tangkal's larger heap
    # (every module it imports) falls in one run and not the other, ±100,000 per request.
    gc.collect()
    gc.freeze()
    uvloop.run(_drive(app, key, incident_id, requests))


def _count(target: str, requests: int, url: str, key: str, incident_id: str) -> int:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is missing: apt-get install valgrind")
    with tempfile.NamedTemporaryFile(suffix=".callgrind") as out:
        # One hash seed for every run: dictionaries and sets then grow the same way in both.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={out.name}",
             sys.executable, "-m", "bench.instructions", "--inner", target, str(requests),
             url, key, incident_id],
            check=True, capture_output=True, text=True, env=env,
        )  # fmt: skip
        found = re.search(r"^(?:summary|totals): (\d+)", Path(out.name).read_text(), re.M)
    if found is None:
        raise SystemExit("callgrind wrote no total")
    return int(found.group(1))


def measure(targets: tuple[str, ...] = TARGETS) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="tangkal-instr-") as directory:
        url, key, incident_id = prepare(Path(directory))
        per_request = {}
        for target in targets:
            low = _count(target, LOW, url, key, incident_id)
            high = _count(target, HIGH, url, key, incident_id)
            per_request[target] = round((high - low) / (HIGH - LOW))
    tangkal = per_request.get("tangkal")
    return {
        "requests": [LOW, HIGH],
        "instructions_per_request": per_request,
        "tangkal_over_same_work": round(tangkal / per_request["same"], 2)
        if tangkal and "same" in per_request
        else None,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--inner", nargs=5, metavar=("TARGET", "N", "URL", "KEY", "ID"))
    parser.add_argument("--only", choices=TARGETS, action="append")
    options = parser.parse_args()
    if options.inner:
        target, n, url, key, incident_id = options.inner
        inner(target, int(n), url, key, incident_id)
    else:
        print(json.dumps(measure(tuple(options.only or TARGETS)), indent=2))
