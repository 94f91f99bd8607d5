"""Is an archived debunk the same hoax as a new claim? A learned score for archive lookups.

A claim reaching the office is often a long forwarded narrative; the archived debunk is often a
title of four to eight words. Symmetric similarity punishes the length gap, so the score looks
at it from both sides, each term weighted by how rare it is in the archive (its IDF):

- how much of the archived title the claim covers (its rare words above all),
- how much of the claim that covered part is (a title met by two common words of a long
  narrative about something else covers little of it),
- how much rare evidence is shared at all, and the rarest shared word,
- one template and one entity (the same bank's prize draw, the same company's vacancy),
- the claim's length, and the weight of the title's words the claim leaves out,
- the symmetric similarity the duplicate scan uses (`core.detection.matching.match`),
- how many of the title's letter 4-grams the claim holds (spellings the stemmer cannot join:
  "BRImo" / "BRI", "lionair" / "lion air", "gratisnya" / "gratis"),
- how much of the title the claim's first 15 words cover (IDF-weighted): a forwarded message
  opens with its own headline ("LOWONGAN KERJA PT X ...", "PEMUTIHAN PAJAK GRATIS ..."), and a
  title met only deep inside a long narrative is more often another story the narrative touches.

The weights are a logistic regression fitted on the "tune" half of the real-debunk set
(`bench.detection`: TurnBackHoax titles of 2024 against narratives of 2025-26), never on the
held-out half, over the candidates the archive's retrieval returns; its intercept is moved so
the policy's `archive_threshold` (0.55) falls at the operating point chosen on tune (a
probability of 0.35: precision 0.82, recall 0.64 in a two-fold cross-validation within tune).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from core.detection.entities import Conflict, Slot
from core.detection.matching import match, matched_terms, one_template_one_entity
from core.detection.text import terms

# An office's archive starts small: until it holds this many claims, a word's rarity is read
# as if the archive did (in a tiny archive every word would otherwise look common).
_MIN_ARCHIVE = 1000
# Fitted on tune (bench.detection), rounded; the features are in `_features`' order.
_WEIGHTS = (-1.689, 1.891, 1.93, 4.562, 3.035, -0.743, -0.949, 3.072, 2.363, 3.744)
_FITTED_INTERCEPT = -10.239
_OPERATING_POINT = 0.35  # the fitted probability the policy threshold stands for
_HEADLINE_WORDS = 15
_POLICY_THRESHOLD = 0.55  # the policy's default archive_threshold
_INTERCEPT = (
    _FITTED_INTERCEPT
    + math.log(_POLICY_THRESHOLD / (1 - _POLICY_THRESHOLD))
    - math.log(_OPERATING_POINT / (1 - _OPERATING_POINT))
)


@dataclass(frozen=True)
class Rarity:
    """How many archived claims hold each term, and how many claims there are."""

    holding: Mapping[str, int]
    claims: int

    @property
    def size(self) -> int:
        """The archive's size as rarity reads it (a small archive counts as `_MIN_ARCHIVE`)."""
        return max(self.claims, _MIN_ARCHIVE)

    def idf(self, term: str) -> float:
        return math.log((self.size + 1) / (self.holding.get(term[:64], 0) + 0.5))


@dataclass(frozen=True)
class Compared:
    """One side of a comparison: the normalised claim, its terms and its entity slots."""

    normalized: str
    terms: frozenset[str]
    slots: frozenset[Slot]


# The archive's candidates come back on many lookups: each claim's 4-grams are cut once.
@lru_cache(maxsize=8192)
def _letter_grams(normalized: str) -> frozenset[str]:
    grams: set[str] = set()
    for word in normalized.split():
        padded = f" {word} "
        grams.update(padded[i : i + 4] for i in range(max(1, len(padded) - 3)))
    return frozenset(grams)


@lru_cache(maxsize=4096)
def _headline(normalized: str) -> frozenset[str]:
    return terms(" ".join(normalized.split()[:_HEADLINE_WORDS]))


def _features(
    claim: Compared, archived: Compared, similarity: float, rarity: Rarity
) -> tuple[float, ...]:
    covered = matched_terms(claim.terms, archived.terms)
    shared = sum(rarity.idf(term) for term in covered)
    archived_weight = sum(rarity.idf(term) for term in archived.terms)
    claim_weight = sum(rarity.idf(term) for term in claim.terms)
    template = one_template_one_entity(claim.terms, archived.terms, claim.slots, archived.slots)
    title_grams = _letter_grams(archived.normalized)
    headline = matched_terms(_headline(claim.normalized), archived.terms)
    return (
        shared / archived_weight,
        shared / claim_weight,
        shared / 10,
        max((rarity.idf(term) for term in covered), default=0.0) / 10,
        float(template),
        math.log(len(claim.terms)),
        (archived_weight - shared) / 10,
        similarity,
        len(title_grams & _letter_grams(claim.normalized)) / max(len(title_grams), 1),
        sum(rarity.idf(term) for term in headline) / archived_weight,
    )


def recurrence(
    claim: Compared, archived: Compared, rarity: Rarity
) -> tuple[float, Conflict | None]:
    """How likely the archived debunk answers the claim, 0..1 (the policy's archive threshold
    is the cut), and the entity that differs if the two are one template for two entities."""
    if not claim.terms or not archived.terms:
        return 0.0, None
    similarity, differs = match(claim.terms, archived.terms, claim.slots, archived.slots)
    features = _features(claim, archived, similarity, rarity)
    logit = _INTERCEPT + sum(w * x for w, x in zip(_WEIGHTS, features, strict=True))
    return 1 / (1 + math.exp(-logit)), differs
