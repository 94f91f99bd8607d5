"""schema.org ClaimReview (and MediaReview for image, video and audio claims) as JSON-LD.

Fact-check readers and search engines read these to label the hoax where it circulates.
Ratings: 1 (false) to 5 (true); `alternateName` carries the organisation's own label. `url` is
the klarifikasi's own page: the channel's post, else its public page on the API host.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from core.policy import Policy

from core.claim_excerpts import headline

RATINGS = {"false": 1, "partly_false": 2, "misleading": 2, "unproven": 3, "true": 5}
MEDIA_OBJECTS = {"image": "ImageObject", "video": "VideoObject", "audio": "AudioObject"}
# Google asks for a claimReviewed of fewer than 75 characters: the claim as the headline
# states it (sentence case, never cut mid-word).
CLAIM_REVIEWED_MAX = 74


def _appearances(links: list[str], first_seen_at: datetime | None) -> dict[str, Any]:
    """Where the claim was seen: the first source URL is its first appearance (dated when the
    report says when it began to circulate), every source URL an appearance."""
    if not links:
        return {}
    first: dict[str, Any] = {"@type": "CreativeWork", "url": links[0]}
    if first_seen_at is not None:
        first["datePublished"] = first_seen_at.date().isoformat()
    return {
        "firstAppearance": first,
        "appearance": [{"@type": "CreativeWork", "url": link} for link in links],
    }


def review_nodes(
    *,
    claim: str,
    verdict: str,
    label: str,
    language: str,
    organization: str,
    organization_url: str,
    published_at: datetime,
    url: str,
    appearances: list[str],
    media_type: str | None,
    media_authenticity: str | None = None,
    first_seen_at: datetime | None = None,
    time_zone: str = "UTC",
    modified_at: datetime | None = None,
    evidence: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The ClaimReview, plus a MediaReview when the claim is carried by an image, video or
    audio and the verifier said what was wrong with it (no category is guessed).

    Dates are the organisation's (`time_zone`): a klarifikasi published at 17.00 UTC is dated
    the next day in Asia/Makassar, as its readers see it. `published_at` is the first
    publication's moment, kept across corrections; `modified_at` the correction's.
    `evidence`: the incident's media files (`kind`, `sha256`, `mime`), each a media item
    reviewed, named by its SHA-256."""
    author: dict[str, Any] = {"@type": "Organization", "name": organization}
    if organization_url:
        author["url"] = organization_url
    zone = ZoneInfo(time_zone)
    date = published_at.astimezone(zone).date().isoformat()
    dates = {"datePublished": date}
    if modified_at is not None:
        dates["dateModified"] = modified_at.astimezone(zone).date().isoformat()
    claim_review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": headline(claim, CLAIM_REVIEWED_MAX),
        **dates,
        "inLanguage": language,
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[verdict],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "itemReviewed": {"@type": "Claim", **_appearances(appearances, first_seen_at)},
    }
    nodes = [claim_review]
    media = MEDIA_OBJECTS.get(media_type or "") or next(
        (MEDIA_OBJECTS[e["kind"]] for e in evidence if e.get("kind") in MEDIA_OBJECTS), None
    )
    files = [
        {"@type": MEDIA_OBJECTS[e["kind"]], "sha256": e["sha256"], "encodingFormat": e["mime"]}
        for e in evidence
        if e.get("kind") in MEDIA_OBJECTS
    ]
    if media and media_authenticity:
        nodes.append(
            {
                "@type": "MediaReview",
                "url": url,
                **dates,
                "inLanguage": language,
                "author": author,
                "mediaAuthenticityCategory": media_authenticity,
                "originalMediaContextDescription": headline(claim, CLAIM_REVIEWED_MAX),
                "itemReviewed": {
                    "@type": "MediaReviewItem",
                    "mediaItemAppearance": [
                        *({"@type": media, "contentUrl": link} for link in appearances),
                        *files,
                    ],
                },
            }
        )
    return nodes


def jsonld_document(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@graph": nodes}


def organization_review(
    policy: Policy,
    *,
    claim: str,
    verdict: str,
    language: str,
    published_at: datetime,
    url: str,
    appearances: list[str],
    media_type: str | None,
    media_authenticity: str | None = None,
    first_seen_at: datetime | None = None,
    modified_at: datetime | None = None,
    evidence: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The JSON-LD document of one klarifikasi as the policy's organisation issues it: its
    name, site, label for the verdict and time zone."""
    org = policy.organization
    nodes = review_nodes(
        claim=claim,
        verdict=verdict,
        label=policy.templates().label(language, verdict),
        language=language,
        organization=org.name,
        organization_url=org.url,
        published_at=published_at,
        url=url,
        appearances=appearances,
        media_type=media_type,
        media_authenticity=media_authenticity,
        first_seen_at=first_seen_at,
        time_zone=org.timezone,
        modified_at=modified_at,
        evidence=evidence,
    )
    return jsonld_document(nodes)
