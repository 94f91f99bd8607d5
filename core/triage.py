"""Detection (SPEC §2 triage): normalise, detect language, score risk with reasons.

A deliberately transparent score: every point is attributed to a factor a PR officer can read
and argue with (reach, growth, media type, topic, target, source credibility).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from core.detection.language import detect_language
from core.detection.matching import similarity as term_similarity
from core.detection.text import normalize, terms
from core.domain import MediaType
from core.policy import Policy

__all__ = ["RiskFactor", "TriageAssessment", "assess", "detect_language", "normalize"]

_MEDIA_POINTS = {
    MediaType.TEXT: 5,
    MediaType.LINK: 5,
    MediaType.IMAGE: 10,
    MediaType.AUDIO: 20,
    MediaType.VIDEO: 25,
}
_SPREADER_POINTS = 15
_TRUSTED_POINTS = -10


@dataclass(frozen=True)
class RiskFactor:
    factor: str
    points: int
    explanation: str
    # What the explanation names (a number, names, the media type): what people read is said
    # from the factor and this, in their language (`core.words.risk`).
    detail: str = ""


@dataclass(frozen=True)
class TriageAssessment:
    normalized_claim: str
    language: str
    risk_score: int
    factors: list[RiskFactor]
    topics: list[str]


def similarity(normalized_a: str, normalized_b: str) -> float:
    """How alike two normalised claims are, 0..1 (see `core.detection.matching`)."""
    return term_similarity(terms(normalized_a), terms(normalized_b))


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """A policy keyword or name as a whole-word pattern, built once (None if it is empty)."""
    needle = normalize(phrase)
    return re.compile(rf"\b{re.escape(needle)}\b") if needle else None


def _contains(normalized: str, phrase: str) -> bool:
    pattern = _phrase_pattern(phrase)
    return pattern is not None and pattern.search(normalized) is not None


def matched_topics(normalized: str, policy: Policy) -> list[str]:
    """Topics of the policy's watch lexicon the text mentions, most sensitive first."""
    return sorted(
        (
            name
            for name, topic in policy.topics.items()
            if any(_contains(normalized, word) for word in topic.keywords)
        ),
        key=lambda name: (-policy.topics[name].weight, name),
    )


def _source_factor(source_urls: list[str], policy: Policy) -> RiskFactor | None:
    urls = [url.lower() for url in source_urls]
    spreaders = [s for s in policy.triage.known_hoax_spreaders if any(s.lower() in u for u in urls)]
    if spreaders:
        names = ", ".join(spreaders)
        return RiskFactor("source", _SPREADER_POINTS, "known hoax spreader: " + names, names)
    trusted = [s for s in policy.triage.trusted_sources if any(s.lower() in u for u in urls)]
    if trusted and len(trusted) == len(urls):
        names = ", ".join(trusted)
        return RiskFactor("source", _TRUSTED_POINTS, "trusted source: " + names, names)
    return None


def assess(
    claim: str,
    reach: int | None,
    media_type: MediaType | None,
    policy: Policy,
    source_urls: list[str] | None = None,
    growth_per_hour: int | None = None,
) -> TriageAssessment:
    normalized = normalize(claim)
    factors: list[RiskFactor] = []

    seen = max(reach or 0, 0)
    reach_points = min(35, round(6 * math.log10(seen + 1)))
    factors.append(RiskFactor("reach", reach_points, f"{seen:,} views/shares reported", str(seen)))

    growth = max(growth_per_hour or 0, 0)
    if growth:
        growth_points = min(20, round(5 * math.log10(growth + 1)))
        factors.append(
            RiskFactor("growth", growth_points, f"{growth:,} new views/shares an hour", str(growth))
        )

    media = media_type or MediaType.TEXT
    media_points = _MEDIA_POINTS[media]
    label = "possible deepfake" if media in (MediaType.VIDEO, MediaType.AUDIO) else "media type"
    factors.append(RiskFactor("media_type", media_points, f"{media.value}: {label}", media.value))

    matched = matched_topics(normalized, policy)
    if matched:
        top = policy.topics[matched[0]].weight
        topic_points = min(40, top + 5 * (len(matched) - 1))
        names = ", ".join(matched)
        factors.append(RiskFactor("topic", topic_points, "sensitive topics: " + names, names))

    targets = [
        name
        for name in [policy.organization.name, *policy.organization.leaders]
        if _contains(normalized, name)
    ]
    if targets:
        names = ", ".join(targets)
        factors.append(RiskFactor("target", 15, "targets " + names, names))

    source = _source_factor(source_urls or [], policy)
    if source is not None:
        factors.append(source)

    score = max(0, min(100, sum(f.points for f in factors)))
    return TriageAssessment(normalized, detect_language(claim), score, factors, matched)
