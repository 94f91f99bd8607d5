"""Put a near copy of a picture back on the original: the scale and shift that map one onto
the other, and the copy redrawn in the original's frame.

The copy may be re-compressed, resized (0.5x to 2x), cropped by up to ~10 % a side, or given a
band (a caption) outside the picture. One side of it must then show 78-102 % of the
original's, which leaves ~20 candidate scales. Only the copy's middle (15 % margins left
out) is matched, so a band at its edge cannot steer the result, and it is matched on edges,
so a large painted patch weighs by its outline rather than its area: for each scale, masked
normalised cross-correlation of gradient magnitudes through the FFT finds the best shift at
128 px; a hill climb on gradient correlation at the frame's size, blurred wide then sharp,
refines the best. A weak correlation at either step means "not placed", never a guess."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter

Array = NDArray[np.float64]
Spectrum = NDArray[np.complex128]

COARSE_SIDE = 128  # long side for the scale and shift search
MIN_CORRELATION = 0.3  # coarse edge correlation: below it the upload is not a copy within limits
MIN_REFINED = 0.5  # edge correlation after refining: below it the copy is misplaced, not compared
MARGIN = 0.15  # of each side of the upload, left out when aligning
MIN_OVERLAP = 0.8  # of the upload's middle, that must lie on the original


@dataclass(frozen=True)
class Alignment:
    """Upload pixel = scale * frame pixel + (dx, dy). The frame is the original picture at
    the size the caller compares at."""

    scale: float
    dx: float
    dy: float

    def to_upload(self, x: float, y: float) -> tuple[float, float]:
        return self.scale * x + self.dx, self.scale * y + self.dy

    def preview_to_compare(self, factor: float) -> tuple[float, ...]:
        """Pillow affine data taking a pixel of the upload resized by `factor` to the frame."""
        k = 1 / (factor * self.scale)
        return (k, 0.0, -self.dx / self.scale, 0.0, k, -self.dy / self.scale)


def align(compare: Image.Image, upload: Image.Image) -> Alignment | None:
    """Scale and shift that put `upload` on `compare` (the original at the frame's size), or
    None when they do not correlate well enough: not a copy within the limits above."""
    coarse = COARSE_SIDE / max(compare.size)
    fixed = _edges(scaled(compare, coarse))
    ratios = _candidate_ratios(compare.size, upload.size)
    biggest = (
        round(upload.height * ratios[-1] * coarse),
        round(upload.width * ratios[-1] * coarse),
    )
    # One FFT size for every candidate, so the original's spectra are computed once.
    shape = (fixed.shape[0] + biggest[0] + 1, fixed.shape[1] + biggest[1] + 1)
    spectra = tuple(np.fft.rfft2(a, shape) for a in (fixed, fixed**2, np.ones_like(fixed)))
    # Shrunk once to twice the largest coarse size: resizing the full upload for every
    # candidate costs more than all the FFTs.
    pre = min(1.0, 2 * ratios[-1] * coarse)
    shrunk = _middle(scaled(upload, pre))
    best: tuple[float, float, int, int] | None = None  # correlation, ratio, dx, dy
    for ratio in ratios:
        # ratio: frame px per upload px; the upload's middle is brought to the coarse frame.
        moving = _edges(scaled(shrunk, ratio * coarse / pre))
        score, dx, dy = _best_shift(fixed.shape, spectra, moving, shape)
        if best is None or score > best[0]:
            best = (score, ratio, dx, dy)
    if best is None or best[0] < MIN_CORRELATION:
        return None
    _, ratio, dx, dy = best
    step = 1 / (ratio * coarse)  # upload px per coarse px
    ox, oy = _middle_origin(upload.size)
    found, correlation = _refine(
        compare, upload, Alignment(scale=1 / ratio, dx=ox - dx * step, dy=oy - dy * step)
    )
    return found if correlation >= MIN_REFINED else None


def _middle(image: Image.Image) -> Image.Image:
    """The upload without a margin of MARGIN a side: a band or border added to the picture
    sits at its edge and must not steer the alignment; a crop of up to 10 % a side leaves the
    middle wholly inside the original."""
    ox, oy = _middle_origin(image.size)
    return image.crop((ox, oy, image.width - ox, image.height - oy))


def _middle_origin(size: tuple[int, int]) -> tuple[int, int]:
    return round(size[0] * MARGIN), round(size[1] * MARGIN)


def _candidate_ratios(compare: tuple[int, int], upload: tuple[int, int]) -> list[float]:
    """Compare px per upload px such that one side of the upload shows 78-102 % of the
    official's, in steps of 3 %."""
    ratios: set[float] = set()
    for side_official, side_upload in zip(compare, upload, strict=True):
        low, high = 0.78 * side_official / side_upload, 1.02 * side_official / side_upload
        steps = int(np.ceil(np.log(high / low) / np.log(1.03)))
        ratios.update(float(r) for r in np.geomspace(low, high, steps + 1))
    return sorted(ratios)


def _best_shift(
    fixed_shape: tuple[int, ...],
    fixed_spectra: tuple[Spectrum, ...],
    moving: Array,
    shape: tuple[int, int],
) -> tuple[float, int, int]:
    """Normalised cross-correlation of `moving` placed at every offset on the fixed picture,
    through the FFT, with overlap masks so each offset is scored on its overlap alone."""
    f, f2, fm = fixed_spectra
    m, m2, mm = (np.fft.rfft2(a, shape) for a in (moving, moving**2, np.ones_like(moving)))

    def correlate(a: Spectrum, b: Spectrum) -> Array:
        return np.fft.irfft2(a * np.conj(b), shape)

    overlap = np.maximum(np.round(correlate(fm, mm)), 1.0)
    sum_f, sum_m = correlate(f, mm), correlate(fm, m)
    var_f = np.maximum(correlate(f2, mm) - sum_f**2 / overlap, 0.0)
    var_m = np.maximum(correlate(fm, m2) - sum_m**2 / overlap, 0.0)
    cross = correlate(f, m) - sum_f * sum_m / overlap
    spread = np.sqrt(var_f * var_m)
    usable = (overlap >= MIN_OVERLAP * moving.size) & (spread > 1e-3 * overlap)
    ncc = np.where(usable, cross / np.maximum(spread, 1e-9), -1.0)
    y, x = (int(v) for v in np.unravel_index(int(np.argmax(ncc)), ncc.shape))
    # A circular correlation: offsets past the fixed picture's size are negative ones.
    dy = y - shape[0] if y >= fixed_shape[0] else y
    dx = x - shape[1] if x >= fixed_shape[1] else x
    return float(ncc[y, x]), dx, dy


def _refine(compare: Image.Image, upload: Image.Image, start: Alignment) -> tuple[Alignment, float]:
    """Hill climb on scale (about the frame's centre, so it does not trade off against the
    shift) and shift, scored by how well the edges of the upload's middle fall on the
    frame's (the correlation of their gradients: a changed patch counts by its outline
    only, where with plain intensities a bright patch outweighs every edge). First blurred
    wide, where the coarse guess (a few px out) is in the right basin, then sharp. Returns
    the best placement and its score."""
    factor = 1 / start.scale  # the upload resampled once near the frame's size
    small = scaled(upload, factor).convert("L")
    ox, oy = _middle_origin(small.size)
    cx, cy = compare.width / 2, compare.height / 2
    best, best_score = start, -1.0
    for radius, scale_step, shift_step in ((3.0, 0.02, 4.0), (1.0, 0.004, 1.0)):
        fixed = _grey(compare, radius)
        middle = _middle(small.filter(ImageFilter.GaussianBlur(radius)))

        def score(a: Alignment, fixed: Array = fixed, middle: Image.Image = middle) -> float:
            placed = rescaled(a, factor)
            placed = Alignment(placed.scale, placed.dx - ox, placed.dy - oy)
            warped, (x0, y0, x1, y1) = warp(middle, placed, compare.size)
            if x1 - x0 < 16 or y1 - y0 < 16:
                return -1.0
            ours = _gradients(fixed[y0:y1, x0:x1])
            theirs = _gradients(np.asarray(warped, dtype=np.float64)[y0:y1, x0:x1])
            spread = float(np.sqrt(float(ours @ ours) * float(theirs @ theirs)))
            return float(ours @ theirs) / (spread + 1e-9)

        best_score = score(best)
        while scale_step > 0.001 or shift_step > 0.2:
            moved = False
            s = best.scale
            trials = [
                Alignment(s * k, best.dx + (s - s * k) * cx, best.dy + (s - s * k) * cy)
                for k in (1 - scale_step, 1 + scale_step)
            ] + [
                Alignment(s, best.dx + ddx * shift_step * s, best.dy + ddy * shift_step * s)
                for ddx, ddy in ((-1, 0), (1, 0), (0, -1), (0, 1))
            ]
            for trial in trials:
                if (value := score(trial)) > best_score:
                    best, best_score, moved = trial, value, True
            if not moved:
                scale_step, shift_step = scale_step / 2, shift_step / 2
    return best, best_score


def rescaled(a: Alignment, factor: float) -> Alignment:
    """The same placement for the upload resized by `factor`."""
    return Alignment(a.scale * factor, a.dx * factor, a.dy * factor)


def warp(
    upload: Image.Image, alignment: Alignment, size: tuple[int, int]
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The upload drawn in the frame (of `size`), and the rectangle of the frame it covers."""
    if alignment.scale > 1.25:
        # Bilinear sampling of a much larger picture aliases: shrink it with a box filter.
        factor = 1 / alignment.scale
        upload, alignment = scaled(upload, factor), rescaled(alignment, factor)
    s, dx, dy = alignment.scale, alignment.dx, alignment.dy
    warped = upload.transform(
        size, Image.Transform.AFFINE, (s, 0.0, dx, 0.0, s, dy), Image.Resampling.BILINEAR
    )
    x0, y0 = int(np.ceil(-dx / s)), int(np.ceil(-dy / s))
    x1, y1 = int((upload.width - 1 - dx) // s), int((upload.height - 1 - dy) // s)
    return warped, (max(0, x0), max(0, y0), min(size[0], x1), min(size[1], y1))


def scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.BOX if factor < 1 else Image.Resampling.BILINEAR)


def _gradients(grey: Array) -> Array:
    """Horizontal and vertical differences, as one vector."""
    return np.concatenate([np.diff(grey, axis=1).ravel(), np.diff(grey, axis=0).ravel()])


def _edges(image: Image.Image) -> Array:
    """Gradient magnitude: the coarse search matches edges, so a large painted patch weighs
    by its outline, not by its area."""
    gy, gx = np.gradient(_grey(image))
    return np.asarray(np.hypot(gx, gy), dtype=np.float64)


def _grey(image: Image.Image, radius: float = 1.0) -> Array:
    blurred = image.convert("L").filter(ImageFilter.GaussianBlur(radius))
    return np.asarray(blurred, dtype=np.float64)
