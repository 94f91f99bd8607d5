"""What an approver and an officer read as the change between two versions of a text."""

from __future__ import annotations

from core.draft_diff import Change, Piece, changed, word_diff


def test_an_added_sentence_is_the_only_change_shown() -> None:
    before = "Bupati tidak pernah berkata demikian pada 1 Desember 2026."
    after = before + " Video itu hasil suntingan."
    assert word_diff(before, after) == [
        Piece(Change.SAME, before + " "),
        Piece(Change.ADDED, "Video itu hasil suntingan."),
    ]


def test_a_replaced_word_is_removed_then_added_and_the_texts_come_back_whole() -> None:
    before = "Jalan Sunset Road ditutup sebulan.\nInfo: Dishub."
    after = "Jalan Sunset Road ditutup sehari.\nInfo: Dishub Badung."
    pieces = word_diff(before, after)
    assert pieces == [
        Piece(Change.SAME, "Jalan Sunset Road ditutup "),
        Piece(Change.REMOVED, "sebulan.\n"),
        Piece(Change.ADDED, "sehari.\n"),
        Piece(Change.SAME, "Info: "),
        Piece(Change.REMOVED, "Dishub."),
        Piece(Change.ADDED, "Dishub Badung."),
    ]
    assert "".join(p.text for p in pieces if p.change is not Change.REMOVED) == after
    assert changed(pieces)
    assert not changed(word_diff(after, after))
