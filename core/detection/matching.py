"""How alike two claims are, on their terms (see `core.detection.text`) and entities.

Terms meet exactly or, for longer words, by spelling (dipalsukan / dipalsuin, ngungsi /
mengungsi): social media spells freely. The score blends Dice (both claims share most of their
terms) with containment (one claim is the other plus embroidery), so a short recycled hoax still
meets its longer original; containment needs a few shared terms before it counts, so two short
claims on the same topic do not meet by one common word.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from core.detection.entities import Conflict, Slot, conflict
from core.detection.lexicon import TEMPLATE_TERMS

_FUZZY_MIN_LENGTH = 5
_FUZZY_RATIO = 0.8
_CONTAINMENT_MIN_SHARED = 3
# One template and one entity (the same bank's prize draw, the same company's vacancy) is the
# same hoax however differently the rest is told: measured on real debunks (bench.detection).
SAME_ENTITY_SCORE = 0.7
_ENTITY_KINDS = frozenset({"bank", "company", "agency", "official", "flight"})


def _close(word: str, other: str) -> bool:
    return SequenceMatcher(None, word, other).ratio() >= _FUZZY_RATIO


def shared_terms(left: frozenset[str], right: frozenset[str]) -> int:
    exact = left & right
    # Only long words with the same first two letters can meet by spelling: bucket the right
    # side by those letters (in sorted order) so each left word tries only its own bucket.
    rest: dict[str, list[str]] = {}
    for other in sorted(right - exact):
        if len(other) >= _FUZZY_MIN_LENGTH:
            rest.setdefault(other[:2], []).append(other)
    fuzzy = 0
    for word in sorted(left - exact) if rest else ():
        if len(word) < _FUZZY_MIN_LENGTH:
            continue
        bucket = rest.get(word[:2], [])
        match = next((other for other in bucket if _close(word, other)), None)
        if match is not None:
            bucket.remove(match)
            fuzzy += 1
    return len(exact) + fuzzy


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    shared = shared_terms(left, right)
    dice = 2 * shared / (len(left) + len(right))
    if shared < _CONTAINMENT_MIN_SHARED:
        return dice
    containment = shared / min(len(left), len(right))
    return (dice + containment) / 2


def match(
    left: frozenset[str],
    right: frozenset[str],
    left_slots: frozenset[Slot],
    right_slots: frozenset[Slot],
) -> tuple[float, Conflict | None]:
    """How alike two claims are, on their terms and their entities: a conflict (another bank,
    Bupati, airline) makes the pair a template, not a match, whatever the score."""
    differs = conflict(left_slots, right_slots)
    score = similarity(left, right)
    same_entity = any(kind in _ENTITY_KINDS for kind, _ in left_slots & right_slots)
    same_template = bool(left & right & TEMPLATE_TERMS)
    if differs is None and same_entity and same_template and score < SAME_ENTITY_SCORE:
        score = SAME_ENTITY_SCORE
    return score, differs
