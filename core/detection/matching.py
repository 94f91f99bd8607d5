"""How alike two claims are, on their terms (see `core.detection.text`) and entities.

Terms meet exactly or, for longer words, by spelling (dipalsukan / dipalsuin, ngungsi /
mengungsi): social media spells freely. The score blends Dice (both claims share most of their
terms) with containment (one claim is the other plus embroidery), so a short recycled hoax still
meets its longer original; containment needs a few shared terms before it counts, so two short
claims on the same topic do not meet by one common word.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from core.detection.entities import Conflict, Slot, conflict
from core.detection.lexicon import SCAM_KINDS, TEMPLATE_TERMS
from core.detection.text import opening, terms

_FUZZY_MIN_LENGTH = 5
_FUZZY_RATIO = 0.8
_CONTAINMENT_MIN_SHARED = 3
# One template and one entity (the same bank's prize draw, the same company's vacancy) is the
# same hoax however differently the rest is told: measured on real debunks (bench.detection).
SAME_ENTITY_SCORE = 0.7
# Agencies and officials are left out: "pendaftaran KPPS" and "daftar pemilih" of one KPU are
# two hoaxes on one template word.
_ENTITY_KINDS = frozenset({"bank", "company", "flight"})


# A triage compares the new claim's words with the same words of many open incidents and
# archive candidates: each pair is worked out once. The cheap upper bounds of the ratio decide
# most pairs before the full one (the answer is the same: they never undercount).
@lru_cache(maxsize=1 << 18)
def _close(word: str, other: str) -> bool:
    matcher = SequenceMatcher(None, word, other)
    return (
        matcher.real_quick_ratio() >= _FUZZY_RATIO
        and matcher.quick_ratio() >= _FUZZY_RATIO
        and matcher.ratio() >= _FUZZY_RATIO
    )


@lru_cache(maxsize=8192)
def _buckets(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The long words of a claim by their first two letters, each bucket in sorted order: only
    those can meet a word by spelling. Worked out once per claim (open incidents and archive
    candidates are compared again and again)."""
    buckets: dict[str, list[str]] = {}
    for word in sorted(words):
        if len(word) >= _FUZZY_MIN_LENGTH:
            buckets.setdefault(word[:2], []).append(word)
    return {prefix: tuple(bucket) for prefix, bucket in buckets.items()}


def matched_terms(left: frozenset[str], right: frozenset[str]) -> frozenset[str]:
    """The right claim's terms that a left term meets, exactly or by spelling."""
    exact = left & right
    if len(exact) == len(left) or len(exact) == len(right):
        return exact
    mine, theirs = _buckets(left), _buckets(right)
    common = mine.keys() & theirs.keys()
    if not common:
        return exact
    used: set[str] = set()
    # In sorted order of the left words, as one pass over them would take them.
    for word in sorted(w for prefix in common for w in mine[prefix] if w not in exact):
        for other in theirs[word[:2]]:
            if other not in exact and other not in used and _close(word, other):
                used.add(other)
                break
    return exact | used if used else exact


def shared_terms(left: frozenset[str], right: frozenset[str]) -> int:
    return len(matched_terms(left, right))


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    shared = shared_terms(left, right)
    dice = 2 * shared / (len(left) + len(right))
    if shared < _CONTAINMENT_MIN_SHARED:
        return dice
    containment = shared / min(len(left), len(right))
    return (dice + containment) / 2


def one_template_one_entity(
    left: frozenset[str],
    right: frozenset[str],
    left_slots: frozenset[Slot],
    right_slots: frozenset[Slot],
) -> bool:
    """Both claims name the same bank, company or flight and share a scam-template word."""
    same_entity = any(kind in _ENTITY_KINDS for kind, _ in left_slots & right_slots)
    return same_entity and bool(left & right & TEMPLATE_TERMS)


def scam_conflict(left: frozenset[str], right: frozenset[str]) -> Conflict | None:
    """Two scams of different kinds (a vacancy and a prize draw): None when either names no
    kind or they share one."""
    mine = {SCAM_KINDS[term] for term in left & SCAM_KINDS.keys()}
    theirs = {SCAM_KINDS[term] for term in right & SCAM_KINDS.keys()}
    if mine and theirs and not mine & theirs:
        return Conflict("scam", tuple(sorted(mine)), tuple(sorted(theirs)))
    return None


def match(
    left: frozenset[str],
    right: frozenset[str],
    left_slots: frozenset[Slot],
    right_slots: frozenset[Slot],
) -> tuple[float, Conflict | None]:
    """How alike two claims are, on their terms and their entities: a conflict (another bank,
    Bupati, airline) or another kind of scam makes the pair a template, not a match, whatever
    the score."""
    differs = conflict(left_slots, right_slots) or scam_conflict(left, right)
    score = similarity(left, right)
    if (
        differs is None
        and score < SAME_ENTITY_SCORE
        and one_template_one_entity(left, right, left_slots, right_slots)
    ):
        score = SAME_ENTITY_SCORE
    return score, differs


def duplicate_match(
    mine: str,
    theirs: str,
    my_slots: frozenset[Slot],
    their_slots: frozenset[Slot],
    threshold: float,
) -> tuple[float, Conflict | None]:
    """How alike a new report and an open incident's claim are (both normalised): `match` on
    the whole claims, and no more than on their openings. Two forwards on one scam template
    share its boilerplate (the requirements, the placement, "klik tautan di bio") and differ in
    how they open: a link closes the report as the other's duplicate, so both must agree.
    Measured on real claims (bench.duplicates). The openings are compared only where the whole
    claims reach the threshold, the only case where they can change the answer."""
    score, differs = match(terms(mine), terms(theirs), my_slots, their_slots)
    if score < threshold or differs is not None:
        return score, differs
    heads = opening(mine), opening(theirs)
    if heads != (mine, theirs):
        head_score, _ = match(terms(heads[0]), terms(heads[1]), my_slots, their_slots)
        score = min(score, head_score)
    return score, differs
