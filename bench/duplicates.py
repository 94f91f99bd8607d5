"""Open-incident duplicates measured on real claims (`make bench-detection`).

    .venv/bin/python -m bench.duplicates [--data FOLDER] [--window DAYS] [--show-unlabelled]

The ~890 claims debunked in 2025-2026 (`bench.real_debunks.queries`: the long quoted narrative)
are reported in the order they were published. Each is triaged as triage's duplicate scan does
(`core.detection.matching.duplicate_match` with entity slots, the policy's
`duplicate_threshold`) against the claims reported in the `--window` days before it, as if they
were still open incidents;
its best link is judged by the labels in `bench/real_duplicate_labels.csv` (pairs of claim ids,
read in full: same hoax, same template with another entity or claim, or different). Two claims
labelled `same` to one archived debunk (`bench/real_debunk_labels.csv`) are one hoax as well.
A link to a `same` claim is right; any other link would have folded a hoax into another's
incident. "Found" counts the known `same` pairs inside the window that the scan linked (a
claim links to one earlier claim, so a hoax reported three times can find at most two).

The data folder is read, never written or committed (see `bench/real_debunks.py`).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench.detection import labels as archive_labels
from bench.real_debunks import DEFAULT_DATA, QUERY_FILE, Debunk, queries
from core.detection.entities import slots
from core.detection.matching import duplicate_match
from core.policy import EXAMPLE_POLICY, load_policy
from core.triage import normalize

LABELS = Path(__file__).resolve().parent / "real_duplicate_labels.csv"
_THRESHOLDS = (0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.80)

Pair = frozenset[str]


def labels(path: Path = LABELS) -> dict[Pair, str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        found = {frozenset((row["later"], row["earlier"])): row["label"] for row in rows}
    debunked: dict[str, set[str]] = {}
    for (claim, archived), label in archive_labels().items():
        if label == "same":
            debunked.setdefault(archived, set()).add(claim)
    for claims in debunked.values():
        for first in claims:
            for second in claims - {first}:
                found.setdefault(frozenset((first, second)), "same")
    return found


def _links(claims: list[Debunk], window: int) -> dict[str, tuple[str, float]]:
    """Each claim's best non-conflicting earlier claim within the window, at any score."""
    read = {c.id: (normalize(c.claim), slots(normalize(c.claim))) for c in claims}
    best: dict[str, tuple[str, float]] = {}
    for index, claim in enumerate(claims):
        assert claim.published is not None
        mine, my_slots = read[claim.id]
        for earlier in reversed(claims[:index]):
            assert earlier.published is not None
            if claim.published - earlier.published > timedelta(days=window):
                break
            theirs, their_slots = read[earlier.id]
            score, differs = duplicate_match(mine, theirs, my_slots, their_slots, 0.0)
            if differs is None and score > best.get(claim.id, ("", 0.0))[1]:
                best[claim.id] = (earlier.id, score)
    return best


def _known_pairs(claims: list[Debunk], known: dict[Pair, str], window: int) -> set[Pair]:
    """The `same` pairs both of whose claims are in the set, within the window of each other."""
    published = {c.id: c.published for c in claims if c.published is not None}
    pairs = set()
    for pair, label in known.items():
        first, second = sorted(pair)
        if label != "same" or first not in published or second not in published:
            continue
        apart = published[first] - published[second]
        if abs(apart.days) <= window:
            pairs.add(pair)
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--window", type=int, default=30, help="days a claim stays open")
    parser.add_argument("--show-unlabelled", action="store_true")
    args = parser.parse_args()
    if not (args.data / QUERY_FILE).is_file():
        print(f"{args.data}: missing {QUERY_FILE} (bench/real_debunks.py says where it comes from)")
        raise SystemExit(2)
    threshold = load_policy(EXAMPLE_POLICY).triage.duplicate_threshold
    claims = sorted(
        (c for c in queries(args.data) if c.published is not None),
        key=lambda c: (c.published, int(c.id[2:])),
    )
    known = labels()
    links = _links(claims, args.window)
    wanted = _known_pairs(claims, known, args.window)
    print(
        f"{len(claims)} claims in order of publication, each against the claims of the"
        f" {args.window} days before it; {len(wanted)} known `same` pairs within that window"
    )
    for cut in _THRESHOLDS:
        linked = {c: link for c, link in links.items() if link[1] >= cut}
        judged = Counter(known.get(frozenset((c, e)), "unlabelled") for c, (e, _) in linked.items())
        found = sum(frozenset((c, e)) in wanted for c, (e, _) in linked.items())
        right = judged["same"]
        precision = right / max(len(linked), 1)
        marker = " (the policy's)" if abs(cut - threshold) < 1e-9 else ""
        print(
            f"  threshold {cut:.2f}{marker}: {len(linked)} links, precision {precision:.2f}"
            f" ({right}/{len(linked)}); found {found} of {len(wanted)} known pairs;"
            f" wrong links: {judged['template']} same template, {judged['different']}"
            f" different, {judged['unlabelled']} unlabelled"
        )
        if args.show_unlabelled and cut == threshold:
            for c, (e, score) in sorted(linked.items()):
                if frozenset((c, e)) not in known:
                    print(f"    {c} {e} {score:.2f}")


if __name__ == "__main__":
    main()
