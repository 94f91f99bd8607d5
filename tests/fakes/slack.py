"""A fake Slack Web API on 127.0.0.1, and signed requests built exactly as Slack sends them.

It speaks the real wire format: `POST /api/<method>` with a bearer token and a JSON or form
body (GET with query parameters for `conversations.*`), `{"ok": …}` answers, HTTP 429 with
`Retry-After`. Every call is recorded; failures and delays can be scripted per method.
Block Kit limits are enforced as Slack does: a section's text over 3000 characters, a header
over 150, a confirm text over 300 or more than 50 blocks is `invalid_blocks`; blocks that carry
more than 13,000 characters of text together are `msg_blocks_too_long` (undocumented, observed:
slackapi/bolt-js#2509).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

BLOCK_TEXT_LIMITS = {"section": 3000, "header": 150, "context": 3000}
BLOCKS_TOO_LONG = 13_000


def _text_length(value: Any) -> int:
    if isinstance(value, dict):
        return sum(
            len(v) if k == "text" and isinstance(v, str) else _text_length(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return sum(_text_length(v) for v in value)
    return 0


def blocks_error(blocks: Any) -> str | None:
    """The error Slack answers for these blocks, or None when it takes them."""
    if blocks is None:
        return None
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if not isinstance(blocks, list) or len(blocks) > 50:
        return "invalid_blocks"
    for block in blocks:
        limit = BLOCK_TEXT_LIMITS.get(block.get("type"), 3000)
        texts = [block.get("text"), *(block.get("elements") or [])]
        for text in texts:
            if isinstance(text, dict) and len(str(text.get("text", ""))) > limit:
                return "invalid_blocks"
            confirm = text.get("confirm") if isinstance(text, dict) else None
            if confirm and len(confirm["text"]["text"]) > 300:
                return "invalid_blocks"
    if _text_length(blocks) > BLOCKS_TOO_LONG:
        return "msg_blocks_too_long"
    return None


@dataclass
class Call:
    method: str
    args: dict[str, Any]


@dataclass
class FakeSlack:
    token: str
    channels: set[str]
    calls: list[Call] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    # method -> list of scripted answers used before normal service: (status, body, headers)
    script: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(
        default_factory=dict
    )
    lose_answer: set[str] = field(default_factory=set)  # post, then answer 500 once
    # An error code every call answers with once set, as after `token_expired` or `invalid_auth`.
    refuse_all: str = ""
    # Told of every message as posted or rewritten (from the server's thread; keep them short).
    listeners: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _clock: int = 0

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def rate_limit(self, method: str, times: int, retry_after: int = 1) -> None:
        answer = (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
        self.script.setdefault(method, []).extend([answer] * times)

    def fail(self, method: str, error: str, times: int = 1) -> None:
        self.script.setdefault(method, []).extend(
            [(200, {"ok": False, "error": error}, {})] * times
        )

    def called(self, method: str) -> list[dict[str, Any]]:
        return [call.args for call in self.calls if call.method == method]

    def in_channel(self, channel: str, thread: bool = False) -> list[dict[str, Any]]:
        return [
            m
            for m in self.messages
            if m["channel"] == channel and bool(m.get("thread_ts")) == thread
        ]

    def _tell(self, message: dict[str, Any]) -> None:
        for listener in self.listeners:
            listener(message)

    def _next_ts(self) -> str:
        self._clock += 1
        return f"{int(time.time())}.{self._clock:06d}"

    def handle(
        self, method: str, args: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.calls.append(Call(method, args))
            if self.refuse_all:
                return 200, {"ok": False, "error": self.refuse_all}, {}
            scripted = self.script.get(method)
            if scripted:
                return scripted.pop(0)
            channel = args.get("channel")
            channel_methods = (
                "chat.postMessage",
                "chat.update",
                "chat.postEphemeral",
                "conversations.history",
                "conversations.replies",
            )
            if method in channel_methods and channel not in self.channels:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            refused = blocks_error(args.get("blocks"))
            if refused and method in ("chat.postMessage", "chat.update"):
                return 200, {"ok": False, "error": refused}, {}
            if method == "chat.postMessage":
                message = {
                    "channel": channel,
                    "ts": self._next_ts(),
                    "text": args.get("text"),
                    "blocks": args.get("blocks"),
                    "thread_ts": args.get("thread_ts"),
                    "metadata": args.get("metadata"),
                }
                self.messages.append(message)
                self._tell(message)
                if "chat.postMessage" in self.lose_answer:
                    self.lose_answer.discard("chat.postMessage")
                    return 500, {"ok": False, "error": "internal_error"}, {}
                return (
                    200,
                    {"ok": True, "channel": channel, "ts": message["ts"], "message": message},
                    {},
                )
            if method == "chat.update":
                for message in self.messages:
                    if message["channel"] == channel and message["ts"] == args.get("ts"):
                        message.update(text=args.get("text"), blocks=args.get("blocks"))
                        self._tell(message)
                        return 200, {"ok": True, "channel": channel, "ts": message["ts"]}, {}
                return 200, {"ok": False, "error": "message_not_found"}, {}
            if method == "chat.postEphemeral":
                return 200, {"ok": True, "message_ts": self._next_ts()}, {}
            if method == "views.open":
                return 200, {"ok": True, "view": {"id": "V" + self._next_ts().replace(".", "")}}, {}
            if method == "conversations.history":
                found = [
                    m for m in self.messages if m["channel"] == channel and not m.get("thread_ts")
                ]
                return 200, {"ok": True, "messages": list(reversed(found))}, {}
            if method == "conversations.replies":
                found = [
                    m
                    for m in self.messages
                    if m["channel"] == channel and m.get("thread_ts") == args.get("ts")
                ]
                return 200, {"ok": True, "messages": found}, {}
            return 200, {"ok": False, "error": "unknown_method"}, {}

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self, args: dict[str, Any]) -> None:
                method = urlsplit(self.path).path.rsplit("/", 1)[-1]
                answer: tuple[int, dict[str, Any], dict[str, str]] = (
                    200,
                    {"ok": False, "error": "invalid_auth"},
                    {},
                )
                if self.headers.get("Authorization") == f"Bearer {fake.token}":
                    answer = fake.handle(method, args)
                status, body, headers = answer
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                self._serve({k: v[0] for k, v in query.items()})

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    self._serve(json.loads(raw or "{}"))
                else:
                    self._serve({k: v[0] for k, v in parse_qs(raw).items()})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def signed(
    secret: str, form: dict[str, str], *, at: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """A form body and the headers Slack sends with it (v0 signature over the raw body)."""
    body = urlencode(form).encode()
    timestamp = str(at if at is not None else int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }


def block_action(
    user: str, action_id: str, value: str, *, channel: str, action_ts: str, name: str = ""
) -> dict[str, str]:
    payload = {
        "type": "block_actions",
        "trigger_id": f"trig-{action_ts}",
        "user": {"id": user, "username": name or user, "name": name or user},
        "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "value": value,
                "block_id": "tangkal",
                "action_ts": action_ts,
            }
        ],
    }
    return {"payload": json.dumps(payload)}


def view_submission(
    user: str, view: dict[str, Any], values: dict[str, Any], view_id: str = "V1"
) -> dict[str, str]:
    payload = {
        "type": "view_submission",
        "user": {"id": user, "username": user, "name": user},
        "view": {
            "id": view_id,
            "hash": "h-" + view_id,
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": values},
        },
    }
    return {"payload": json.dumps(payload)}


def text_value(block: str, value: str) -> dict[str, Any]:
    return {block: {block: {"type": "plain_text_input", "value": value}}}
