"""What changed between two versions of a klarifikasi, word by word: the approver reads the
change since the version last approved, the officer the change they are asked for.

Pure: the pages render the pieces (`<ins>`/`<del>`), tests read them directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

# Words with the spaces after them, so joining the pieces gives the texts back exactly.
_TOKENS = re.compile(r"\S+\s*|\s+")


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    change: Change
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """`after` against `before`: unchanged, removed and added runs of words, in reading order
    (a replaced run is its removal, then its addition). Words are compared without the spaces
    after them ("2026." is the same word at the end of a line or before more text); unchanged
    runs are shown as `after` spaces them. Adjacent pieces of one kind are one."""
    old = _TOKENS.findall(before)
    new = _TOKENS.findall(after)
    pieces: list[Piece] = []

    def add(change: Change, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if pieces and pieces[-1].change is change:
            pieces[-1] = Piece(change, pieces[-1].text + text)
        else:
            pieces.append(Piece(change, text))

    matcher = SequenceMatcher(
        a=[token.strip() for token in old], b=[token.strip() for token in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(Change.SAME, new[j1:j2])
        else:
            add(Change.REMOVED, old[i1:i2])
            add(Change.ADDED, new[j1:j2])
    return pieces


def changed(pieces: list[Piece]) -> bool:
    return any(piece.change is not Change.SAME for piece in pieces)
