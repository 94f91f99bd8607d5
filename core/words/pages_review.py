"""The verifier's queue and verdict form; the approver's list of what waits for them."""

from __future__ import annotations

REVIEW_TEXTS: dict[str, tuple[str, str]] = {}
