"""Video and audio fingerprints, from the tools that read them: ffmpeg samples a video's
frames (four a second, small and grey) for a perceptual hash each; chromaprint's `fpcalc` gives
an audio file's acoustic fingerprint (32-bit words, about eight a second). Both run as child
processes with an argument list and a deadline.

Two recordings are the same when, at one time offset, enough of their frames or words agree:
the offset is found by votes of the frames (words) that agree, so a trimmed start or another
encoding still lines up.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image

from core.media.types import MediaRefused

FRAME_SIDE = 32  # pixels of the sampled frame: pHash reads 32 x 32 anyway
MAX_FRAMES = 600
# Four frames a second (longer videos fewer): a copy trimmed at any moment has a sample
# within an eighth of a second of each of the original's.
MIN_STEP_S = 0.25
FPCALC_SECONDS = 300  # the first five minutes of a recording are fingerprinted
WORD_SECONDS = 0.1238  # chromaprint's step between words


def video_frames(path: Path, duration_s: float | None, timeout_s: float) -> tuple[list[int], float]:
    """A pHash per sampled frame, and the seconds between samples (1, or more for long
    videos so that at most `MAX_FRAMES` are read)."""
    step = max(MIN_STEP_S, (duration_s or 0) / MAX_FRAMES)
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-an",
        "-vf", f"fps=1/{step:.3f},scale={FRAME_SIDE}:{FRAME_SIDE},format=gray",
        "-frames:v", str(MAX_FRAMES), "-f", "rawvideo", "-",
    ]  # fmt: skip
    raw = _run(command, timeout_s)
    size = FRAME_SIDE * FRAME_SIDE
    hashes = []
    for start in range(0, len(raw) - size + 1, size):
        frame = Image.frombytes("L", (FRAME_SIDE, FRAME_SIDE), raw[start : start + size])
        hashes.append(int(str(imagehash.phash(frame)), 16))
    return hashes, step


def audio_words(path: Path, timeout_s: float) -> list[int]:
    command = ["fpcalc", "-raw", "-json", "-length", str(FPCALC_SECONDS), str(path)]
    # fpcalc exits 3 after "Error decoding audio frame (End of file)" at many files' end,
    # its fingerprint whole: its JSON decides.
    out = _run(command, timeout_s, any_exit=True)
    try:
        words = json.loads(out)["fingerprint"]
    except (ValueError, KeyError, TypeError):
        raise MediaRefused(422, "media_unreadable", "sound chromaprint could not read") from None
    return [int(w) & 0xFFFFFFFF for w in words]


def _run(command: list[str], timeout_s: float, *, any_exit: bool = False) -> bytes:
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise MediaRefused(
            422, "media_unreadable", f"{command[0]} took over {timeout_s:.0f} s"
        ) from None
    if done.returncode != 0 and not any_exit:
        raise MediaRefused(422, "media_unreadable", f"a recording {command[0]} cannot read")
    return done.stdout


def aligned(
    query: list[int], stored: list[int], bits: int, near: int
) -> tuple[int, int, float] | None:
    """(offset, agreeing samples, mean agreement) at the offset where most samples of
    `query` are within `near` bits of `stored`'s; None if none are."""
    if not query or not stored:
        return None
    q = np.array(query, dtype=np.uint64)
    s = np.array(stored, dtype=np.uint64)
    distance = _popcount(q[:, None] ^ s[None, :])  # every pair, at most 600 x 600
    close = np.argwhere(distance <= near)
    if close.size == 0:
        return None
    votes = Counter((close[:, 1] - close[:, 0]).tolist())
    offset, _ = votes.most_common(1)[0]
    # At that offset: every overlapping pair, agreeing or not.
    i = np.arange(max(0, -offset), min(len(query), len(stored) - offset))
    pairs = distance[i, i + offset]
    agreeing = int((pairs <= near).sum())
    return offset, agreeing, float(1 - pairs.mean() / bits)


def _popcount(values: np.ndarray) -> np.ndarray:
    counts = np.zeros(values.shape, dtype=np.uint8)
    for shift in range(0, 64, 8):
        counts += _BYTE_BITS[((values >> np.uint64(shift)) & np.uint64(0xFF)).astype(np.uint8)]
    return counts


_BYTE_BITS = np.array([bin(n).count("1") for n in range(256)], dtype=np.uint8)
