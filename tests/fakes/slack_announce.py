"""A fake of the Slack Web API methods the announce *channel* uses (chat.postMessage, chat.update,
conversations.history). The full fake for cards and interactions is tests/fakes/slack.py."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import Answer, FakeService


@dataclass
class SlackApi(FakeService):
    token: str
    fail_with: str = ""  # a Slack error code every call answers with, e.g. not_in_channel
    lose_next_answers: int = 0  # messages posted, but answered with a 500 as if lost
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Answer:
        if headers.get("authorization") != f"Bearer {self.token}":
            return 200, {"ok": False, "error": "invalid_auth"}
        if self.fail_with:
            return 200, {"ok": False, "error": self.fail_with}
        with self._lock:
            if path == "/api/chat.postMessage":
                ts = f"1700000000.{len(self.messages) + 1:06d}"
                self.messages[ts] = {
                    "channel": body["channel"],
                    "text": body["text"],
                    "metadata": body.get("metadata"),
                }
                if self.lose_next_answers:
                    self.lose_next_answers -= 1
                    return 500, {"ok": False, "error": "internal_error"}
                return 200, {"ok": True, "channel": body["channel"], "ts": ts}
            if path == "/api/conversations.history":
                history = [
                    {"ts": ts, "text": m["text"], "metadata": m["metadata"]}
                    for ts, m in reversed(self.messages.items())
                    if m["channel"] == query["channel"]
                ]
                if query.get("include_all_metadata") not in ("1", "true"):
                    history = [{k: v for k, v in m.items() if k != "metadata"} for m in history]
                return 200, {"ok": True, "messages": history[: int(query.get("limit", 100))]}
            if path == "/api/chat.update":
                if body["ts"] not in self.messages:
                    return 200, {"ok": False, "error": "message_not_found"}
                self.messages[body["ts"]]["text"] = body["text"]
                return 200, {"ok": True, "channel": body["channel"], "ts": body["ts"]}
        return 404, {"ok": False, "error": "unknown_method"}
