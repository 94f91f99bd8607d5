"""Perceptual hashes of a picture and of the edits a recycled hoax puts it through.

A 64-bit DCT hash (imagehash's pHash) survives re-compression and resizing; crops, caption
bands, screenshot frames and mirroring move the picture under the hash, so both sides hash
variants. A stored picture keeps its hash and its own crops towards each corner (what is left
when a copy lost up to 15 % of each side); a query trims uniform borders (a screenshot's blank
screen and status bar), hashes itself whole, without a band at the top or bottom (a caption),
and mirrored. Two pictures are the same when some variant pair is within a few bits.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image, ImageOps

# Crops of the stored picture: (name, share cut from each side, where it is kept).
_STORED_CROPS = [("full", 0.0, "c")] + [
    (f"crop{int(share * 100)}_{corner}", share, corner)
    for share in (0.07, 0.14)
    for corner in ("c", "tl", "tr", "bl", "br")
]
_BANDS = (0.1, 0.15, 0.2)  # a caption band's share of the copy's height, top or bottom
_BACKGROUND_SHARE = 0.97  # a frame row or column is this much the frame's colour
_FRAME_TOLERANCE = 8
_FRAME_GREYS = (24, 232)  # a frame is darker or lighter than these


def load_picture(path: Path) -> Image.Image:
    with Image.open(path) as opened:
        opened.seek(0)  # a GIF's first frame
        return opened.convert("RGB")


def phash(picture: Image.Image) -> int:
    return int(str(imagehash.phash(picture)), 16)


def _crop(picture: Image.Image, share: float, corner: str) -> Image.Image:
    w, h = picture.size
    cw, ch = round(w * (1 - share)), round(h * (1 - share))
    x0 = {"l": 0, "r": w - cw}.get(corner[-1:], (w - cw) // 2) if corner != "c" else (w - cw) // 2
    y0 = {"t": 0, "b": h - ch}.get(corner[:1], (h - ch) // 2) if corner != "c" else (h - ch) // 2
    return picture.crop((x0, y0, x0 + cw, y0 + ch))


def stored_variants(picture: Image.Image) -> Iterator[tuple[str, int]]:
    trimmed = trim_borders(picture)
    for name, share, corner in _STORED_CROPS:
        yield name, phash(_crop(trimmed, share, corner) if share else trimmed)


def query_variants(picture: Image.Image) -> Iterator[tuple[str, int]]:
    trimmed = trim_borders(picture)
    w, h = trimmed.size
    shapes = [("full", trimmed)]
    for share in _BANDS:
        band = round(h * share)
        shapes.append((f"no_top{int(share * 100)}", trimmed.crop((0, band, w, h))))
        shapes.append((f"no_bottom{int(share * 100)}", trimmed.crop((0, 0, w, h - band))))
    for name, shape in shapes:
        yield name, phash(shape)
        yield name + "_flipped", phash(ImageOps.mirror(shape))


def trim_borders(picture: Image.Image) -> Image.Image:
    """Without the frame around it (a screenshot's blank screen and status bar, letterboxing):
    the longest run of rows, then of columns, that are not the frame's colour. Stored and
    query pictures are trimmed alike, so a sky close to the frame's colour is trimmed on both.
    The picture itself if too little would be left."""
    grey = np.asarray(picture.convert("L").resize(_small(picture.size)), dtype=np.int16)
    frame = np.median(np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]]))
    if _FRAME_GREYS[0] < frame < _FRAME_GREYS[1]:
        return picture  # screens and letterboxes are white or black; a sky is not a frame
    flat = np.abs(grey - frame) < _FRAME_TOLERANCE
    top, bottom = _longest_run(flat.mean(axis=1) < _BACKGROUND_SHARE)
    if bottom <= top:
        return picture  # all one colour: nothing to trim to
    left, right = _longest_run(flat[top:bottom].mean(axis=0) < _BACKGROUND_SHARE)
    rows, cols = grey.shape
    if bottom - top < rows // 5 or right - left < cols // 5:
        return picture
    sx, sy = picture.width / cols, picture.height / rows
    box = (round(left * sx), round(top * sy), round(right * sx), round(bottom * sy))
    return picture.crop(box) if box != (0, 0, picture.width, picture.height) else picture


def _small(size: tuple[int, int]) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, 256 / max(w, h))
    return max(8, round(w * scale)), max(8, round(h * scale))


def _longest_run(content: np.ndarray) -> tuple[int, int]:
    """[start, end) of the longest run of True."""
    best, start = (0, 0), None
    for index, value in enumerate([*content.tolist(), False]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            if index - start > best[1] - best[0]:
                best = (start, index)
            start = None
    return best
