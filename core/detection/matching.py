"""How alike two claims are, on their terms (see `core.detection.text`).

Terms meet exactly or, for longer words, by spelling (dipalsukan / dipalsuin, ngungsi /
mengungsi): social media spells freely. The score blends Dice (both claims share most of their
terms) with containment (one claim is the other plus embroidery), so a short recycled hoax still
meets its longer original; containment needs a few shared terms before it counts, so two short
claims on the same topic do not meet by one common word.
"""

from __future__ import annotations

from difflib import SequenceMatcher

_FUZZY_MIN_LENGTH = 5
_FUZZY_RATIO = 0.8
_CONTAINMENT_MIN_SHARED = 3


def _close(word: str, other: str) -> bool:
    if min(len(word), len(other)) < _FUZZY_MIN_LENGTH or word[:2] != other[:2]:
        return False
    return SequenceMatcher(None, word, other).ratio() >= _FUZZY_RATIO


def shared_terms(left: frozenset[str], right: frozenset[str]) -> int:
    exact = left & right
    rest = sorted(right - exact)
    fuzzy = 0
    for word in sorted(left - exact):
        match = next((other for other in rest if _close(word, other)), None)
        if match is not None:
            rest.remove(match)
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
