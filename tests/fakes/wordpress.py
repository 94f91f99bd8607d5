"""A WordPress site's REST API (`/wp-json/wp/v2/posts`) with application-password auth.

`lose_next_answers`: posts are made but the answer is replaced by a 502, as when a proxy drops
the response; the caller's retry must find the post instead of making another.
"""

from __future__ import annotations

import base64
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import Answer, FakeService

POSTS = "/wp-json/wp/v2/posts"


@dataclass
class WordPressSite(FakeService):
    username: str
    app_password: str
    lose_next_answers: int = 0
    reject_all: bool = False
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    creations: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _authorized(self, headers: dict[str, str]) -> bool:
        token = base64.b64encode(f"{self.username}:{self.app_password}".encode()).decode()
        return headers.get("authorization") == f"Basic {token}"

    def answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Answer:
        if not self._authorized(headers):
            return 401, {"code": "rest_not_logged_in", "message": "You are not logged in."}
        if self.reject_all:
            return 403, {"code": "rest_cannot_create", "message": "Sorry, you are not allowed."}
        with self._lock:
            if path == POSTS and method == "GET":
                slug = query.get("slug")
                found = [p for p in self.posts.values() if p["slug"] == slug]
                return 200, [p for p in found if p["status"] != "trash"]
            if path == POSTS and method == "POST":
                return self._create(body)
            match = re.fullmatch(POSTS + r"/(\d+)", path)
            if match is None or int(match[1]) not in self.posts:
                return 404, {"code": "rest_post_invalid_id", "message": "Invalid post ID."}
            post = self.posts[int(match[1])]
            if method == "DELETE":
                if post["status"] == "trash":
                    return 410, {"code": "rest_already_trashed", "message": "Already trashed."}
                post["status"] = "trash"
                return 200, post
            post.update(title=body["title"], content=body["content"])
            post["revisions"] += 1
            return 200, post

    def _create(self, body: dict[str, Any]) -> Answer:
        self.creations += 1
        post_id = 100 + len(self.posts)
        self.posts[post_id] = {
            "id": post_id,
            "slug": body["slug"],
            "status": body["status"],
            "title": body["title"],
            "content": body["content"],
            "link": f"{self.base_url}/{body['slug']}/",
            "revisions": 0,
        }
        if self.lose_next_answers:
            self.lose_next_answers -= 1
            return 502, {"message": "Bad Gateway"}
        return 201, self.posts[post_id]

    def live_posts(self) -> list[dict[str, Any]]:
        return [p for p in self.posts.values() if p["status"] == "publish"]
