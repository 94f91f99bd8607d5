"""How long one recycled-hoax lookup takes with a large archive.

    .venv/bin/python -m bench.archive_match [--claims 100000] [--database-url URL]

Builds an archive of synthetic claims (the evaluation set's claims, each varied many times with
other places, names and numbers, so common terms point to thousands of rows: a pessimistic
archive for the term index), then times `find_in_archive` for every claim of the evaluation set.
Without --database-url it uses a fresh SQLite file. Last, it times what `tangkal migrate` does
after a release that reads claims differently: the whole term index read again.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session

from core.db import make_engine
from core.detection.archive import find_in_archive
from core.detection.reindex import rebuild_if_stale
from core.detection.tables import ArchivedClaim, ArchiveTerm
from core.detection.text import normalize, terms
from core.migrate import migrate

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"
_PLACES = [f"{a}{b}" for a in ("kuta", "ubud", "sanur", "negara", "bangli", "amla") for b in "xyz"]


def _claims(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    bases = sorted({row["a"] for row in rows})
    pool = [f"{rng.choice(_PLACES)}{n}" for n in range(5000)]  # names and places, mostly rare
    claims = []
    for n in range(count):
        extra = " ".join(rng.sample(pool, 3))
        claims.append(f"{rng.choice(bases)} {extra} {rng.randint(1, 999)} {n}")
    return claims


def _fill(url: str, count: int) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    batch = 5000
    claims = _claims(count, seed=4)
    with engine.begin() as connection:
        for start in range(0, count, batch):
            chunk = claims[start : start + batch]
            claim_rows = [
                {
                    "id": start + offset + 1,
                    "key": f"bench:{start + offset}",
                    "claim": claim,
                    "normalized_claim": normalize(claim),
                    "title": "[HOAKS] " + claim[:80],
                    "body": "Faktanya: ...",
                    "language": "id",
                    "origin": "bench",
                    "created_at": now,
                }
                for offset, claim in enumerate(chunk)
            ]
            connection.execute(insert(ArchivedClaim), claim_rows)
            connection.execute(
                insert(ArchiveTerm),
                [
                    {"term": term, "claim_id": row["id"]}
                    for row in claim_rows
                    for term in terms(str(row["normalized_claim"]))
                ],
            )
        # The counts `add_to_archive` keeps beside the index, as the migration fills them.
        connection.execute(
            text(
                "INSERT INTO archive_term_counts (term, claims)"
                " SELECT term, COUNT(*) FROM archive_terms GROUP BY term"
            )
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    migrate(url)
    started = time.perf_counter()
    _fill(url, args.claims)
    print(f"archive of {args.claims:,} claims built in {time.perf_counter() - started:.1f}s")

    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    queries = [normalize(row["b"]) for row in rows]
    engine = make_engine(url)
    timings: list[float] = []
    found = 0
    with Session(engine) as session:
        find_in_archive(session, queries[0], 0.55)  # warm the caches once
        for query in queries:
            begin = time.perf_counter()
            hit = find_in_archive(session, query, 0.55)
            timings.append((time.perf_counter() - begin) * 1000)
            found += hit is not None
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    median = statistics.median(timings)
    print(
        f"{engine.dialect.name}: {len(queries)} lookups, median {median:.1f} ms,"
        f" p95 {p95:.1f} ms, max {timings[-1]:.1f} ms ({found} matched)"
    )
    with Session(engine) as session:
        session.connection().execute(text("UPDATE archive_index_state SET fingerprint = 'old'"))
        begin = time.perf_counter()
        rebuilt = rebuild_if_stale(session)
        session.commit()
    print(
        f"term index read again by a new release: {rebuilt:,} claims in"
        f" {time.perf_counter() - begin:.1f}s"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
