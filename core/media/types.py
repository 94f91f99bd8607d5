"""What the media modules hand each other: plain, frozen values, JSON-friendly, so they cross
the API, the database and Temporal unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class MediaKind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"


@dataclass(frozen=True)
class MediaFacts:
    """What a file is, read from its bytes (never from its name or a header)."""

    kind: MediaKind
    mime: str  # image/jpeg, image/png, image/webp, image/gif, video/mp4, video/webm,
    # audio/mpeg, audio/ogg, audio/wav, audio/mp4
    width: int | None = None  # pixels, images and video
    height: int | None = None
    duration_s: float | None = None  # video and audio


class MediaRefused(Exception):
    """A file Tangkal does not take. `status` is the HTTP answer (413 too large, 415 not a
    supported kind, 422 broken or hostile), `code` the machine code of the problem, `found`
    what the bytes turned out to be ("HTML", "a PNG declaring 50000 x 50000 pixels", "a JPEG
    cut off after 1,024 bytes"): the message names it."""

    def __init__(self, status: int, code: str, found: str) -> None:
        super().__init__(f"{code}: {found}")
        self.status, self.code, self.found = status, code, found


@dataclass(frozen=True)
class Fingerprint:
    """Perceptual fingerprint of one media item. `hashes` are 64-bit perceptual hashes (an
    image: the picture and the variants matching needs; a video: sampled frames in time order;
    audio: acoustic fingerprint words), `times` the second each video frame or audio segment
    starts at (empty for an image)."""

    kind: MediaKind
    hashes: tuple[int, ...]
    times: tuple[float, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # method-specific, JSON-friendly


@dataclass(frozen=True)
class MediaSimilarity:
    """How much a new upload looks like a stored item. `score` in [0, 1]; `where` says which
    frames or region matched, as data the message catalogue renders: e.g. {"frames": [3, 9],
    "of": 12, "offset_s": 4.0} or {"flipped": true, "crop": [x0, y0, x1, y1]}."""

    score: float
    where: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Alteration:
    """An upload that is a near copy of an official item with a local difference: where it
    differs, in the upload's pixels (x0, y0, x1, y1), the share of the picture that changed,
    and a PNG showing the difference."""

    box: tuple[int, int, int, int]
    changed_share: float
    difference_png: bytes = b""


@dataclass(frozen=True)
class ContentCredentials:
    """C2PA content credentials, when the file carries a manifest. Absence proves nothing."""

    present: bool
    signer: str | None = None
    generator: str | None = None  # claim_generator: the app that made the manifest
    actions: tuple[str, ...] = ()  # c2pa.created, c2pa.edited, ...
    ai_generated: bool = False  # a digitalSourceType of trained algorithmic media
    validation: str = "absent"  # "valid", "invalid", "untrusted", "absent", "unreadable"
    problems: tuple[str, ...] = ()  # validation status codes, for the record
