"""Detection (SPEC §2 triage): normalise, detect language, score risk with reasons.

A deliberately transparent score: every point is attributed to a factor a PR officer can read
and argue with (reach, growth, media type, topic, target, source credibility, impersonation of
an authority, a harmful call to action). A claim that impersonates an authority and calls for
a harmful act is critical whatever its reach: the "harm" factor lifts it to the critical band,
whose approvals need a leader.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.detection.harm import assess_harm
from core.detection.language import detect_language
from core.detection.matching import similarity as term_similarity
from core.detection.officials import named_authorities, targets
from core.detection.text import normalize, terms
from core.domain import MediaType, Severity
from core.policy import Policy
from core.words.risk import factor_line

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
_TARGET_POINTS = 15
_IMPERSONATION_POINTS = 10
_CALL_POINTS = 15
# Someone on the video or audio speaks or acts: a face or a voice that can be faked.
_PERSON_ON_MEDIA = re.compile(
    r"\b(?:bupati|walikota|gubernur|presiden|wapres|menteri|camat|kades|lurah|sekda|kapolres|"
    r"kapolda|kapolri|ketua|kepala|pejabat|bapak|ibu|pak|bu|ustadz|ustad|artis|pidato|bilang|"
    r"berkata|mengatakan|mengaku|ucap|mengucapkan|menyampaikan|wawancara|suara|diminta|suruh|"
    r"menyuruh|mengajak|ajak|marah|joget|menangis|says|said|speech|interview|tells|told)\b"
)


@dataclass(frozen=True)
class RiskFactor:
    factor: str
    points: int
    # What its explanation names (a number, names, the media type): the explanation is said
    # from the factor and this, in the reader's language, by the catalogue (`core.words.risk`).
    detail: str = ""

    def explained(self, lang: str) -> str:
        return factor_line(self.__dict__, lang)[1]

    def stored(self, lang: str) -> dict[str, Any]:
        """As the read model keeps it and the API shows it: its explanation said in `lang`,
        the organisation's language (pages and cards say it again in their reader's)."""
        return {
            "factor": self.factor,
            "points": self.points,
            "explanation": self.explained(lang),
            "detail": self.detail,
        }


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
        return RiskFactor("source", _SPREADER_POINTS, names)
    trusted = [s for s in policy.triage.trusted_sources if any(s.lower() in u for u in urls)]
    if trusted and len(trusted) == len(urls):
        names = ", ".join(trusted)
        return RiskFactor("source", _TRUSTED_POINTS, names)
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
    factors.append(RiskFactor("reach", reach_points, str(seen)))

    growth = max(growth_per_hour or 0, 0)
    if growth:
        growth_points = min(20, round(5 * math.log10(growth + 1)))
        factors.append(RiskFactor("growth", growth_points, str(growth)))

    media = media_type or MediaType.TEXT
    factors.append(_media_factor(media, normalized, policy))

    matched = matched_topics(normalized, policy)
    if matched:
        top = policy.topics[matched[0]].weight
        topic_points = min(40, top + 5 * (len(matched) - 1))
        names = ", ".join(matched)
        factors.append(RiskFactor("topic", topic_points, names))

    named = targets(normalized, policy.organization)
    if named:
        names = ", ".join(named)
        factors.append(RiskFactor("target", _TARGET_POINTS, names))

    source = _source_factor(source_urls or [], policy)
    if source is not None:
        factors.append(source)

    factors += _harm_factors(normalized, policy, sum(f.points for f in factors))
    score = max(0, min(100, sum(f.points for f in factors)))
    return TriageAssessment(normalized, detect_language(claim), score, factors, matched)


def _media_factor(media: MediaType, normalized: str, policy: Policy) -> RiskFactor:
    """A deepfake needs a person speaking or acting; other footage is most often old or from
    elsewhere, which is what the verifier checks first."""
    points = _MEDIA_POINTS[media]
    if media not in (MediaType.VIDEO, MediaType.AUDIO):
        return RiskFactor("media_type", points, media.value)
    kind = "video" if media is MediaType.VIDEO else "audio"
    if _PERSON_ON_MEDIA.search(normalized) or targets(normalized, policy.organization):
        return RiskFactor("media_type", points, f"{kind}|person")
    return RiskFactor("media_type", points, f"{kind}|origin")


def _harm_factors(normalized: str, policy: Policy, so_far: int) -> list[RiskFactor]:
    harm = assess_harm(normalized, named_authorities(normalized, policy.organization))
    found: list[RiskFactor] = []
    if harm.authorities:
        found.append(
            RiskFactor("impersonation", _IMPERSONATION_POINTS, ", ".join(harm.authorities))
        )
    if harm.calls:
        found.append(RiskFactor("call_to_action", _CALL_POINTS, "; ".join(harm.calls)))
    critical = policy.severity[Severity.CRITICAL].min_risk
    total = so_far + sum(f.points for f in found)
    if harm.critical and total < critical:
        found.append(RiskFactor("harm", critical - total, "critical"))
    return found
