"""The evidence locker: files kept write-once under their SHA-256.

Content addressing makes write-once simple: a name is its bytes, so a second upload of the
same file finds it there and writes nothing, and no writer can replace what a name holds. The
`Locker` protocol is what the API needs; `FileLocker` keeps files under `DATA_DIR/media`, and an
S3-compatible store (a bucket with object lock) can take its place in production.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class Locker(Protocol):
    def put(self, source: Path, sha256: str) -> None:
        """Keep `source`'s bytes under `sha256` (already computed by the caller)."""

    def open(self, sha256: str) -> BinaryIO:
        """The kept bytes; FileNotFoundError if nothing is kept under `sha256`."""

    def local(self, sha256: str) -> AbstractContextManager[Path]:
        """A local file with the kept bytes, for tools that read a path (ffmpeg, Pillow)."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_chunks(stream: BinaryIO) -> Iterator[bytes]:
    with stream:
        while chunk := stream.read(CHUNK):
            yield chunk


class FileLocker:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, sha256: str) -> Path:
        if not _SHA256.match(sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, source: Path, sha256: str) -> None:
        target = self._path(sha256)
        if target.exists():
            return  # the same bytes, by their name
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Copied beside the target, flushed, then linked into place: a crash leaves either no
        # file or the whole file, and `link` refuses to replace one a parallel upload linked.
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, source.open("rb") as inp:
                shutil.copyfileobj(inp, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o400)
            try:
                os.link(temporary, target)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)

    def open(self, sha256: str) -> BinaryIO:
        return self._path(sha256).open("rb")

    @contextmanager
    def _local(self, sha256: str) -> Iterator[Path]:
        path = self._path(sha256)
        if not path.exists():
            raise FileNotFoundError(sha256)
        yield path

    def local(self, sha256: str) -> AbstractContextManager[Path]:
        return self._local(sha256)
