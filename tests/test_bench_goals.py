"""The bench's goal table: the decisions row says its sample counts and judges issue 17's 1.5x."""

from __future__ import annotations

from typing import Any

from bench.decisions import summary
from bench.goals import goals


def decisions(ours_p99: float, bare_p99: float) -> dict[str, Any]:
    return {
        "per_round": 1000,
        "rounds": 3,
        "concurrency": 10,
        "tangkal": {"samples": 3000, "p50_ms": 20.0, "p99_ms": ours_p99},
        "bare": {"samples": 3000, "p50_ms": 10.0, "p99_ms": bare_p99},
        "p99_ratio_rounds": [ours_p99 / bare_p99] * 3,
        "p99_ratio": ours_p99 / bare_p99,
    }


def test_decision_row_states_sample_counts_and_meets_at_1_4x() -> None:
    [row] = goals({"decisions": decisions(70.0, 50.0)})
    assert "of 3000" in row["figure"]
    assert "3 rounds of 1000" in row["figure"]
    assert row["met"]


def test_decision_row_not_met_past_1_5x() -> None:
    [row] = goals({"decisions": decisions(80.0, 50.0)})
    assert not row["met"]


def test_summary_counts_its_samples() -> None:
    assert summary([1.0, 2.0, 3.0])["samples"] == 3
