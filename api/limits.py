"""Request bodies are capped before any parsing: a huge body gets 413, not memory pressure."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response

# Media uploads (`api.media`, and the report form's file at /lapor) stream to disk under
# their own cap, with room for the form's boundaries and fields; every other body is small
# and is read here whole.
_MEDIA_PATH = re.compile(r"^/(?:incidents/[^/]+/media|media/official|lapor)$")
_FORM_OVERHEAD = 64 * 1024


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int, max_media_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.max_media_bytes = max_media_bytes + _FORM_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if _MEDIA_PATH.match(scope["path"]):
            if declared is not None and declared.isdigit() and int(declared) > self.max_media_bytes:
                await self._refuse(scope, receive, send, self.max_media_bytes, "media_too_large")
                return
            await self.app(scope, _counted(receive, self.max_media_bytes), send)
            return
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        limit: int | None = None,
        code: str = "body_too_large",
    ) -> None:
        limit = limit or self.max_bytes
        response = problem_response(413, f"request body is larger than {limit} bytes", code=code)
        await response(scope, receive, send)


def _counted(receive: Receive, limit: int) -> Receive:
    """`receive` that ends the body (a disconnect, which the form parser reports) once more
    than `limit` bytes came without a declared length: a chunked upload cannot run on."""
    size = 0

    async def counting() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                return {"type": "http.disconnect"}
        return message

    return counting
