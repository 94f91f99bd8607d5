"""The WordPress channel: posts through the REST API (`wordpress_rest`), application-password
auth, on a site as it is installed.

Exactly once, whatever the site does (issue 18):
- The account is checked first (`/users/me`): wrong credentials fail before anything is
  posted, with a message that says so; an account that may not publish (a Contributor)
  submits the post for review instead of being refused.
- Every post of an incident on a channel has one slug (`slug_for`) and carries it in a marker
  comment (`wordpress_post.marker`: WordPress clears the slug of a Contributor's post held for
  review). A publication first looks for its posts in every status (`status=any`,
  `context=edit`, by slug and by `search=` for the marker: a draft or a post held for review
  is found too), and creates one only when there is none, as a draft; then it looks
  again, keeps the oldest and takes down any other (a create slower than the client's wait
  lands later as a second post: WordPress names it `slug-2` instead of refusing it); only then
  the kept post is published. A create that lands after that stays a draft nobody sees, and
  the next correction or the retraction takes it down.
- The status recorded is the status WordPress reports: `publish` is "published" at its
  permalink; `pending`, `draft` or `future` is "pending" — waiting for the web editor, not
  public, with no URL.
- The stored content is read back: when WordPress stripped the ClaimReview `<script>` (kses,
  for accounts without `unfiltered_html`), the post is rewritten without it (its JSON would be
  shown to readers as text) and the publication carries a warning.
- A retraction is done when WordPress says the post is in the trash or does not exist; a
  refusal (trash disabled: 501) is an error, so the incident is not closed as retracted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx
from temporalio.exceptions import ApplicationError

from activities.channels.base import Delivered, secret_of
from activities.channels.wordpress_post import (
    kept_jsonld,
    marker,
    post_content,
    post_settings,
    settings_of,
)
from activities.channels.wordpress_rest import WordPressRest
from activities.types import PublishRequest
from core.policy import Channel, Policy
from core.settings import Settings

POSTS = "/wp/v2/posts"
SLUG_VARIANTS = 6  # slug, slug-2 … slug-6: what WordPress makes of a taken slug
WAITING = "pending"  # Tangkal's status of a post the web editor has yet to publish


def slug_for(incident_id: str, channel: str) -> str:
    return "klarifikasi-" + re.sub(r"[^a-z0-9]+", "-", f"{incident_id}-{channel}".lower()).strip(
        "-"
    )


class WordPressChannel:
    def __init__(self, http: httpx.AsyncClient, policy: Policy, settings: Settings) -> None:
        self._http = http
        self._policy = policy
        self._settings = settings

    async def deliver(self, channel: Channel, request: PublishRequest, key: str) -> Delivered:
        auth = httpx.BasicAuth(channel.username, secret_of(channel, self._settings))
        rest = WordPressRest(
            self._http, channel.url, auth, f"channel {channel.name}", channel.timeout_seconds
        )
        me = await rest.check_credentials()
        slug = slug_for(request.incident_id, channel.name)
        if request.operation == "retraction":
            return await self._retract(rest, request, slug)
        if request.operation == "correction" and request.previous_external_id:
            return await self._correct(rest, channel, request, slug)
        may_publish = bool(me.get("capabilities", {}).get("publish_posts"))
        return await self._publish(rest, channel, request, slug, may_publish)

    async def _publish(
        self,
        rest: WordPressRest,
        channel: Channel,
        request: PublishRequest,
        slug: str,
        may_publish: bool,
    ) -> Delivered:
        post = settings_of(channel.wordpress)
        now = datetime.now(UTC)
        ours = await self._ours(rest, slug)
        if not ours:  # none yet: made as a draft, published once it is the only one
            fields = post_content(
                self._policy, request, slug=slug, url=channel.url, published_at=now
            )
            body = fields | post_settings(post) | {"slug": slug, "status": "draft"}
            created = await rest.call("POST", POSTS, body=body)
            ours = await self._ours(rest, slug) or [created]
        kept, *extra = ours
        notes = [await self._take_down_duplicate(rest, duplicate) for duplicate in extra]
        status = post.status if may_publish or post.status != "publish" else "pending"
        published_at = _moment(kept) if kept.get("status") == "publish" else now
        fields = post_settings(post)
        if kept.get("status") != "publish":  # what the web editor published stays published
            fields["status"] = status
        stored = await self._write(rest, request, slug, kept, (published_at, None), fields)
        return _delivered(stored, notes)

    async def _correct(
        self, rest: WordPressRest, channel: Channel, request: PublishRequest, slug: str
    ) -> Delivered:
        post_id = request.previous_external_id
        current = await rest.call(
            "GET", f"{POSTS}/{post_id}", params={"context": "edit"}, missing_ok=True
        )
        if current is None or current.get("status") == "trash":
            raise ApplicationError(
                f"{rest.service}: pos {post_id} tidak ada lagi di situs (dihapus di WordPress?);"
                " koreksi tidak diterbitkan (the post is gone)",
                type="Rejected",
                non_retryable=True,
            )
        live = current.get("status") == "publish"
        published_at = _moment(current) if live else datetime.now(UTC)
        extra = [p for p in await self._ours(rest, slug) if str(p.get("id")) != post_id]
        notes = [await self._take_down_duplicate(rest, duplicate) for duplicate in extra]
        fields = post_settings(settings_of(channel.wordpress))
        dates = (published_at, datetime.now(UTC))
        stored = await self._write(rest, request, slug, current, dates, fields)
        return _delivered(stored, notes)

    async def _write(
        self,
        rest: WordPressRest,
        request: PublishRequest,
        slug: str,
        post: dict[str, Any],
        dates: tuple[datetime, datetime | None],
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        """Writes the text (ClaimReview at the post's permalink, dated `dates`: first published,
        modified) and the fields; rewrites it once more when the permalink came out other than
        expected, and without the JSON-LD when WordPress stripped it."""
        target = f"{POSTS}/{post['id']}"

        def content(url: str, jsonld: bool = True) -> dict[str, Any]:
            published_at, modified_at = dates
            return post_content(
                self._policy,
                request,
                slug=slug,
                url=url,
                published_at=published_at,
                modified_at=modified_at,
                jsonld=jsonld,
            )

        url = _permalink(post)
        stored: dict[str, Any] = await rest.call("POST", target, body=content(url) | fields)
        if stored.get("status") == "publish" and stored.get("link") and stored["link"] != url:
            url = stored["link"]
            stored = await rest.call("POST", target, body=content(url))
        raw = _raw(stored)
        if raw is None:  # the answer lacks the stored text: read it back
            raw = _raw(await rest.call("GET", target, params={"context": "edit"}))
        if raw is not None and not kept_jsonld(raw):
            stored = await rest.call("POST", target, body=content(url, jsonld=False))
            stored["_stripped"] = True
        return stored

    async def _retract(self, rest: WordPressRest, request: PublishRequest, slug: str) -> Delivered:
        ids = [request.previous_external_id] if request.previous_external_id else []
        ids += [str(p["id"]) for p in await self._ours(rest, slug) if str(p["id"]) not in ids]
        for post_id in ids:
            gone = await rest.call("DELETE", f"{POSTS}/{post_id}", missing_ok=True)
            if gone is not None and gone.get("status") != "trash" and not gone.get("deleted"):
                raise ApplicationError(
                    f"{rest.service}: pos {post_id} tidak masuk tempat sampah (status "
                    f"{gone.get('status')!r}); pencabutan belum selesai (post not trashed)",
                    type="Rejected",
                    non_retryable=True,
                )
        extra = [post_id for post_id in ids if post_id != request.previous_external_id]
        warning = (
            f"juga diturunkan: pos {', '.join(extra)} dari percobaan terdahulu "
            "(duplicates from earlier attempts taken down too)"
        )
        return Delivered(
            url=None, external_id=request.previous_external_id, warning=warning if extra else None
        )

    async def _ours(self, rest: WordPressRest, slug: str) -> list[dict[str, Any]]:
        """This incident's posts on the site in any status but the trash, oldest first: by
        slug (and what WordPress made of it when it was taken) and by the marker in the
        content (a post held for review may have lost its slug)."""
        slugs = [slug] + [f"{slug}-{n}" for n in range(2, SLUG_VARIANTS + 1)]
        common = {"status": "any", "context": "edit", "per_page": "20"}
        by_slug = await rest.call("GET", POSTS, params=common | {"slug": ",".join(slugs)})
        by_marker = await rest.call("GET", POSTS, params=common | {"search": slug})
        found: dict[int, dict[str, Any]] = {}
        for post in [*_posts(by_slug), *_posts(by_marker)]:
            if post.get("slug") in slugs or marker(slug) in (_raw(post) or ""):
                found[int(post["id"])] = post
        return [found[post_id] for post_id in sorted(found)]

    async def _take_down_duplicate(self, rest: WordPressRest, post: dict[str, Any]) -> str:
        """A second post of the same klarifikasi is deleted outright: it repeats the kept one."""
        await rest.call(
            "DELETE", f"{POSTS}/{post['id']}", params={"force": "true"}, missing_ok=True
        )
        return (
            f"duplikat pos {post['id']} ({post.get('status')}) diturunkan "
            f"(duplicate post taken down)"
        )


def _delivered(stored: dict[str, Any], notes: list[str]) -> Delivered:
    status = stored.get("status")
    if stored.get("_stripped"):
        notes.append(
            "WordPress membuang JSON-LD ClaimReview dari pos (akun tanpa izin unfiltered_html):"
            " pos terbit tanpa data ClaimReview (the site stripped the ClaimReview JSON-LD)"
        )
    if status != "publish":
        notes.append(
            f"WordPress menyimpan pos berstatus {status!r}: menunggu editor web menerbitkannya,"
            " belum terlihat publik (waiting for the web editor)"
        )
    return Delivered(
        url=stored.get("link") if status == "publish" else None,
        external_id=str(stored.get("id")),
        status="published" if status == "publish" else WAITING,
        warning="; ".join(notes) or None,
    )


def _posts(found: Any) -> list[dict[str, Any]]:
    return (
        [p for p in found if isinstance(p, dict) and "id" in p] if isinstance(found, list) else []
    )


def _permalink(post: dict[str, Any]) -> str:
    """Where the post is (or will be, once published) read: WordPress's permalink template
    with the slug in it (`link` is `?p=…` until a post is published)."""
    template = str(post.get("permalink_template") or post.get("link") or "")
    slug = str(post.get("slug") or post.get("generated_slug") or "")
    return template.replace("%postname%", slug).replace("%pagename%", slug)


def _moment(post: dict[str, Any]) -> datetime:
    raw = post.get("date_gmt")
    try:
        return datetime.fromisoformat(str(raw)).replace(tzinfo=UTC)
    except ValueError:
        return datetime.now(UTC)


def _raw(post: Any) -> str | None:
    """The post's content as stored (`context=edit`), None when the answer does not have it."""
    content = post.get("content") if isinstance(post, dict) else None
    raw = content.get("raw") if isinstance(content, dict) else None
    return raw if isinstance(raw, str) else None


async def check_wordpress_channels(
    http: httpx.AsyncClient, policy: Policy, settings: Settings
) -> list[str]:
    """At start-up, before a klarifikasi needs it: each WordPress channel's account, one line
    per channel that will not publish as configured (wrong credentials, an account that may
    not publish, a site that does not answer)."""
    problems = []
    for channel in policy.channels:
        if channel.kind != "wordpress":
            continue
        try:
            auth = httpx.BasicAuth(channel.username, secret_of(channel, settings))
            service = f"channel {channel.name}"
            rest = WordPressRest(http, channel.url, auth, service, channel.timeout_seconds)
            me = await rest.check_credentials()
        except ApplicationError as exc:
            problems.append(exc.message)
            continue
        if not me.get("capabilities", {}).get("publish_posts"):
            problems.append(
                f"channel {channel.name}: akun {channel.username!r} tidak boleh menerbitkan; "
                "klarifikasi akan menunggu editor web (the account may not publish)"
            )
    return problems
