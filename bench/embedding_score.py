"""The scoring half of `bench.embedding` (run in the project's venv): the shipped retrieval's
candidates with the embedding's cosines beside the shipped features, refits on tune, the
figures on both halves. See `bench.embedding` for the protocol."""

from __future__ import annotations

import json
import math
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.real_debunks import archive, queries

_CUTS = (0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60)
_COSINES = (0.50, 0.60, 0.70, 0.75, 0.80, 0.85, 0.90)


@dataclass
class Candidate:
    archived: str  # debunk id
    features: tuple[float, ...]
    conflict: bool
    same: bool


@dataclass
class Claim:
    id: str
    split: str
    fold: int  # two folds within each half, for cross-validation on tune
    positive: bool  # has a `same` debunk in the archive
    candidates: list[Candidate]  # the shipped retrieval's scored candidates, in its order
    # the whole archive ranked by cosine, conflicting titles left out (the first 200 titles'
    # survivors): id, cosine, is a `same` debunk
    cosine_top: list[tuple[str, float, bool]]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    positives: int = 0

    def add(self, positive: bool, hit: bool | None) -> None:
        self.positives += positive
        if hit is not None:
            self.tp += hit
            self.fp += not hit

    def __str__(self) -> str:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.positives, 1)
        return f"P {p:.3f} ({self.tp}/{self.tp + self.fp}) R {r:.3f} ({self.tp}/{self.positives})"

    def f1(self) -> float:
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.positives, 1)
        return 2 * p * r / (p + r) if p + r else 0.0


def _claims(folder: Path, vectors: Path) -> list[Claim]:
    from sqlalchemy import func
    from sqlmodel import Session, col, select

    from bench.detection import _build, labels
    from core.db import make_engine
    from core.detection.archive import _SCORED, _candidates, _holding
    from core.detection.entities import conflict, slots
    from core.detection.matching import match, matched_terms
    from core.detection.recurrence import Compared, Rarity, _features
    from core.detection.tables import ArchivedClaim
    from core.detection.text import normalize, terms
    from core.migrate import migrate

    stored = np.load(vectors)
    archive_ids = [str(i) for i in stored["archive_ids"]]
    archive_row = {key: n for n, key in enumerate(archive_ids)}
    claim_row = {str(i): n for n, i in enumerate(stored["claim_ids"])}
    cosines = stored["claim_vectors"] @ stored["archive_vectors"].T
    head_cosines = stored["head_vectors"] @ stored["archive_vectors"].T
    same: dict[str, set[str]] = {}
    for (claim_id, archived_id), label in labels().items():
        if label == "same":
            same.setdefault(claim_id, set()).add(archived_id)
    debunks = archive(folder)
    assert [d.id for d in debunks] == archive_ids, "vectors are of another archive"
    archive_slots = [slots(normalize(d.claim)) for d in debunks]
    url = f"sqlite:///{tempfile.mkdtemp()}/debunks.db"
    migrate(url)
    ids = _build(url, debunks)
    engine = make_engine(url)
    found: list[Claim] = []
    with Session(engine) as session:
        size = session.exec(select(func.max(ArchivedClaim.id))).one() or 0
        for query in queries(folder):
            normalized = normalize(query.claim)
            wanted = terms(normalized)
            mine_slots = slots(normalized)
            mine = Compared(normalized, wanted, mine_slots)
            theirs_same = same.get(query.id, set())
            # The shipped retrieval and features (core.detection.archive.search_archive).
            candidates: list[Candidate] = []
            frequency = _holding(session, wanted) if wanted else {}
            rarity = Rarity(frequency, size)
            chosen = _candidates(session, rarity)
            if chosen and wanted:
                rows = session.exec(
                    select(ArchivedClaim.id, ArchivedClaim.normalized_claim).where(
                        col(ArchivedClaim.id).in_(chosen)
                    )
                ).all()
                held = {i: terms(text) for i, text in rows if i is not None}
                texts = {i: text for i, text in rows if i is not None}
                covered = {i: len(matched_terms(wanted, t)) / len(t) for i, t in held.items() if t}
                scored = sorted(covered, key=lambda i: (-covered[i], -i))[:_SCORED]
                unseen = set().union(*(held[i] for i in scored)) - frequency.keys()
                frequency.update(_holding(session, unseen) if unseen else {})
                for i in scored:
                    theirs = Compared(texts[i], held[i], slots(texts[i]))
                    similarity, differs = match(wanted, theirs.terms, mine_slots, theirs.slots)
                    features = _features(mine, theirs, similarity, rarity)
                    key = ids[i]
                    at = claim_row[query.id], archive_row[key]
                    extra = (float(cosines[at]), float(head_cosines[at]))
                    candidates.append(
                        Candidate(key, (*features, *extra), differs is not None, key in theirs_same)
                    )
            # The cosine over the whole archive, best first, conflicting titles left out.
            row = cosines[claim_row[query.id]]
            ranking: list[tuple[str, float, bool]] = []
            for n in np.argsort(-row)[:200]:
                if conflict(mine_slots, archive_slots[n]) is None:
                    key = archive_ids[n]
                    ranking.append((key, float(row[n]), key in theirs_same))
            number = int(query.id[2:])
            found.append(
                Claim(
                    query.id,
                    "tune" if number % 2 else "held-out",
                    (number // 2) % 2,
                    query.id in same,
                    candidates,
                    ranking,
                )
            )
    engine.dispose()
    return found


Scorer = Callable[[tuple[float, ...]], float]


def _decide(claim: Claim, score: Scorer, cut: float) -> bool | None:
    """As `search_archive`: the best non-conflicting candidate at or above the cut."""
    best: tuple[float, bool] | None = None
    for candidate in claim.candidates:
        value = score(candidate.features)
        if value < cut or (best is not None and value <= best[0]):
            continue
        if not candidate.conflict:
            best = (value, candidate.same)
    return None if best is None else best[1]


def _tally(claims: Sequence[Claim], score: Scorer, cut: float) -> Tally:
    tally = Tally()
    for claim in claims:
        tally.add(claim.positive, _decide(claim, score, cut))
    return tally


def _fit(rows: np.ndarray, labels_: np.ndarray, c: float = 1.0) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression with sklearn's objective (the intercept is not
    penalised): minimise ||w||^2 / 2 + C * log loss, by Newton's method."""
    x = np.hstack([rows, np.ones((rows.shape[0], 1))])
    y = labels_.astype(float)
    penalty = np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    params = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ params)))
        gradient = penalty @ params + c * x.T @ (p - y)
        hessian = penalty + c * (x.T * (p * (1 - p))) @ x
        step = np.linalg.solve(hessian, gradient)
        params = params - step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return params[:-1], float(params[-1])


def _scorer(weights: np.ndarray, intercept: float, columns: Sequence[int]) -> Scorer:
    def score(features: tuple[float, ...]) -> float:
        z = intercept + sum(w * features[k] for w, k in zip(weights, columns, strict=True))
        return 1 / (1 + math.exp(-z))

    return score


def _train(claims: Sequence[Claim], columns: Sequence[int], c: float) -> Scorer:
    rows = [cand for claim in claims for cand in claim.candidates]
    x = np.array([[cand.features[k] for k in columns] for cand in rows])
    y = np.array([cand.same for cand in rows])
    weights, intercept = _fit(x, y, c)
    return _scorer(weights, intercept, columns)


def _best(claim: Claim, score: Scorer) -> bool | None:
    """Whether the best-scored non-conflicting candidate is a `same` debunk (no cut)."""
    return _decide(claim, score, 0.0)


def _cross(tune: Sequence[Claim], columns: Sequence[int], c: float) -> dict[float, Tally]:
    """Two-fold cross-validation within tune (fitted on one fold, scored on the other), at
    each cut."""
    folds = [[cl for cl in tune if cl.fold == f] for f in (0, 1)]
    fitted = [_train(folds[1 - f], columns, c) for f in (0, 1)]
    return {cut: _crossed(folds, fitted, cut) for cut in _CUTS}


def _crossed(folds: Sequence[Sequence[Claim]], fitted: Sequence[Scorer], cut: float) -> Tally:
    total = Tally()
    for f in (0, 1):
        part = _tally(folds[f], fitted[f], cut)
        total.tp, total.fp = total.tp + part.tp, total.fp + part.fp
        total.positives += part.positives
    return total


def _auc(pool: Sequence[Candidate], column: int) -> float:
    """How often a `same` candidate outscores another on one feature (ties count half)."""
    right = [cand.features[column] for cand in pool if cand.same]
    wrong = np.array([cand.features[column] for cand in pool if not cand.same])
    wins = sum(float(np.sum(wrong < r) + 0.5 * np.sum(wrong == r)) for r in right)
    return wins / max(len(right) * len(wrong), 1)


def _log_loss(claims: Sequence[Claim], score: Scorer) -> float:
    losses = []
    for claim in claims:
        for cand in claim.candidates:
            p = min(max(score(cand.features), 1e-9), 1 - 1e-9)
            losses.append(-math.log(p if cand.same else 1 - p))
    return statistics.fmean(losses)


MODELS = {
    "10 features refitted": tuple(range(10)),
    "10 + cosine (claim)": (*range(10), 10),
    "10 + cosine (headline)": (*range(10), 11),
    "10 + both cosines": tuple(range(12)),
}


def score(folder: Path, vectors: Path, strengths: Sequence[float], verbose: bool) -> None:
    from core.detection import recurrence

    claims = _claims(folder, vectors)
    halves = {name: [cl for cl in claims if cl.split == name] for name in ("tune", "held-out")}
    tune, held = halves["tune"], halves["held-out"]
    print("cost:", json.dumps(json.loads(str(np.load(vectors)["cost"]))))
    print(f"claims: tune {len(tune)}, held-out {len(held)}")

    print("\n1. cosine alone (top non-conflicting title over the whole archive)")
    for threshold in _COSINES:
        line = []
        for name, half in halves.items():
            tally = Tally()
            for claim in half:
                top = claim.cosine_top[0] if claim.cosine_top else None
                tally.add(claim.positive, top[2] if top and top[1] >= threshold else None)
            line.append(f"{name} {tally}")
        print(f"  cos >= {threshold:.2f}: " + "; ".join(line))
    for name, half in halves.items():
        ranks = []
        for claim in half:
            if claim.positive:
                at = [n for n, (_, _, right) in enumerate(claim.cosine_top) if right]
                ranks.append(at[0] + 1 if at else 10**6)
        counts = ", ".join(f"top {k}: {sum(r <= k for r in ranks)}" for k in (1, 5, 20, 100))
        print(f"  {name}: rank of the first `same` debunk by cosine, of {len(ranks)}: {counts}")

    retrieved = {
        name: sum(any(c.same for c in cl.candidates) for cl in half if cl.positive)
        for name, half in halves.items()
    }
    print(f"\nthe shipped retrieval's 20 scored candidates hold a `same` debunk for: {retrieved}")
    for name, half in halves.items():
        pool = [cand for claim in half for cand in claim.candidates]
        aucs = {k: _auc(pool, k) for k in (10, 11, 7, 0)}
        print(
            f"  {name}, {len(pool)} candidates, {sum(c.same for c in pool)} `same`: AUC of the"
            f" cosine {aucs[10]:.3f}, headline cosine {aucs[11]:.3f}, symmetric similarity"
            f" {aucs[7]:.3f}, IDF coverage of the title {aucs[0]:.3f}"
        )

    # The fitted intercept at the operating point is the shipped intercept at the policy's 0.55.
    shipped = _scorer(np.array(recurrence._WEIGHTS), recurrence._FITTED_INTERCEPT, range(10))
    point = recurrence._OPERATING_POINT
    print(f"\n2. shipped weights at {point} (bench.detection's figures):")
    for name, half in halves.items():
        print(f"  {name}: {_tally(half, shipped, point)}")
    tops = {name: sum(bool(_best(cl, shipped)) for cl in half) for name, half in halves.items()}
    print(
        f"  held-out candidates' log loss {_log_loss(held, shipped):.4f}; best candidate right"
        f" (no cut): tune {tops['tune']}, held-out {tops['held-out']}"
    )

    for c in strengths:
        print(f"\nC = {c} (L2: ||w||^2 / 2 + C * log loss); cut = best two-fold-CV F1 on tune")
        for label, columns in MODELS.items():
            fitted = _train(tune, columns, c)
            crossed = _cross(tune, columns, c)
            cut = max(_CUTS, key=lambda k: (crossed[k].f1(), k))
            first = {name: Tally() for name in halves}
            for name, half in halves.items():
                for claim in half:
                    if claim.positive:
                        first[name].add(True, _best(claim, fitted))
            print(
                f"  {label:<24} cut {cut:.2f}: tune {_tally(tune, fitted, cut)}"
                f" | tune CV {crossed[cut]} | held-out {_tally(held, fitted, cut)}"
                f" | held-out at 0.35 {_tally(held, fitted, 0.35)}"
                f" | best candidate right (no cut): tune {first['tune'].tp},"
                f" held-out {first['held-out'].tp} | held-out log loss"
                f" {_log_loss(held, fitted):.4f}"
            )
            if verbose:
                for k in _CUTS:
                    print(
                        f"      p >= {k:.2f}: tune {_tally(tune, fitted, k)} | CV {crossed[k]}"
                        f" | held-out {_tally(held, fitted, k)}"
                    )
                rows = [cand for claim in tune for cand in claim.candidates]
                x = np.array([[cand.features[k] for k in columns] for cand in rows])
                weights, intercept = _fit(x, np.array([cand.same for cand in rows]), c)
                print("      weights", np.round(weights, 3).tolist(), round(intercept, 3))
