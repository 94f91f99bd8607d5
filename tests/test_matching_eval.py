"""Recycled-hoax matching measured on a labelled set of claim pairs (tests/data/claim_pairs.jsonl).

Most pairs are Bahasa Indonesia: paraphrases, recycled hoaxes with other dates, names and numbers,
slang spellings, mixed Indonesian-English, and hard negatives on the same topic (two different
election hoaxes are not duplicates) or on the same template with another entity (two banks, two
Bupatis, two airlines, two companies). The threshold is the one the shipped policy uses; pairs
are judged as triage judges them, on terms and entities (`core.detection.matching.match`).
The figures on real debunks come from `make bench-detection`, not from here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from core.detection.entities import slots
from core.detection.matching import match
from core.detection.text import terms
from core.policy import EXAMPLE_POLICY, load_policy
from core.triage import normalize

PAIRS = Path(__file__).parent / "data" / "claim_pairs.jsonl"


def test_the_evaluation_set_is_large_and_mostly_indonesian() -> None:
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    kinds = Counter(row["kind"] for row in rows)
    assert len(rows) >= 80
    assert {"paraphrase", "recycled", "slang", "mixed", "negative", "template"} <= set(kinds)
    assert kinds["negative"] >= 30 and kinds["template"] >= 6


def test_precision_and_recall_on_labelled_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    threshold = load_policy(EXAMPLE_POLICY).triage.archive_threshold
    rows = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    outcome: Counter[str] = Counter()
    misses: list[str] = []
    for row in rows:
        a, b = normalize(row["a"]), normalize(row["b"])
        score, differs = match(terms(a), terms(b), slots(a), slots(b))
        predicted = score >= threshold and differs is None
        expected = bool(row["match"])
        outcome[
            {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(
                (predicted, expected), "tn"
            )
        ] += 1
        if predicted != expected:
            misses.append(f"{'FP' if predicted else 'FN'} [{row['kind']}] {row['a']} | {row['b']}")
    precision = outcome["tp"] / max(outcome["tp"] + outcome["fp"], 1)
    recall = outcome["tp"] / max(outcome["tp"] + outcome["fn"], 1)
    report = (
        f"{len(rows)} pairs at threshold {threshold}: precision {precision:.3f}, "
        f"recall {recall:.3f} ({dict(outcome)})"
    )
    with capsys.disabled():
        print("\n" + report + "".join("\n  " + miss for miss in misses))
    assert precision >= 0.9, report
    assert recall >= 0.85, report
