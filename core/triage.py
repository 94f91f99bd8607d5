"""First-pass detection (SPEC §2 triage): normalise, detect language, score risk with reasons.

A deliberately transparent score: every point is attributed to a factor a PR officer can read
and argue with. The detection issue deepens each factor; the shape stays.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from core.domain import MediaType
from core.policy import Policy

# Common spelling variants in Indonesian social media, mapped to the standard form.
_VARIANTS = {
    "yg": "yang",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "tdk": "tidak",
    "dgn": "dengan",
    "utk": "untuk",
    "krn": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "blm": "belum",
    "jgn": "jangan",
    "dr": "dari",
    "pd": "pada",
    "dlm": "dalam",
    "tsb": "tersebut",
    "bpk": "bapak",
    "sy": "saya",
}
_ID_WORDS = frozenset(
    (
        "yang dan di ke dari tidak ini itu dengan untuk akan pada adalah sudah karena dalam juga "
        "ada oleh kita kami bahwa atau saat warga beredar telah bisa jadi harus"
    ).split()
)
_EN_WORDS = frozenset(
    (
        "the and is are was of to in that it for on with as this be will have has by from not "
        "they their people said been"
    ).split()
)
_MEDIA_POINTS = {
    MediaType.TEXT: 5,
    MediaType.LINK: 5,
    MediaType.IMAGE: 10,
    MediaType.AUDIO: 20,
    MediaType.VIDEO: 25,
}
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class RiskFactor:
    factor: str
    points: int
    explanation: str


@dataclass(frozen=True)
class TriageAssessment:
    normalized_claim: str
    language: str
    risk_score: int
    factors: list[RiskFactor]
    topics: list[str]


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(_VARIANTS.get(token, token) for token in _TOKEN.findall(folded))


def tokens(normalized: str) -> set[str]:
    # Numbers and dates change between recycled versions of a hoax; they do not identify it.
    return {t for t in normalized.split() if not t.isdigit() and len(t) > 1}


def similarity(a: str, b: str) -> float:
    left, right = tokens(a), tokens(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def detect_language(normalized: str) -> str:
    words = normalized.split()
    indonesian = sum(word in _ID_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    if indonesian == english == 0:
        return "und"
    return "id" if indonesian >= english else "en"


def _contains(normalized: str, phrase: str) -> bool:
    needle = normalize(phrase)
    return bool(needle) and re.search(rf"\b{re.escape(needle)}\b", normalized) is not None


def assess(
    claim: str, reach: int | None, media_type: MediaType | None, policy: Policy
) -> TriageAssessment:
    normalized = normalize(claim)
    factors: list[RiskFactor] = []

    seen = max(reach or 0, 0)
    reach_points = min(35, round(6 * math.log10(seen + 1)))
    factors.append(RiskFactor("reach", reach_points, f"{seen:,} views/shares reported"))

    media = media_type or MediaType.TEXT
    media_points = _MEDIA_POINTS[media]
    label = "possible deepfake" if media in (MediaType.VIDEO, MediaType.AUDIO) else "media type"
    factors.append(RiskFactor("media_type", media_points, f"{media.value}: {label}"))

    matched = sorted(
        (
            name
            for name, topic in policy.topics.items()
            if any(_contains(normalized, word) for word in topic.keywords)
        ),
        key=lambda name: -policy.topics[name].weight,
    )
    if matched:
        top = policy.topics[matched[0]].weight
        topic_points = min(40, top + 5 * (len(matched) - 1))
        factors.append(RiskFactor("topic", topic_points, "sensitive topics: " + ", ".join(matched)))

    targets = [
        name
        for name in [policy.organization.name, *policy.organization.leaders]
        if _contains(normalized, name)
    ]
    if targets:
        factors.append(RiskFactor("target", 15, "targets " + ", ".join(targets)))

    score = max(0, min(100, sum(f.points for f in factors)))
    return TriageAssessment(normalized, detect_language(normalized), score, factors, matched)
