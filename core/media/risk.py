"""What an incident's media add to its risk: the strongest media kind replaces the reported
one, a declared AI generation and an altered copy of the organisation's own media are factors
of their own. Pure: read from the media rows as stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.domain import MediaType
from core.triage import RiskFactor

_AI_POINTS = 20
_ALTERED_POINTS = 25
# How much a kind weighs as a hoax's carrier, least first (`core.triage`'s media points).
_KNOWN = frozenset(m.value for m in MediaType)
_ORDER = [MediaType.TEXT, MediaType.LINK, MediaType.IMAGE, MediaType.AUDIO, MediaType.VIDEO]


def strongest_media(reported: MediaType | None, kinds: Iterable[str]) -> MediaType | None:
    """The heaviest of the reported media type and the kinds of the uploaded files."""
    found = [MediaType(k) for k in kinds if k in _KNOWN]
    candidates = [m for m in [reported, *found] if m is not None]
    return max(candidates, key=_ORDER.index) if candidates else None


def media_factors(items: Iterable[Mapping[str, Any]]) -> list[RiskFactor]:
    """`items`: each media row's `credentials` and `matches` (`core.media.tables.MediaItem`)."""
    generators: list[str] = []
    altered: list[str] = []
    for item in items:
        credentials = item.get("credentials") or {}
        if credentials.get("ai_generated"):
            generators.append(str(credentials.get("generator") or "?"))
        for match in item.get("matches") or []:
            if match.get("scope") == "official" and match.get("altered"):
                altered.append(str(match.get("title") or "?"))
    factors = []
    if generators:
        names = ", ".join(dict.fromkeys(generators))
        factors.append(RiskFactor("ai_declared", _AI_POINTS, names))
    if altered:
        titles = ", ".join(dict.fromkeys(altered))
        factors.append(RiskFactor("altered_official", _ALTERED_POINTS, titles))
    return factors


def best_archive_match(items: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The most similar archived media among the items' matches (a recycled hoax), with
    `upload`: the id of the incident's file that matched it."""
    matches = [
        {**m, "upload": item.get("id")}
        for item in items
        for m in item.get("matches") or []
        if m.get("scope") == "archive" and m.get("archive_id") is not None
    ]
    return max(matches, key=lambda m: float(m.get("similarity") or 0), default=None)
