"""How the cost of a `GET /incidents` page grows as a reader walks the whole list.

    .venv/bin/python -m bench.list_walk [--incidents 10000] [--database-url URL]

Writes the incidents as the API's report does (`core.reports.new_incident`), then walks the
list newest first, 50 to a page, through the API's own read (`api.store.list_incidents`), over
all incidents and with a stage filter, and reports the time of the first and the last ten pages
(median and largest of each ten) and of the whole walk. A walk is linear when the last pages
cost what the first do. Without --database-url it uses a fresh SQLite file.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from activities.types import Report
from api.store import list_incidents
from core.db import engine_for, session_scope
from core.domain import Actor, ActorKind, Role
from core.migrate import migrate
from core.reports import new_incident

REPORTER = Actor(ActorKind.API_KEY, "k_bench", "Petugas", (Role.OFFICER,))
STAGES = ("verification", "approval", "closed", "monitoring")


def _write(url: str, count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with session_scope(engine_for(url)) as session:
        for n in range(count):
            # Every fifth incident shares its moment with the one before (a feed's batch).
            at = start + timedelta(seconds=n - (n % 5 == 4))
            row, _ = new_incident(f"TK-WALK{n:06d}", Report(f"Klaim {n}"), REPORTER, at)
            row.stage = STAGES[n % len(STAGES)]
            session.add(row)


def _walk(url: str, stage: str | None) -> dict[str, Any]:
    engine = engine_for(url)
    times: list[float] = []
    cursor, seen = None, 0
    while True:
        started = time.perf_counter()
        page = list_incidents(engine, stage=stage, severity=None, q=None, limit=50, cursor=cursor)
        times.append((time.perf_counter() - started) * 1000)
        seen += len(page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    first, last = times[:10], times[-10:]
    return {
        "stage": stage or "(all)",
        "pages": len(times),
        "incidents": seen,
        "first_10_ms": (statistics.median(first), max(first)),
        "last_10_ms": (statistics.median(last), max(last)),
        "walk_s": sum(times) / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/walk.db"
    migrate(url)
    _write(url, args.incidents)
    for stage in (None, "approval"):
        r = _walk(url, stage)
        print(
            f"{r['stage']:>13}: {r['incidents']} incidents in {r['pages']} pages, walk "
            f"{r['walk_s']:.2f} s; first 10 pages median {r['first_10_ms'][0]:.2f} ms "
            f"(max {r['first_10_ms'][1]:.2f}), last 10 median {r['last_10_ms'][0]:.2f} ms "
            f"(max {r['last_10_ms'][1]:.2f})"
        )


if __name__ == "__main__":
    main()
