"""A CMS-like webhook receiver: checks the HMAC signature, dedups by Idempotency-Key.

It can be told to fail: `script` is a list of (status, headers) answered before success.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    idempotency_key: str
    signature_valid: bool
    body: dict[str, Any]


@dataclass
class WebhookReceiver:
    secret: str
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delay_seconds: float = 0.0
    gives_url: bool = True  # False: a CMS that answers only the post's id
    attempts: list[str] = field(default_factory=list)
    published: dict[str, Received] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/klarifikasi"

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                key = self.headers.get("Idempotency-Key", "")
                receiver.attempts.append(key)
                if receiver.delay_seconds:
                    threading.Event().wait(receiver.delay_seconds)
                if receiver.script:
                    status, headers = receiver.script.pop(0)
                    self._answer(status, {"error": "scripted failure"}, headers)
                    return
                timestamp = self.headers.get("X-Tangkal-Timestamp", "")
                expected = (
                    "sha256="
                    + hmac.new(
                        receiver.secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256
                    ).hexdigest()
                )
                valid = hmac.compare_digest(expected, self.headers.get("X-Tangkal-Signature", ""))
                if not valid:
                    self._answer(401, {"error": "bad signature"})
                    return
                if key not in receiver.published:  # a retry with the same key publishes nothing new
                    receiver.published[key] = Received(key, valid, json.loads(raw))
                answer = {"id": key, "url": f"https://cms.example/klarifikasi/{key}"}
                self._answer(201, answer if receiver.gives_url else {"id": key})

            def _answer(
                self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except BrokenPipeError:
                    pass  # the caller died waiting (the worker-kill test does this on purpose)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
