"""Perceptual fingerprints of media, their index keys and their comparison.

Keys (`media_keys`): each 64-bit hash is cut into four 16-bit bands; a key is the media kind,
the band's place and its value. A stored item is indexed under the bands of its hashes, a
query looks up the bands of its own (and, for a picture as a whole, every band one bit away):
two hashes a few bits apart share a band, and a band of 16 bits points to few of 100,000
items. Comparison then decides (`image_prints`, `motion_prints`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.media.image_prints import load_picture, query_variants, stored_variants
from core.media.motion_prints import WORD_SECONDS, aligned, audio_words, video_frames
from core.media.types import Fingerprint, MediaFacts, MediaKind, MediaSimilarity

_KIND_CODE = {MediaKind.IMAGE: 1, MediaKind.VIDEO: 2, MediaKind.AUDIO: 3}
_BAND_BITS = 16
_PICTURE_NEAR = 10  # bits of 64: same picture (measured: copies <= 8, other scenes >= 14)
# A copy of an official picture with a region painted over is further off (12 measured for a
# 7 % rectangle): such candidates are kept only if the pixel comparison finds the local change
# (`core.media.evidence`).
PICTURE_LOOSE = 16
_FRAME_NEAR = 10
_WORD_NEAR = 6  # bits of 32
_KEYED_FRAMES = 120
_KEYED_WORDS = 240


def fingerprint(path: Path, facts: MediaFacts, *, timeout_s: float = 60.0) -> Fingerprint:
    if facts.kind is MediaKind.IMAGE:
        picture = load_picture(path)
        stored, query = list(stored_variants(picture)), list(query_variants(picture))
        names = [n for n, _ in stored] + [n for n, _ in query]
        hashes = tuple(h for _, h in stored) + tuple(h for _, h in query)
        return Fingerprint(facts.kind, hashes, extra={"variants": names, "stored": len(stored)})
    if facts.kind is MediaKind.VIDEO:
        frames, step = video_frames(path, facts.duration_s, timeout_s)
        return Fingerprint(facts.kind, tuple(frames), tuple(i * step for i in range(len(frames))))
    words = audio_words(path, timeout_s)
    return Fingerprint(facts.kind, tuple(words), tuple(i * WORD_SECONDS for i in range(len(words))))


def to_json(fp: Fingerprint) -> dict[str, Any]:
    # Hashes as hex: JSON readers (and PostgreSQL's json) lose 64-bit integers' low bits.
    return {
        "kind": fp.kind.value,
        "hashes": [format(h, "x") for h in fp.hashes],
        "times": [round(t, 3) for t in fp.times],
        "extra": fp.extra,
    }


def from_json(data: dict[str, Any]) -> Fingerprint:
    return Fingerprint(
        MediaKind(data["kind"]),
        tuple(int(h, 16) for h in data["hashes"]),
        tuple(float(t) for t in data.get("times") or ()),
        dict(data.get("extra") or {}),
    )


def _bands(kind: MediaKind, value: int, bits: int) -> set[int]:
    mask = (1 << _BAND_BITS) - 1
    code = _KIND_CODE[kind] << 20
    return {
        code | (band << 16) | ((value >> (band * _BAND_BITS)) & mask) for band in range(bits // 16)
    }


def _near_bands(kind: MediaKind, value: int) -> set[int]:
    keys = set()
    for key in _bands(kind, value, 64):
        keys.add(key)
        keys.update(key ^ (1 << bit) for bit in range(_BAND_BITS))
    return keys


def _stored(fp: Fingerprint) -> tuple[int, ...]:
    count = int(fp.extra.get("stored", len(fp.hashes)))
    return fp.hashes[:count]


def _queried(fp: Fingerprint) -> list[tuple[str, int]]:
    count = int(fp.extra.get("stored", 0))
    names = list(fp.extra.get("variants") or [])[count:]
    return list(zip(names, fp.hashes[count:], strict=True))


def near_enough(similarity: MediaSimilarity) -> bool:
    """Whether a loosely found picture is the same picture without a closer look."""
    return int(similarity.where.get("distance", 0)) <= _PICTURE_NEAR


def index_keys(fp: Fingerprint) -> set[int]:
    if fp.kind is MediaKind.IMAGE:
        return set().union(*(_bands(fp.kind, h, 64) for h in _stored(fp)))
    if fp.kind is MediaKind.VIDEO:
        return set().union(set(), *(_bands(fp.kind, h, 64) for h in fp.hashes[:_KEYED_FRAMES]))
    return set().union(set(), *(_bands(fp.kind, h, 32) for h in fp.hashes[:_KEYED_WORDS:2]))


def probe_keys(fp: Fingerprint) -> set[int]:
    if fp.kind is MediaKind.IMAGE:
        keys: set[int] = set()
        for name, value in _queried(fp):
            whole = name in ("full", "full_flipped")
            keys |= _near_bands(fp.kind, value) if whole else _bands(fp.kind, value, 64)
        return keys
    if fp.kind is MediaKind.VIDEO:
        return set().union(set(), *(_bands(fp.kind, h, 64) for h in fp.hashes[: 2 * _KEYED_FRAMES]))
    return set().union(set(), *(_bands(fp.kind, h, 32) for h in fp.hashes[: 2 * _KEYED_WORDS]))


def compare(
    query: Fingerprint, stored: Fingerprint, *, loose: bool = False
) -> MediaSimilarity | None:
    """The same media, or None; `loose`: pictures up to `PICTURE_LOOSE` bits apart too (their
    `where["distance"]` says how far), for a closer look."""
    if query.kind is not stored.kind:
        return None
    if query.kind is MediaKind.IMAGE:
        return _pictures(query, stored, PICTURE_LOOSE if loose else _PICTURE_NEAR)
    return _recordings(query, stored)


def _pictures(query: Fingerprint, stored: Fingerprint, near: int) -> MediaSimilarity | None:
    names = list(stored.extra.get("variants") or [])
    distance, asked, kept = min(
        ((q ^ s).bit_count(), q_name, names[i] if i < len(names) else "full")
        for q_name, q in _queried(query)
        for i, s in enumerate(_stored(stored))
    )
    if distance > near:
        return None
    where: dict[str, Any] = {"distance": distance, "flipped": asked.endswith("_flipped")}
    if kept != "full":
        where["crop"] = kept
    if asked.removesuffix("_flipped") != "full":
        where["band"] = asked.removesuffix("_flipped")
    return MediaSimilarity(round(max(0.0, 1 - distance / 40), 3), where)


def _recordings(query: Fingerprint, stored: Fingerprint) -> MediaSimilarity | None:
    video = query.kind is MediaKind.VIDEO
    bits, near = (64, _FRAME_NEAR) if video else (32, _WORD_NEAR)
    found = aligned(list(query.hashes), list(stored.hashes), bits, near)
    if found is None:
        return None
    offset, agreeing, agreement = found
    overlap = min(len(query.hashes), len(stored.hashes))
    enough = max(3, overlap * 0.4) if video else max(12, overlap * 0.2)
    if agreeing < enough or agreement < (0.7 if video else 0.65):
        return None
    step = (stored.times[1] - stored.times[0]) if len(stored.times) > 1 else 1.0
    where: dict[str, Any] = {"offset_s": round(offset * step, 1)}
    if video:
        where |= {"frames": agreeing, "of": len(query.hashes)}
    else:
        where["seconds"] = round(agreeing * step, 1)
    return MediaSimilarity(round(agreement, 3), where)
