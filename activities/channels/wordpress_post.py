"""What a klarifikasi post on WordPress holds: the text as HTML, the ClaimReview JSON-LD, and
the post settings the policy gives.

WordPress pings every URL it finds in a post's content when it is published (pingbacks:
`wp_extract_urls` reads plain text and JSON alike), so the hoax's own links would be
contacted from the government's site. They are written so that no URL pattern matches, while
readers and JSON-LD parsers read the same: `/` as `&#47;` in the HTML, as `\\u002f` in the JSON.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from activities.channels.base import html_paragraphs, plain_text
from activities.types import PublishRequest
from core.claimreview import organization_review
from core.policy import Policy, WordPressPost

JSONLD_OPEN = '<script type="application/ld+json">'


def settings_of(post: WordPressPost | None) -> WordPressPost:
    return post or WordPressPost()


def post_settings(post: WordPressPost) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "comment_status": post.comment_status,
        "ping_status": post.ping_status,
    }
    if post.categories:
        fields["categories"] = list(post.categories)
    if post.tags:
        fields["tags"] = list(post.tags)
    return fields


def marker(slug: str) -> str:
    """The comment every post of the klarifikasi carries, found by `search=` in any status:
    WordPress clears the slug of a post a Contributor submits for review."""
    return f"<!-- tangkal:{slug} -->"


def post_content(
    policy: Policy,
    request: PublishRequest,
    *,
    slug: str,
    url: str,
    published_at: datetime,
    modified_at: datetime | None = None,
    jsonld: bool = True,
) -> dict[str, Any]:
    """Title and content; without `jsonld` when the site strips `<script>` from this account's
    posts (the JSON would otherwise be shown to readers as text)."""
    body = plain_text(request).split("\n\n", 1)[1]  # the title is the post's own title
    content = marker(slug) + "\n" + html_paragraphs(body)
    for link in request.source_urls:  # the hoax's links: shown, never pinged
        shown = html.escape(link)
        content = content.replace(shown, shown.replace("/", "&#47;"))
    if jsonld:
        content += (
            "\n"
            + JSONLD_OPEN
            + claimreview_json(policy, request, url, published_at, modified_at)
            + "</script>"
        )
    # WordPress renders titles as HTML too: a claim quoted in the title must stay text.
    return {"title": html.escape(request.title, quote=False), "content": content}


def claimreview_json(
    policy: Policy,
    request: PublishRequest,
    url: str,
    published_at: datetime,
    modified_at: datetime | None,
) -> str:
    document = organization_review(
        policy,
        claim=request.claim,
        verdict=request.verdict,
        language=request.language,
        published_at=published_at,
        url=url,
        appearances=request.source_urls,
        media_type=request.media_type,
        media_authenticity=request.media_authenticity,
        first_seen_at=request.first_seen_at,
        modified_at=modified_at,
        evidence=request.evidence,
    )
    text = json.dumps(document, ensure_ascii=False)
    # "</script>" or "<!--" in a claim must not end the script element: no raw "<" at all;
    # and no "/" at all, so no pingback takes an appearance's URL for a link.
    return text.replace("<", "\\u003c").replace("/", "\\u002f")


def kept_jsonld(stored: str) -> bool:
    """Whether the content WordPress stored still has the JSON-LD script element (kses strips
    it for accounts without `unfiltered_html`: Authors, and everyone under
    DISALLOW_UNFILTERED_HTML)."""
    return JSONLD_OPEN in stored
