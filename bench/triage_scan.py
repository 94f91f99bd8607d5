"""How long triage's duplicate scan takes with 2,000 open incidents (issue 14: tens of ms).

    .venv/bin/python -m bench.triage_scan [--open 2000] [--data FOLDER]

Fills a fresh SQLite file with open incidents whose claims are real forwarded narratives (the
2025-2026 claims of `bench.real_debunks`, repeated with a number to reach the count; the
synthetic pairs when the folder is missing), then times `find_open_duplicate` (terms, entity
slots and scores against every open incident) for new claims: the first scan (cold caches)
and the median and p95 of the next ones (terms and slots of the open incidents cached, as in
a worker that has triaged before).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from activities.triage import find_open_duplicate
from activities.types import Report
from bench.real_debunks import DEFAULT_DATA, queries
from core.db import make_engine
from core.detection.officials import known_entities
from core.domain import Actor, ActorKind
from core.incident_row import report_row
from core.migrate import migrate
from core.policy import EXAMPLE_POLICY, load_policy
from core.tables import Incident
from core.triage import normalize

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"


def _claims(folder: Path) -> list[str]:
    try:
        return [q.claim for q in queries(folder)]
    except FileNotFoundError:
        rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
        return [row["a"] for row in rows] + [row["b"] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    claims = _claims(args.data)
    url = f"sqlite:///{tempfile.mkdtemp()}/scan.db"
    migrate(url)
    engine = make_engine(url)
    officer = Actor(ActorKind.API_KEY, "bench", "Bench")
    start = datetime.now(UTC)
    rows = []
    for n in range(args.open):
        claim = f"{claims[n % len(claims)]} {n}"
        at = start - timedelta(seconds=n)
        row = report_row(f"TK-B{n:05d}", Report(claim, platform="whatsapp"), officer, at)
        rows.append({**row, "normalized_claim": normalize(claim), "revision": 1, "updated_at": at})
    with engine.begin() as connection:
        connection.execute(insert(Incident), rows)
    policy = load_policy(EXAMPLE_POLICY)
    known = known_entities(policy.organization)
    threshold = policy.triage.duplicate_threshold
    timings: list[float] = []
    with Session(engine) as session:
        for claim in claims[:200]:
            begin = time.perf_counter()
            find_open_duplicate(session, "TK-NEW", normalize(claim + " baru"), threshold, known)
            timings.append((time.perf_counter() - begin) * 1000)
    engine.dispose()
    first, rest = timings[0], sorted(timings[1:])
    print(
        f"{args.open} open incidents: first scan {first:.0f} ms (cold); then median"
        f" {statistics.median(rest):.1f} ms, p95 {rest[int(len(rest) * 0.95)]:.1f} ms"
        f" over {len(rest)} scans"
    )


if __name__ == "__main__":
    main()
