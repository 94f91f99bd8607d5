"""Feeds on 127.0.0.1, as a news site or a social-listening export serves them.

`pages` maps a path to (status, content type, body); a test changes it between polls.
`streams` maps a path to (chunk, count): that chunk sent `count` times, chunked, with no
Content-Length; `sent` records how many bytes of it the reader took before it hung up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def rss(items: list[tuple[str, str, str]]) -> str:
    """RSS 2.0 with (guid, title, description) items."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><title>{title}</title>"
        f"<link>https://beritabali.example/{guid}</link><description>{text}</description>"
        "<pubDate>Fri, 27 Nov 2026 08:00:00 +0800</pubDate></item>"
        for guid, title, text in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>Berita Bali</title><link>https://beritabali.example/</link>{entries}"
        "</channel></rss>"
    )


def atom(items: list[tuple[str, str]]) -> str:
    """Atom with (id, title) entries."""
    entries = "".join(
        f"<entry><id>urn:post:{entry_id}</id><title>{title}</title>"
        f"<link href='https://forum.example/t/{entry_id}'/>"
        "<updated>2026-11-27T08:00:00Z</updated></entry>"
        for entry_id, title in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Forum Warga</title><id>urn:forum</id><updated>2026-11-27T08:00:00Z</updated>"
        f"{entries}</feed>"
    )


@dataclass
class FeedServer:
    pages: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    streams: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def start(self) -> FeedServer:
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                feeds.hits.append(self.path)
                if self.path in feeds.streams:
                    self._stream(*feeds.streams[self.path])
                    return
                status, content_type, body = feeds.pages.get(
                    self.path, (404, "text/plain", "not found")
                )
                payload = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, chunk: bytes, count: int) -> None:
                self.protocol_version = "HTTP/1.1"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                feeds.sent[self.path] = 0
                try:
                    for _ in range(count):
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        feeds.sent[self.path] += len(chunk)
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:  # the reader hung up
                    pass
                self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
