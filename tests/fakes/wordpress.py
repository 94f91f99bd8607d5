"""A WordPress site's REST API as Debian's WordPress 6.1 answers it (tests/test_wordpress_real.py
holds the real one): addressed as `/?rest_route=/wp/v2/…` (a `/wp-json/` path is an Apache
404 page, as without rewrite rules), application-password auth where wrong credentials make an
anonymous caller (`rest_not_logged_in` on `/users/me`), `status=any` and `context=edit` with
the stored `content.raw`, a taken slug renamed `slug-2`, `link` as `?p=ID` until published.

`lose_next_answers`: posts are made but the answer is replaced by a 502, as when a proxy drops
the response; the caller's retry must find the post instead of making another.
"""

from __future__ import annotations

import base64
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.fakes.server import Answer, FakeService

POSTS = "/wp/v2/posts"


@dataclass
class WordPressSite(FakeService):
    username: str
    app_password: str
    lose_next_answers: int = 0
    reject_all: bool = False
    may_publish: bool = True  # False: a Contributor's account
    home_page: bool = False  # answers every request with the home page, as some proxies do
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    creations: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _authorized(self, headers: dict[str, str]) -> bool:
        token = base64.b64encode(f"{self.username}:{self.app_password}".encode()).decode()
        return headers.get("authorization") == f"Basic {token}"

    def answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Answer:
        route = query.get("rest_route")
        if self.home_page:
            return 200, "<html><head><title>Pemkab Badung</title></head></html>"
        if path != "/" or route is None:
            return 404, "<html><title>404 Not Found</title></html>"
        if not self._authorized(headers):
            return 401, {"code": "rest_not_logged_in", "message": "You are not logged in."}
        if route == "/wp/v2/users/me":
            caps = {"edit_posts": True, "publish_posts": self.may_publish}
            return 200, {"id": 1, "slug": self.username, "capabilities": caps}
        if self.reject_all:
            return 403, {"code": "rest_cannot_create", "message": "Sorry, you are not allowed."}
        if method == "POST" and (body or {}).get("status") == "publish" and not self.may_publish:
            return 403, {"code": "rest_cannot_publish", "message": "Sorry, you are not allowed."}
        with self._lock:
            if route == POSTS and method == "GET":
                slugs, search = query.get("slug", "").split(","), query.get("search")
                found = [
                    p
                    for p in self.posts.values()
                    if p["slug"] in slugs or (search and search in p["content"]["raw"])
                ]
                return 200, [p for p in found if p["status"] != "trash"]
            if route == POSTS and method == "POST":
                return self._create(body)
            match = re.fullmatch(POSTS + r"/(\d+)", route)
            if match is None or int(match[1]) not in self.posts:
                return 404, {"code": "rest_post_invalid_id", "message": "Invalid post ID."}
            post = self.posts[int(match[1])]
            if method == "GET":
                return 200, post
            if method == "DELETE":
                if query.get("force") == "true":
                    del self.posts[post["id"]]
                    return 200, {"deleted": True, "previous": post}
                if post["status"] == "trash":
                    return 410, {"code": "rest_already_trashed", "message": "Already trashed."}
                post["status"] = "trash"
                return 200, post
            self._update(post, body)
            return 200, post

    def _create(self, body: dict[str, Any]) -> Answer:
        self.creations += 1
        post_id = 100 + len(self.posts)
        taken = {p["slug"] for p in self.posts.values()}
        slug, n = body["slug"], 2
        while slug in taken:
            slug, n = f"{body['slug']}-{n}", n + 1
        self.posts[post_id] = {
            "id": post_id,
            "slug": slug,
            "status": "draft",
            "date_gmt": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "permalink_template": f"{self.base_url}/%postname%/",
            "revisions": -1,  # the first write is the creation
        }
        self._update(self.posts[post_id], body)
        if self.lose_next_answers:
            self.lose_next_answers -= 1
            return 502, {"message": "Bad Gateway"}
        return 201, self.posts[post_id]

    def _update(self, post: dict[str, Any], body: dict[str, Any]) -> None:
        for name in ("title", "status", "comment_status", "ping_status", "categories"):
            if name in body:
                post[name] = body[name]
        if "content" in body:
            post["content"] = {"raw": body["content"], "rendered": body["content"]}
        published = post["status"] == "publish"
        post["link"] = (
            f"{self.base_url}/{post['slug']}/" if published else f"{self.base_url}/?p={post['id']}"
        )
        post["revisions"] += 1

    def live_posts(self) -> list[dict[str, Any]]:
        return [p for p in self.posts.values() if p["status"] == "publish"]
