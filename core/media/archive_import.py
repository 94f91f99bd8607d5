"""Media of imported debunks (`tangkal archive import`, a CSV `media` column): each file is
kept and made searchable with its archived klarifikasi."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine

from core.domain import SYSTEM
from core.media.evidence import register
from core.media.locker import FileLocker
from core.media.types import MediaRefused
from core.settings import Settings


def import_media(
    engine: Engine, settings: Settings, base: Path, items: Iterable[tuple[int, tuple[str, ...]]]
) -> list[str]:
    """Register each (archive id, paths); the problems, one line each ("media x.jpg: …")."""
    locker = FileLocker(settings.data_dir / "media")
    problems = []
    for archive_id, paths in items:
        for name in paths:
            path = base / name
            if not path.is_file():
                problems.append(f"media {name}: no such file")
                continue
            try:
                register(
                    engine,
                    locker,
                    path,
                    actor=SYSTEM,
                    max_bytes=settings.max_media_bytes,
                    archive_id=archive_id,
                )
            except MediaRefused as exc:
                problems.append(f"media {name}: {exc.found} ({exc.code})")
    return problems
