"""Media evidence: fingerprint cost, lookup time at 100,000 archived media, and how well the
matching holds on generated media and their edits (issue 15).

    .venv/bin/python -m bench.media [--originals 60] [--archive 100000]

1. Fingerprint time per picture (640 x 480 JPEG: type check, hashes of every variant) and per
   minute of video (320 x 240, H.264) and of audio (a voice-like WAV), each timed several times.
2. Precision and recall: `--originals` generated photos (floods and crowds, half each) are
   archived through the real catalogue (`core.media.catalogue`); each is queried in 14 edits
   (re-compression q30/q95, 0.3x/2x, 15 % crops, caption bands, text, mirror, screenshots, all
   at once): a true positive finds its original first. As many photos of the same subjects
   that were never archived are queried too: anything they find is a false positive.
3. Lookup time with `--archive` items: the real fingerprints of step 2, filled up with items
   whose hashes are those real fingerprints with a random 24-bit mask flipped in each (the
   structure of real hashes, not their values: generating 100,000 pictures would take hours).
   Then `search` is timed for the edited copies; p50 and p95 over every query.
Writes bench/results/media.json.
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
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from core.db import make_engine
from core.detection.tables import ArchivedClaim
from core.media.catalogue import make_searchable, search
from core.media.facts import examine
from core.media.fingerprints import fingerprint, index_keys, to_json
from core.media.tables import MediaItem, MediaKey
from core.media.types import Fingerprint
from core.migrate import migrate
from tests import media_samples as samples
from tests.media_samples import EDITS

RESULTS = Path(__file__).resolve().parent / "results" / "media.json"
CAP = 50 * 1024 * 1024


def _print_file(path: Path) -> Fingerprint:
    return fingerprint(path, examine(path, max_bytes=CAP))


def _timed(what: str, runs: int, make: Any) -> dict[str, float]:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        make()
        times.append((time.perf_counter() - begin) * 1000)
    summary = {"n": runs, "median_ms": statistics.median(times), "min_ms": min(times)}
    summary["max_ms"] = max(times)
    print(
        f"{what}: median {summary['median_ms']:.0f} ms"
        f" (min {min(times):.0f}, max {max(times):.0f}, n={runs})"
    )
    return summary


def fingerprint_costs(folder: Path) -> dict[str, Any]:
    photo = samples.save(samples.scene(1), folder / "foto.jpg")
    video = samples.video(folder / "menit.mp4", seed=1, seconds=60)
    voice = samples.voice(folder / "menit.wav", seed=1, seconds=60)
    return {
        "picture": _timed("fingerprint, one 640x480 photo", 20, lambda: _print_file(photo)),
        "video_minute": _timed("fingerprint, one minute of video", 3, lambda: _print_file(video)),
        "audio_minute": _timed("fingerprint, one minute of audio", 3, lambda: _print_file(voice)),
    }


def _subject(n: int) -> samples.Subject:
    return samples.Subject.FLOOD if n % 2 else samples.Subject.CROWD


def _archive(session: Session, originals: int, folder: Path) -> dict[str, Fingerprint]:
    now = datetime.now(UTC)
    prints = {}
    for n in range(originals):
        claim = ArchivedClaim(
            key=f"bench:{n}", claim=f"klaim {n}", normalized_claim=f"klaim {n}", title=f"#{n}",
            body="-", language="id", origin="bench", created_at=now,
        )  # fmt: skip
        session.add(claim)
        session.flush()
        path = samples.save(samples.scene(n, _subject(n)), folder / "asli.jpg")
        fp = _print_file(path)
        item = MediaItem(
            id=f"MD-ORIG{n:05d}", sha256=f"{n:064x}", kind="image", mime="image/jpeg",
            bytes=path.stat().st_size, fingerprint=to_json(fp), archive_id=claim.id,
            created_at=now,
        )  # fmt: skip
        session.add(item)
        session.flush()
        make_searchable(session, item, fp)
        prints[item.id] = fp
    session.commit()
    return prints


def _queries(originals: int, folder: Path) -> list[tuple[str | None, Fingerprint]]:
    """(the original it should find, or None, the query)."""
    queries: list[tuple[str | None, Fingerprint]] = []
    for n in range(originals):
        picture = samples.scene(n, _subject(n))
        for edit in EDITS.values():
            path = samples.save(edit(picture), folder / "salinan.jpg")
            queries.append((f"MD-ORIG{n:05d}", _print_file(path)))
    for n in range(originals):  # never archived: the same subjects, other scenes
        path = samples.save(samples.scene(100_000 + n, _subject(n)), folder / "lain.jpg")
        queries.append((None, _print_file(path)))
    return queries


def precision_recall(
    session: Session, queries: list[tuple[str | None, Fingerprint]]
) -> dict[str, Any]:
    tp = fp = fn = 0
    for wanted, query in queries:
        found = search(session, query)
        best = found[0].item.id if found else None
        if wanted is None:
            fp += best is not None
        elif best == wanted:
            tp += 1
        else:
            fn += 1
            fp += best is not None
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"precision {precision:.3f}, recall {recall:.3f}"
        f" ({tp} found, {fn} missed, {fp} wrong; {len(queries)} queries)"
    )
    return {
        "precision": precision,
        "recall": recall,
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "queries": len(queries),
    }


def fill_up(url: str, prints: list[Fingerprint], total: int) -> None:
    rng = random.Random(15)
    now = datetime.now(UTC)
    engine = make_engine(url)
    batch: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    with engine.begin() as connection:
        for n in range(total - len(prints)):
            base = prints[n % len(prints)]
            mask = sum(1 << bit for bit in rng.sample(range(64), 24))
            moved = Fingerprint(base.kind, tuple(h ^ mask for h in base.hashes), extra=base.extra)
            media_id = f"MD-FILL{n:07d}"
            batch.append({
                "id": media_id, "sha256": f"{n:064x}", "kind": "image", "mime": "image/jpeg",
                "bytes": 1, "fingerprint": to_json(moved), "archive_id": 1, "created_at": now,
            })  # fmt: skip
            keys += [{"key": k, "media_id": media_id} for k in index_keys(moved)]
            if len(batch) == 5000:
                connection.execute(insert(MediaItem), batch)
                connection.execute(insert(MediaKey).prefix_with("OR IGNORE"), keys)
                batch, keys = [], []
        if batch:
            connection.execute(insert(MediaItem), batch)
            connection.execute(insert(MediaKey).prefix_with("OR IGNORE"), keys)
    engine.dispose()


def lookups(session: Session, queries: list[tuple[str | None, Fingerprint]]) -> dict[str, Any]:
    times, found = [], 0
    for wanted, query in queries:
        begin = time.perf_counter()
        hits = search(session, query)
        times.append((time.perf_counter() - begin) * 1000)
        found += bool(wanted and hits and hits[0].item.id == wanted)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    print(
        f"lookup: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
        f" (n={len(times)}; {found} found their original)"
    )
    return {"n": len(times), "p50_ms": p50, "p95_ms": p95, "max_ms": times[-1], "found": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--originals", type=int, default=60)
    parser.add_argument("--archive", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate(url)
    results: dict[str, Any] = {"fingerprint": fingerprint_costs(folder)}
    engine = make_engine(url)
    with Session(engine) as session:
        prints = _archive(session, args.originals, folder)
        queries = _queries(args.originals, folder)
        results["matching"] = precision_recall(session, queries)
    started = time.perf_counter()
    fill_up(url, list(prints.values()), args.archive)
    print(f"archive of {args.archive:,} media built in {time.perf_counter() - started:.0f} s")
    with Session(engine) as session:
        results["lookup"] = lookups(session, queries) | {"archive": args.archive}
        results["matching_at_archive"] = precision_recall(session, queries)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
