"""Altered copies of an official picture, made by the tests with Pillow: what sharing does to a
picture (JPEG, resizing, a small crop, a caption band) is not an alteration; a painted
patch, a swapped banner, a changed caption and another face are, and are found where they
are, in the upload's own pixels."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.media.altered import locate_alteration
from core.media.types import Alteration

W, H = 640, 480
Box = tuple[float, float, float, float]
BANNER = "PEMKAB CONTOH - HARI JADI KE-75"
CAPTION = "Bupati meresmikan jembatan baru di Desa Sukamaju"


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def official_picture() -> Image.Image:
    """Gradients, a red banner with text, a face, a framed panel, poles, a caption band."""
    y, x = np.mgrid[0:H, 0:W]
    sky = np.stack([60 + 120 * x / W, 90 + 100 * y / H, 200 - 80 * (x + y) / (W + H)], -1)
    picture = Image.fromarray(sky.astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((38, 38, 602, 96), fill=(160, 20, 30))
    draw.text((64, 50), BANNER, font=font(26), fill=(255, 255, 255))
    face(draw, skin=(225, 180, 140), eyes=(40, 30, 20))
    draw.rectangle((448, 168, 576, 360), fill=(30, 60, 40), outline=(250, 250, 250), width=3)
    for i in range(8):
        draw.line(
            (32 + 19 * i, 432, 64 + 19 * i, 144), fill=(20 + 20 * i, 200 - 15 * i, 90), width=3
        )
    draw.rectangle((0, 413, W, H), fill=(20, 20, 30))
    draw.text((26, 428), CAPTION, font=font(24), fill=(240, 240, 240))
    return picture


def face(draw: ImageDraw.ImageDraw, *, skin: tuple[int, ...], eyes: tuple[int, ...]) -> None:
    draw.ellipse((224, 144, 384, 346), fill=skin)
    draw.ellipse((262, 202, 288, 221), fill=eyes)
    draw.ellipse((320, 202, 346, 221), fill=eyes)
    draw.arc((269, 240, 339, 298), 20, 160, fill=(120, 40, 40), width=4)


def painted(picture: Image.Image) -> Image.Image:
    # ~3 % of the picture, over the poles and the sky.
    ImageDraw.Draw(picture).rectangle((96, 200, 200, 290), fill=(128, 128, 128))
    return picture


def banner_swapped(picture: Image.Image) -> Image.Image:
    draw = ImageDraw.Draw(picture)
    draw.rectangle((38, 38, 602, 96), fill=(160, 20, 30))
    draw.text((64, 50), "PEMKAB CONTOH - DEMO TOLAK BUPATI", font=font(26), fill=(255, 255, 255))
    return picture


def caption_changed(picture: Image.Image) -> Image.Image:
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 413, W, H), fill=(20, 20, 30))
    draw.text(
        (26, 428),
        "Bupati mengundurkan diri karena kasus korupsi",
        font=font(24),
        fill=(240, 240, 240),
    )
    return picture


def face_replaced(picture: Image.Image) -> Image.Image:
    draw = ImageDraw.Draw(picture)
    face(draw, skin=(170, 120, 85), eyes=(0, 0, 0))
    draw.rectangle((250, 195, 360, 228), fill=(10, 10, 10))  # dark glasses
    return picture


def shared(
    picture: Image.Image,
    path: Path,
    *,
    scale: float = 1.0,
    crop: Box = (0, 0, 0, 0),
    band: float = 0.0,
    quality: int = 75,
) -> Path:
    """What a messenger does: crop (fractions of each side), a caption band under the
    picture, resize, JPEG."""
    left, top, right, bottom = crop
    picture = picture.crop((left * W, top * H, W - right * W, H - bottom * H))
    if band:
        framed = Image.new("RGB", (picture.width, round(picture.height * (1 + band))), "white")
        framed.paste(picture)
        ImageDraw.Draw(framed).text(
            (10, picture.height + 8), "VIRAL!! Bupati ditangkap", font=font(28), fill="black"
        )
        picture = framed
    size = (round(picture.width * scale), round(picture.height * scale))
    picture.resize(size, Image.Resampling.LANCZOS).save(path, "JPEG", quality=quality)
    return path


def true_box(change: Callable[[Image.Image], Image.Image], *, scale: float, crop: Box) -> Box:
    """Where the clean pictures really differ, in the shared copy's pixels."""
    ours = np.asarray(official_picture(), dtype=np.int16)
    theirs = np.asarray(change(official_picture()), dtype=np.int16)
    ys, xs = np.nonzero(np.abs(ours - theirs).max(axis=-1) > 40)
    dx, dy = crop[0] * W, crop[1] * H
    return (
        (xs.min() - dx) * scale,
        (ys.min() - dy) * scale,
        (xs.max() + 1 - dx) * scale,
        (ys.max() + 1 - dy) * scale,
    )


def iou(a: Box, b: Box) -> float:
    inter = max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(
        0.0, min(a[3], b[3]) - max(a[1], b[1])
    )
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("official") / "official.png"
    official_picture().save(path)
    return path


@pytest.mark.parametrize(
    ("scale", "crop", "band", "quality"),
    [
        (1.0, (0, 0, 0, 0), 0.0, 30),
        (1.0, (0, 0, 0, 0), 0.0, 95),
        (0.5, (0, 0, 0, 0), 0.0, 60),
        (2.0, (0, 0, 0, 0), 0.0, 80),
        (0.9, (0.08, 0.05, 0.1, 0.02), 0.0, 50),
        (0.7, (0.0, 0.0, 0.0, 0.0), 0.15, 70),
    ],
    ids=["jpeg-q30", "jpeg-q95", "half", "double", "cropped", "caption-band"],
)
def test_a_shared_copy_without_a_local_change_is_not_altered(
    official: Path, tmp_path: Path, scale: float, crop: Box, band: float, quality: int
) -> None:
    copy = shared(
        official_picture(),
        tmp_path / "copy.jpg",
        scale=scale,
        crop=crop,
        band=band,
        quality=quality,
    )
    assert locate_alteration(official, copy) is None


@pytest.mark.parametrize(
    ("change", "scale", "crop", "quality"),
    [
        (painted, 1.0, (0, 0, 0, 0), 85),
        (painted, 0.6, (0, 0, 0, 0), 50),
        (painted, 1.4, (0.06, 0.04, 0.02, 0.0), 70),
        (banner_swapped, 0.8, (0, 0, 0, 0), 70),
        (caption_changed, 0.6, (0, 0, 0, 0), 60),
        (face_replaced, 0.5, (0, 0, 0, 0), 40),
    ],
    ids=["painted", "painted-0.6x-q50", "painted-cropped-1.4x", "banner", "caption", "face"],
)
def test_a_local_change_is_found_where_it_is_in_the_upload(
    official: Path,
    tmp_path: Path,
    change: Callable[[Image.Image], Image.Image],
    scale: float,
    crop: Box,
    quality: int,
) -> None:
    upload = shared(
        change(official_picture()), tmp_path / "up.jpg", scale=scale, crop=crop, quality=quality
    )
    found = locate_alteration(official, upload)
    assert found is not None
    truth = true_box(change, scale=scale, crop=crop)
    assert iou(found.box, truth) >= 0.5, (found.box, truth)
    true_share = (truth[2] - truth[0]) * (truth[3] - truth[1]) / (W * H * scale * scale)
    assert 0 < found.changed_share <= 1.5 * true_share


def test_the_difference_png_shows_the_upload_with_the_change_in_red(
    official: Path, tmp_path: Path
) -> None:
    upload = shared(
        painted(official_picture()), tmp_path / "up.jpg", scale=1.4, crop=(0.1, 0, 0, 0)
    )
    found = locate_alteration(official, upload)
    assert isinstance(found, Alteration)
    assert found.difference_png.startswith(b"\x89PNG")
    assert len(found.difference_png) <= 100_000
    preview = Image.open(io.BytesIO(found.difference_png)).convert("RGB")
    with Image.open(upload) as original:
        width, height = original.size
    assert abs(preview.width / preview.height - width / height) < 0.01
    # Red marks the change: much of the box is tinted, hardly anything outside it.
    with Image.open(upload) as original:
        plain = np.asarray(original.convert("RGB").resize(preview.size), dtype=np.int16)
    shown = np.asarray(preview, dtype=np.int16)
    red = (shown[..., 0] - plain[..., 0] > 25) & (plain[..., 1] - shown[..., 1] > 25)
    k = preview.width / width
    x0, y0, x1, y1 = (round(v * k) for v in found.box)
    inside = np.zeros_like(red)
    inside[y0 + 4 : y1 - 4, x0 + 4 : x1 - 4] = True
    assert red[inside].mean() > 0.5
    outside = np.ones_like(red)
    outside[max(0, y0 - 4) : y1 + 4, max(0, x0 - 4) : x1 + 4] = False
    assert red[outside].mean() < 0.01


def test_a_different_picture_is_not_located_at_all(official: Path, tmp_path: Path) -> None:
    other = Image.new("RGB", (W, H), (200, 200, 190))
    draw = ImageDraw.Draw(other)
    for i in range(0, W, 40):
        draw.rectangle((i, (i * 7) % H, i + 30, (i * 7) % H + 90), fill=(i % 255, 40, 160))
    path = tmp_path / "other.jpg"
    other.save(path, quality=80)
    assert locate_alteration(official, path) is None
