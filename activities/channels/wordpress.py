"""The WordPress channel: the REST API (`/wp-json/wp/v2/posts`), application-password auth.

A post's slug is derived from the idempotency key, so a retry after a lost answer finds the
post it already made (`GET ?slug=`) instead of making a second one. The post carries the
ClaimReview JSON-LD; a correction updates the post, a retraction moves it to the trash.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from typing import Any

import httpx

from activities.channels.base import Delivered, html_paragraphs, plain_text, secret_of
from activities.errors import classify_response, classify_transport
from activities.types import PublishRequest
from core.claimreview import jsonld_document, review_nodes
from core.policy import Channel, Policy
from core.settings import Settings


def slug_for(key: str) -> str:
    return "klarifikasi-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


class WordPressChannel:
    def __init__(self, http: httpx.AsyncClient, policy: Policy, settings: Settings) -> None:
        self._http = http
        self._policy = policy
        self._settings = settings

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        posts = channel.url.rstrip("/") + "/wp-json/wp/v2/posts"
        auth = httpx.BasicAuth(channel.username, secret_of(channel, self._settings))
        service = f"channel {channel.name}"
        if request.operation == "retraction":
            assert request.previous_external_id
            target = f"{posts}/{request.previous_external_id}"
            await self._call(service, "DELETE", target, auth, gone_is_done=True)
            return Delivered(url=None, external_id=request.previous_external_id)
        if request.operation == "correction" and request.previous_external_id:
            url = request.previous_url or channel.url
            fields = self._post_fields(request, url)
            target = f"{posts}/{request.previous_external_id}"
            answer = await self._call(service, "POST", target, auth, json_body=fields)
            return Delivered(url=answer.get("link"), external_id=str(answer.get("id")))
        slug = slug_for(key)
        found = await self._call(service, "GET", posts, auth, params={"slug": slug})
        if isinstance(found, list) and found:  # made by an attempt whose answer was lost
            post: Any = found[0]
            return Delivered(url=post.get("link"), external_id=str(post.get("id")))
        # `?name=` finds a post by slug whatever the site's permalink settings are.
        fields = self._post_fields(request, f"{channel.url.rstrip('/')}/?name={slug}")
        fields.update(slug=slug, status="publish")
        answer = await self._call(service, "POST", posts, auth, json_body=fields)
        return Delivered(url=answer.get("link"), external_id=str(answer.get("id")))

    def _post_fields(self, request: PublishRequest, url: str) -> dict[str, Any]:
        org = self._policy.organization
        nodes = review_nodes(
            claim=request.claim,
            verdict=request.verdict,
            label=self._policy.templates().label(request.language, request.verdict),
            language=request.language,
            organization=org.name,
            organization_url=org.url,
            published_at=datetime.now(UTC),
            url=url,
            appearances=request.source_urls,
            media_type=request.media_type,
            media_authenticity=request.media_authenticity,
            first_seen_at=request.first_seen_at,
        )
        # "</script>" or "<!--" in a claim must not end the script element: no raw "<" at all.
        jsonld = json.dumps(jsonld_document(nodes), ensure_ascii=False).replace("<", "\\u003c")
        body = plain_text(request).split("\n\n", 1)[1]  # the title is the post's own title
        content = html_paragraphs(body) + f'\n<script type="application/ld+json">{jsonld}</script>'
        # WordPress renders titles as HTML too: a claim quoted in the title must stay text.
        return {"title": html.escape(request.title, quote=False), "content": content}

    async def _call(
        self,
        service: str,
        method: str,
        url: str,
        auth: httpx.BasicAuth,
        *,
        json_body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        gone_is_done: bool = False,
    ) -> Any:
        try:
            response = await self._http.request(
                method, url, auth=auth, json=json_body, params=params
            )
        except httpx.TransportError as exc:
            raise classify_transport(service, exc) from None
        if gone_is_done and response.status_code in (404, 410):
            return {}  # already deleted or trashed by an earlier attempt
        error = classify_response(service, response)
        if error is not None:
            raise error
        return response.json()
