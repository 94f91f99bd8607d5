"""Where an upload that copies an official picture differs from it locally: a face, a banner,
a caption or a signature changed or painted over.

The upload arrives already matched by perceptual hash, so it is the official picture seen
through what sharing does to it: re-compressed, resized (0.5x to 2x), cropped a little (at
most ~10 % a side) and maybe given a caption band. None of those is a local change, and none
may be reported as one. The steps:

1. Align (core/media/alignment.py): the scale and shift that put the upload on the official
   picture at the comparison size (384 px), within the limits above.
2. Compare in the official's frame (`_difference`): fit each colour channel of the upload to
   the official (gain and offset: a filter or a brightness change is not a local change),
   blur both to drown JPEG noise, and take per pixel the least difference over +-1 px shifts
   (what alignment left over).
3. Decide (`_changed`): average over 8 px blocks. Most of the picture is unchanged, so the
   median block is the noise floor; blocks well above it seed regions that grow through
   blocks moderately above it; regions too small to matter are dropped. No region: None.

Margins of the upload outside the official picture (an added caption band, a border) are
not compared: they change nothing in the official picture. Where a band also covers the rim
a crop took away, the full-width rows it changes at that edge are left out too. Still
pictures only: an animated GIF or WebP is read from its first frame, and video is not handled.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from core.media.alignment import Alignment, align, scaled, warp
from core.media.types import Alteration

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

COMPARE_SIDE = 384  # long side of the official picture where differences are measured
BLOCK = 8  # px at COMPARE_SIDE: 48 x 36 blocks for a 4:3 picture
EDGE = 3  # px of the compared area's rim left out: the blur mixes in what lies outside
# Block thresholds in grey levels (0-255) after normalisation and blur. Measured on generated
# pictures: JPEG at quality 30 after resizing leaves block means of about 1-4; a painted
# patch, swapped text or another face gives 15 and more.
SEED_LEVEL, GROW_LEVEL = 12.0, 6.0
SEED_SPREAD, GROW_SPREAD = 8.0, 4.0  # the same as multiples of the noise spread, if larger
BAND_SPAN = 0.6  # a block row changed over this share of its length, at an overhang, is a band
MIN_REGION_SHARE = 0.004  # a region smaller than this share of the compared area is noise
PREVIEW_SIDE = 480  # long side of the difference PNG
PREVIEW_BYTES = 100_000


def locate_alteration(official: Path, upload: Path) -> Alteration | None:
    """Where `upload` (a near copy of `official`) has a local difference: the box in the
    upload's pixels (as shown, after its EXIF orientation), the share of the compared
    picture that changed, and a PNG of the upload with the change marked in red. None when
    there is no local difference, or when the two cannot be aligned within the limits above
    (they are then not copies, and there is nothing to locate)."""
    official_rgb, upload_rgb = _open(official), _open(upload)
    compare = scaled(official_rgb, COMPARE_SIDE / max(official_rgb.size))
    alignment = align(compare, upload_rgb)
    if alignment is None:
        return None
    found = _changed(
        *_difference(compare, upload_rgb, alignment),
        _overhangs(alignment, compare.size, upload_rgb.size),
    )
    if found is None:
        return None
    changed, share = found
    return Alteration(
        box=_upload_box(changed, alignment, upload_rgb.size),
        changed_share=round(share, 4),
        difference_png=_difference_png(upload_rgb, changed, alignment),
    )


def _open(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return ImageOps.exif_transpose(image).convert("RGB")


def _difference(
    compare: Image.Image, upload: Image.Image, alignment: Alignment
) -> tuple[Array, tuple[int, int, int, int]]:
    """Per-pixel difference (grey levels) of the aligned upload against the official, and
    the compared rectangle (x0, y0, x1, y1) in the compare frame; zero outside it."""
    warped, (x0, y0, x1, y1) = warp(upload, alignment, compare.size)
    x0, y0, x1, y1 = x0 + EDGE, y0 + EDGE, x1 - EDGE, y1 - EDGE
    difference = np.zeros((compare.height, compare.width))
    if x1 - x0 < 4 * BLOCK or y1 - y0 < 4 * BLOCK:
        return difference, (x0, y0, max(x0, x1), max(y0, y1))
    blur = ImageFilter.GaussianBlur(1.5)
    ours = np.asarray(compare.filter(blur), dtype=np.float64)[y0:y1, x0:x1]
    theirs = np.asarray(warped.filter(blur), dtype=np.float64)[y0:y1, x0:x1]
    fitted = np.stack([_fit(ours[..., c], theirs[..., c]) for c in range(3)], axis=-1)
    # The least difference over +-1 px shifts of the official: a residual misalignment of a
    # pixel moves every edge, a real change differs whichever way it is nudged.
    padded = np.pad(fitted, ((1, 1), (1, 1), (0, 0)), mode="edge")
    height, width = y1 - y0, x1 - x0
    least = np.full((height, width), np.inf)
    for dy in range(3):
        for dx in range(3):
            shifted = padded[dy : dy + height, dx : dx + width]
            least = np.minimum(least, np.abs(theirs - shifted).mean(axis=-1))
    difference[y0:y1, x0:x1] = least
    return difference, (x0, y0, x1, y1)


def _fit(ours: Array, theirs: Array) -> Array:
    """`ours` mapped by gain and offset to look like `theirs`, fitted by least squares on the
    80 % of pixels that agree best (a changed region must not pull the fit)."""
    x, y = ours.ravel(), theirs.ravel()
    keep = np.ones_like(x, dtype=bool)
    gain, offset = 1.0, 0.0
    for _ in range(2):
        if np.ptp(x[keep]) < 1e-6:
            gain, offset = 1.0, float(np.mean(y[keep] - x[keep]))
        else:
            gain, offset = (float(v) for v in np.polyfit(x[keep], y[keep], 1))
        residual = np.abs(gain * x + offset - y)
        keep = residual <= np.quantile(residual, 0.8)
    return gain * ours + offset


def _changed(
    difference: Array, rect: tuple[int, int, int, int], overhangs: frozenset[str]
) -> tuple[Mask, float] | None:
    """The changed pixels of the compare frame and their share of the compared rectangle
    (the part of the official picture the upload shows), or None."""
    x0, y0, x1, y1 = rect
    rows, cols = (y1 - y0) // BLOCK, (x1 - x0) // BLOCK
    if rows < 2 or cols < 2:
        return None
    area = difference[y0 : y0 + rows * BLOCK, x0 : x0 + cols * BLOCK]
    blocks = area.reshape(rows, BLOCK, cols, BLOCK).mean(axis=(1, 3))
    floor = float(np.median(blocks))
    spread = 1.4826 * float(np.median(np.abs(blocks - floor)))
    seeds = blocks >= max(SEED_LEVEL, floor + SEED_SPREAD * spread)
    grown = _without_bands(blocks >= max(GROW_LEVEL, floor + GROW_SPREAD * spread), overhangs)
    kept = np.zeros_like(grown)
    # Regions are taken one block wider, so the words of a changed line, or the strokes of a
    # changed signature, make one region rather than many too small to count.
    for region in _regions(_dilated(grown)):
        own = region & grown
        if seeds[own].any() and own.sum() >= MIN_REGION_SHARE * rows * cols:
            kept |= own
    if not kept.any():
        return None
    # Back to pixels: around the kept regions' seed blocks (grown blocks decide what a region
    # is and how big, but also hold the edge noise next to it), the pixels above the seed
    # level, so the box follows the change rather than the block grid.
    near = _dilated(kept & seeds)
    pixels = np.zeros_like(difference, dtype=bool)
    inside = np.repeat(np.repeat(near, BLOCK, axis=0), BLOCK, axis=1)
    # The seed level, not the grow level: JPEG rings around strong colour edges up to it.
    level = max(SEED_LEVEL, floor + SEED_SPREAD * spread)
    pixels[y0 : y0 + rows * BLOCK, x0 : x0 + cols * BLOCK] = inside & (area >= level)
    if not pixels.any():
        return None
    return pixels, float(pixels.sum()) / float((x1 - x0) * (y1 - y0))


def _overhangs(
    alignment: Alignment, frame: tuple[int, int], upload: tuple[int, int]
) -> frozenset[str]:
    """The sides where the upload goes on past the official picture (a band, a border)."""
    left, top = alignment.to_upload(0.0, 0.0)
    right, bottom = alignment.to_upload(float(frame[0]), float(frame[1]))
    slack = 2 * alignment.scale  # two frame px: less is rounding
    sides = {"left": left > slack, "top": top > slack}
    sides |= {"right": right < upload[0] - slack, "bottom": bottom < upload[1] - slack}
    return frozenset(side for side, past in sides.items() if past)


def _without_bands(grown: Mask, overhangs: frozenset[str]) -> Mask:
    """`grown` less the block rows (or columns) at a side where the upload overhangs that
    changed across most of their length: a band added to a cropped copy covers the rim the
    crop took away. A band spans the picture; a local change does not."""
    grown = grown.copy()
    # Each side as a view whose first row is the edge; clearing a view clears `grown`.
    views = {"top": grown, "bottom": grown[::-1], "left": grown.T, "right": grown.T[::-1]}
    for side in overhangs:
        lines = views[side]
        for line in lines:
            if line.mean() < BAND_SPAN:
                break
            line[:] = False
    return grown


def _regions(mask: Mask) -> list[Mask]:
    """8-connected regions of the block grid: each block takes the largest label among its
    neighbours until nothing changes (the grid is ~50 x 40, so this settles quickly)."""
    labels = np.where(mask, np.arange(1, mask.size + 1).reshape(mask.shape), 0)
    while True:
        padded = np.pad(labels, 1)
        rows, cols = mask.shape
        spread = np.max(
            [padded[dy : dy + rows, dx : dx + cols] for dy in range(3) for dx in range(3)], axis=0
        )
        spread = np.where(mask, spread, 0)
        if np.array_equal(spread, labels):
            return [labels == label for label in np.unique(labels[mask])]
        labels = spread


def _dilated(mask: Mask) -> Mask:
    padded = np.pad(mask, 1)
    rows, cols = mask.shape
    out = np.zeros_like(mask)
    for dy in range(3):
        for dx in range(3):
            out |= padded[dy : dy + rows, dx : dx + cols]
    return out


def _upload_box(
    mask: Mask, alignment: Alignment, upload_size: tuple[int, int]
) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    ax, ay = alignment.to_upload(float(xs.min()), float(ys.min()))
    bx, by = alignment.to_upload(float(xs.max() + 1), float(ys.max() + 1))
    width, height = upload_size
    x0, x1 = (int(np.clip(v, 0, width)) for v in (np.floor(ax), np.ceil(bx)))
    y0, y1 = (int(np.clip(v, 0, height)) for v in (np.floor(ay), np.ceil(by)))
    return x0, y0, x1, y1


def _difference_png(upload: Image.Image, mask: Mask, alignment: Alignment) -> bytes:
    """The upload, small, with the changed pixels tinted red and the box outlined in red."""
    side = PREVIEW_SIDE
    while True:
        factor = min(1.0, side / max(upload.size))
        size = (max(1, round(upload.width * factor)), max(1, round(upload.height * factor)))
        preview = upload.resize(size, Image.Resampling.BOX)
        # The mask lives in the compare frame; carry it into the preview's pixels.
        changed = Image.fromarray((mask * 255).astype(np.uint8), "L").transform(
            size, Image.Transform.AFFINE, alignment.preview_to_compare(factor)
        )
        red = Image.new("RGB", size, (230, 0, 0))
        preview = Image.composite(red, preview, changed.point(lambda v: 110 if v > 127 else 0))
        box = _upload_box(mask, alignment, upload.size)
        ImageDraw.Draw(preview).rectangle(
            [round(v * factor) for v in box], outline=(255, 0, 0), width=max(2, side // 160)
        )
        out = io.BytesIO()
        preview.quantize(128, Image.Quantize.FASTOCTREE).save(out, "PNG", optimize=True)
        if out.tell() <= PREVIEW_BYTES or side <= 160:
            return out.getvalue()
        side = int(side * 0.75)
