"""`examine`: what an uploaded file is, read from its bytes, or why Tangkal refuses it.

Order matters for safety: the size is checked before a byte is read, the magic number before
any decoder runs, the declared pixel count before Pillow allocates a pixel, and video and
sound are only ever opened by ffprobe in a child process with a deadline.
"""

from __future__ import annotations

from pathlib import Path

from core.media.av_checks import examine_av
from core.media.image_checks import examine_image
from core.media.sniff import HEAD_BYTES, IMAGES, sniff
from core.media.types import MediaFacts, MediaRefused


def examine(path: Path, *, max_bytes: int, timeout_s: float = 20.0) -> MediaFacts:
    """The kind, MIME type, size and duration of the file at `path`. Raises `MediaRefused`:
    413 media_too_large, 415 unsupported_media_type, 422 media_bomb / media_truncated /
    media_polyglot / media_unreadable."""
    size = path.stat().st_size
    if size > max_bytes:
        raise MediaRefused(
            413, "media_too_large", f"a file of {size:,} bytes (the limit is {max_bytes:,})"
        )
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    sniffed = sniff(head)
    if sniffed.container is None:
        raise MediaRefused(415, "unsupported_media_type", sniffed.found)
    if sniffed.container in IMAGES:
        return examine_image(path.read_bytes(), sniffed.container)
    return examine_av(path, sniffed.container, timeout_s)
