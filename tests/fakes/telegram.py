"""The Telegram Bot API (`/bot<token>/sendMessage`, `editMessageText`) for one channel.

Like the real one it refuses HTML it cannot parse (a tag it does not know, an `&` that starts
no entity, as when a message is cut inside `&amp;`), a text longer than 4096 characters once
its HTML is parsed, and answers a 429 with `parameters.retry_after` in the body.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.server import Answer, FakeService

ALLOWED_TAGS = re.compile(r"</?(b|i|s|u|code|pre)>")
BAD_ENTITY = re.compile(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")
MAX_MESSAGE = 4096  # characters of text after entities parsing (UTF-16 code units)


def _refusal(text: str) -> str | None:
    """What the Bot API answers for an HTML message it will not take, or None."""
    bare = ALLOWED_TAGS.sub("", text)
    if "<" in bare or BAD_ENTITY.search(bare):
        return "Bad Request: can't parse entities"
    if len(html.unescape(bare).encode("utf-16-le")) // 2 > MAX_MESSAGE:
        return "Bad Request: message is too long"
    return None


@dataclass
class TelegramBot(FakeService):
    token: str
    username: str = "humasbadung"
    rate_limit_next: int = 0
    hang_up_next: int = 0  # messages sent, then the connection drops without an answer
    retry_after: int = 1
    messages: dict[int, str] = field(default_factory=dict)
    attempts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Answer:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self._lock:
            self.attempts += 1
            if self.rate_limit_next:
                self.rate_limit_next -= 1
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                }
            text = str(body.get("text", ""))
            refused = _refusal(text) if body.get("parse_mode") == "HTML" else None
            if refused:
                return 400, {"ok": False, "error_code": 400, "description": refused}
            if path == prefix + "sendMessage":
                message_id = len(self.messages) + 1
                self.messages[message_id] = text
                if self.hang_up_next:
                    self.hang_up_next -= 1
                    return 0, None
                return 200, {"ok": True, "result": self._message(message_id, body)}
            if path == prefix + "editMessageText":
                message_id = int(body["message_id"])
                if self.messages.get(message_id) == text:
                    return 400, {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: message is not modified",
                    }
                self.messages[message_id] = text
                return 200, {"ok": True, "result": self._message(message_id, body)}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _message(self, message_id: int, body: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": -1001234567890, "type": "channel", "username": self.username}
        return {"message_id": message_id, "chat": chat, "date": 1, "text": body["text"]}
