"""Recycled-hoax matching measured on real debunks (`make bench-detection`).

    .venv/bin/python -m bench.detection [--data FOLDER] [--labels CSV] [--show-unlabelled]
        [--archive-form title|narrative] [--query-form narrative|title]

The archive is ~3,700 TurnBackHoax debunks of 2024 (one title each; with `--archive-form
narrative` each holds the hoax's quoted text as its claim beside its title, as an office's own
incidents and a CSV import do), put through the real
`add_to_archive` into a fresh SQLite file; each of ~890 claims debunked in 2025-2026 (the long
quoted narrative; with `--query-form title` the later debunk's own one-line title, as an officer
would sum a report up) is looked up with the real `find_in_archive` at the shipped threshold. The
labels (`bench/real_debunk_labels.csv`, ids only) say which archived debunks are the same hoax
returning and which are the same template with another entity or event (hard negatives); any
other pair is a different hoax. A hit on a `same` pair is a true positive; any other hit is a
false positive; a claim that has a `same` debunk in the archive and gets no right hit is a miss.

Claims are split in two by their id (odd/even article number): "tune" is what the lexicon and
weights were looked at on, "held-out" was not. The committed synthetic pairs
(tests/data/claim_pairs.jsonl) are scored too. The data folder is read, never written or
committed (see `bench/real_debunks.py`).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from bench.real_debunks import (
    ARCHIVE_FILES,
    ARCHIVE_FORMS,
    DEFAULT_DATA,
    QUERY_FILE,
    Debunk,
    archive,
    queries,
)
from core.db import make_engine
from core.detection.archive import ArchiveEntry, add_to_archive, find_in_archive
from core.detection.entities import slots
from core.detection.matching import match
from core.detection.tables import ArchivedClaim
from core.detection.text import terms
from core.migrate import migrate
from core.policy import EXAMPLE_POLICY, load_policy
from core.triage import normalize

QUERY_FORMS = ("narrative", "title")
LABELS = Path(__file__).resolve().parent / "real_debunk_labels.csv"
PAIRS = Path(__file__).resolve().parent.parent / "tests" / "data" / "claim_pairs.jsonl"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    template_hits: int = 0
    positives: int = 0
    claims: int = 0

    def line(self, name: str) -> str:
        precision = self.tp / max(self.tp + self.fp, 1)
        recall = self.tp / max(self.positives, 1)
        return (
            f"{name:>9}: precision {precision:.3f} ({self.tp}/{self.tp + self.fp}),"
            f" recall {recall:.3f} ({self.tp}/{self.positives}); {self.claims} claims,"
            f" {self.template_hits} hits on a same-template debunk"
        )


def labels(path: Path = LABELS) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(row["query"], row["archive"]): row["label"] for row in rows}


def _build(url: str, debunks: list[Debunk]) -> dict[int, str]:
    """The archive in a database; returns row id -> debunk id."""
    engine = make_engine(url)
    ids: dict[int, str] = {}
    with Session(engine) as session:
        for debunk in debunks:
            entry = ArchiveEntry(
                claim=debunk.claim,
                title=debunk.title,
                body="-",
                language="id",
                origin="bench",
                key=debunk.id,
            )
            add_to_archive(session, entry)
        session.commit()
        for row_id, key in session.exec(select(ArchivedClaim.id, ArchivedClaim.key)).all():
            assert row_id is not None
            ids[row_id] = key
    engine.dispose()
    return ids


def real(
    folder: Path,
    show_unlabelled: bool,
    label_file: Path = LABELS,
    form: str = "title",
    query_form: str = "narrative",
) -> dict[str, Score]:
    threshold = load_policy(EXAMPLE_POLICY).triage.archive_threshold
    known = labels(label_file)
    same: dict[str, set[str]] = {}
    for (query, archived), label in known.items():
        if label == "same":
            same.setdefault(query, set()).add(archived)
    url = f"sqlite:///{tempfile.mkdtemp()}/debunks.db"
    migrate(url)
    ids = _build(url, archive(folder, form))
    scores = {"tune": Score(), "held-out": Score(), "all": Score()}
    timings: list[float] = []
    unlabelled: list[str] = []
    engine = make_engine(url)
    with Session(engine) as session:
        for claim in queries(folder):
            text = claim.title if query_form == "title" else claim.claim
            begin = time.perf_counter()
            hit = find_in_archive(session, normalize(text), threshold)
            timings.append((time.perf_counter() - begin) * 1000)
            found = ids[hit.claim.id] if hit is not None and hit.claim.id is not None else None
            split = "tune" if int(claim.id[2:]) % 2 else "held-out"
            for score in (scores[split], scores["all"]):
                score.claims += 1
                score.positives += claim.id in same
                if found is None:
                    score.fn += claim.id in same
                elif found in same.get(claim.id, set()):
                    score.tp += 1
                else:
                    score.fp += 1
                    score.fn += claim.id in same
                    score.template_hits += known.get((claim.id, found)) == "template"
            if found is not None and (claim.id, found) not in known and hit is not None:
                unlabelled.append(f"  {claim.id} {found} {hit.similarity:.2f} {claim.title}")
    engine.dispose()
    timings.sort()
    print(
        f"archive {len(ids)} debunks, threshold {threshold}; lookup median"
        f" {statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms"
    )
    print(f"{len(unlabelled)} hits on pairs not labelled (counted as false positives)")
    if show_unlabelled:
        print("\n".join(unlabelled))
    return scores


def synthetic() -> str:
    threshold = load_policy(EXAMPLE_POLICY).triage.archive_threshold
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    outcome: Counter[str] = Counter()
    for row in rows:
        a, b = normalize(row["a"]), normalize(row["b"])
        score, differs = match(terms(a), terms(b), slots(a), slots(b))
        predicted = score >= threshold and differs is None
        right = "t" if predicted == bool(row["match"]) else "f"
        outcome[right + ("p" if predicted else "n")] += 1
    precision = outcome["tp"] / max(outcome["tp"] + outcome["fp"], 1)
    recall = outcome["tp"] / max(outcome["tp"] + outcome["fn"], 1)
    return (
        f"synthetic: precision {precision:.3f}, recall {recall:.3f} on {len(rows)} pairs"
        f" ({dict(outcome)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--labels", type=Path, default=LABELS, help="an older labels file")
    parser.add_argument("--show-unlabelled", action="store_true")
    parser.add_argument(
        "--archive-form",
        choices=ARCHIVE_FORMS,
        default="title",
        help="what an archived debunk's claim holds: its title, or the hoax's quoted text",
    )
    parser.add_argument(
        "--query-form",
        choices=QUERY_FORMS,
        default="narrative",
        help="what is looked up: the forwarded text, or the later debunk's title (a report"
        " an officer summed up in one line)",
    )
    args = parser.parse_args()
    missing = [n for n in (*ARCHIVE_FILES, QUERY_FILE) if not (args.data / n).is_file()]
    if missing:
        print(
            f"{args.data}: missing {', '.join(missing)} (bench/real_debunks.py says where"
            " they come from; --data or TANGKAL_DEBUNK_DATA names the folder)"
        )
        print(synthetic())
        raise SystemExit(2)
    scores = real(args.data, args.show_unlabelled, args.labels, args.archive_form, args.query_form)
    for name, score in scores.items():
        print(score.line(name))
    print(synthetic())


if __name__ == "__main__":
    main()
