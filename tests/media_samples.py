"""Media made on the spot for the media tests and benches: photos of generated scenes (a flood,
a crowd) that perceptual hashes can tell apart, the edits a recycled hoax goes through, short
videos and voice-like clips in every accepted format, and the hostile files Tangkal must
refuse. Everything comes from a seed, so a failure can be reproduced; files stay small."""

from __future__ import annotations

import io
import random
import struct
import subprocess
import wave
import zipfile
import zlib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

FFMPEG_TIMEOUT_S = 60.0


class Subject(StrEnum):
    FLOOD = "flood"
    CROWD = "crowd"


def scene(
    seed: int, subject: Subject = Subject.FLOOD, size: tuple[int, int] = (640, 480)
) -> Image.Image:
    """A picture of `subject` laid out from `seed`: two seeds give two different pictures of
    the same kind of thing, as two different floods are."""
    rng = random.Random(f"{subject}-{seed}")
    width, height = size
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    horizon = int(height * rng.uniform(0.3, 0.55))
    top, low = _colour(rng, 150, 230), _colour(rng, 90, 200)
    for y in range(horizon):
        share = y / max(horizon, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * share) for a, b in zip(top, low, strict=True)),
        )
    if subject is Subject.FLOOD:
        _flood(draw, rng, width, height, horizon)
    else:
        _crowd(draw, rng, width, height, horizon)
    return picture


def _colour(rng: random.Random, low: int, high: int) -> tuple[int, int, int]:
    return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))


def _flood(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int, horizon: int
) -> None:
    x = rng.randint(-40, 0)
    while x < width:  # houses and shops standing in the water
        w, h = rng.randint(40, 140), rng.randint(40, int(horizon * 0.9))
        draw.rectangle([x, horizon - h, x + w, horizon + 30], fill=_colour(rng, 40, 220))
        for _ in range(rng.randint(0, 6)):
            wx, wy = rng.randint(x, x + w - 10), rng.randint(horizon - h, horizon)
            draw.rectangle([wx, wy, wx + 10, wy + 12], fill=_colour(rng, 0, 80))
        if rng.random() < 0.5:
            draw.polygon(
                [(x, horizon - h), (x + w, horizon - h), (x + w // 2, horizon - h - w // 3)],
                fill=_colour(rng, 90, 200),
            )
        x += w + rng.randint(0, 40)
    water = _colour(rng, 80, 150)
    draw.rectangle(
        [0, horizon + 10, width, height], fill=(water[0], int(water[1] * 0.8), int(water[2] * 0.5))
    )
    for _ in range(40):  # ripples and floating debris
        y = rng.randint(horizon + 15, height)
        x0 = rng.randint(0, width)
        draw.line(
            [(x0, y), (x0 + rng.randint(20, 120), y)],
            fill=_colour(rng, 120, 230),
            width=rng.randint(1, 3),
        )
    for _ in range(rng.randint(2, 6)):
        cx, cy = rng.randint(0, width), rng.randint(horizon + 20, height - 10)
        draw.ellipse([cx - 18, cy - 8, cx + 18, cy + 8], fill=_colour(rng, 0, 255))


def _crowd(
    draw: ImageDraw.ImageDraw, rng: random.Random, width: int, height: int, horizon: int
) -> None:
    draw.rectangle([0, horizon, width, height], fill=_colour(rng, 60, 140))
    for _ in range(rng.randint(1, 3)):  # banners held above the crowd
        x0, y0 = rng.randint(0, width - 200), rng.randint(horizon - 80, horizon)
        draw.rectangle([x0, y0, x0 + rng.randint(120, 260), y0 + 40], fill=_colour(rng, 150, 255))
        draw.text(
            (x0 + 8, y0 + 8),
            rng.choice(["TOLAK!", "REFORMASI", "TURUN", "BEBASKAN"]),
            fill=(0, 0, 0),
            font=ImageFont.load_default(24),
        )
    for row in range(6):  # people, further rows smaller and higher
        scale = 0.5 + row * 0.18
        y = horizon + int(row * (height - horizon) / 6)
        x = rng.randint(-20, 10)
        while x < width:
            r = int(rng.randint(8, 13) * scale)
            draw.rectangle([x - r, y + r, x + r, y + 5 * r], fill=_colour(rng, 20, 230))
            draw.ellipse(
                [x - r, y - r, x + r, y + r],
                fill=(rng.randint(120, 210), rng.randint(80, 150), rng.randint(50, 110)),
            )
            x += int(2 * r + rng.randint(2, 30) * scale)


# --- what a photo goes through on its way round the chat groups ---------------------------------


def jpeg(picture: Image.Image, quality: int) -> Image.Image:
    """Saved as JPEG at `quality` and opened again."""
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def resized(picture: Image.Image, factor: float) -> Image.Image:
    w, h = picture.size
    return picture.resize(
        (max(8, round(w * factor)), max(8, round(h * factor))), Image.Resampling.LANCZOS
    )


def cropped(picture: Image.Image, share: float, corner: str = "centre") -> Image.Image:
    """`share` of the width and of the height cut away, from the centre or towards a corner
    ("tl", "br", ...): the worst case keeps one corner and loses the opposite sides."""
    w, h = picture.size
    cw, ch = round(w * (1 - share)), round(h * (1 - share))
    x0 = (
        {"l": 0, "r": w - cw}.get(corner[-1:], (w - cw) // 2)
        if corner != "centre"
        else (w - cw) // 2
    )
    y0 = (
        {"t": 0, "b": h - ch}.get(corner[:1], (h - ch) // 2)
        if corner != "centre"
        else (h - ch) // 2
    )
    return picture.crop((x0, y0, x0 + cw, y0 + ch))


def captioned(
    picture: Image.Image, text: str = "BANJIR HARI INI! Sebarkan!", at_top: bool = False
) -> Image.Image:
    """A caption band added above or below the picture, as hoax makers do."""
    w, h = picture.size
    band = max(24, h // 6)
    framed = Image.new("RGB", (w, h + band), (255, 255, 255) if at_top else (0, 0, 0))
    framed.paste(picture, (0, band if at_top else 0))
    ImageDraw.Draw(framed).text(
        (10, (0 if at_top else h) + band // 4),
        text,
        fill=(200, 0, 0) if at_top else (255, 255, 0),
        font=ImageFont.load_default(band // 2),
    )
    return framed


def text_over(picture: Image.Image, text: str = "VIRAL: JAKARTA TENGGELAM") -> Image.Image:
    """Text written over the picture itself."""
    marked = picture.copy()
    size = max(12, picture.height // 12)
    ImageDraw.Draw(marked).text(
        (picture.width // 10, picture.height // 10),
        text,
        fill=(255, 255, 255),
        font=ImageFont.load_default(size),
        stroke_width=2,
        stroke_fill=(0, 0, 0),
    )
    return marked


def flipped(picture: Image.Image) -> Image.Image:
    return ImageOps.mirror(picture)


def screenshot(picture: Image.Image, dark: bool = False) -> Image.Image:
    """A phone screenshot of the picture: a tall screen, status bar with the time and icons,
    the picture fit to the width in the middle, blank screen around it."""
    screen_w, screen_h = 360, 780
    background, ink = ((0, 0, 0), (255, 255, 255)) if dark else ((255, 255, 255), (0, 0, 0))
    shot = Image.new("RGB", (screen_w, screen_h), background)
    draw = ImageDraw.Draw(shot)
    draw.text((14, 6), "09:41", fill=ink, font=ImageFont.load_default(16))
    for n in range(3):
        draw.rectangle([300 + n * 14, 10, 310 + n * 14, 22], fill=ink)
    fit = picture.resize((screen_w, round(picture.height * screen_w / picture.width)))
    shot.paste(fit, (0, (screen_h - fit.height) // 2))
    return shot


def save(picture: Image.Image, path: Path, quality: int = 90) -> Path:
    """Written in the format the suffix names (.jpg, .png, .webp, .gif)."""
    kind = {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}[path.suffix]
    options = {"quality": quality} if kind in {"JPEG", "WEBP"} else {}
    picture.convert("P" if kind == "GIF" else "RGB").save(path, kind, **options)
    return path


# The edits a recycled photo goes through before it comes back (issue 15's list).
EDITS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "jpeg q30": lambda p: jpeg(p, 30),
    "jpeg q95": lambda p: jpeg(p, 95),
    "0.3x": lambda p: resized(p, 0.3),
    "2x": lambda p: resized(p, 2.0),
    "crop 15% top left": lambda p: cropped(p, 0.15, "tl"),
    "crop 15% bottom right": lambda p: cropped(p, 0.15, "br"),
    "crop 15% centre": lambda p: cropped(p, 0.15),
    "caption band below": captioned,
    "caption band above": lambda p: captioned(p, at_top=True),
    "text over": text_over,
    "mirrored": flipped,
    "phone screenshot": screenshot,
    "dark screenshot": lambda p: screenshot(p, dark=True),
    "all at once": lambda p: jpeg(resized(cropped(p, 0.1, "tr"), 0.5), 40),
}


# --- video and audio -----------------------------------------------------------------------------


def _ffmpeg(*arguments: str) -> None:
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *arguments],
        check=True,
        timeout=FFMPEG_TIMEOUT_S,
        capture_output=True,
    )


def video(
    path: Path, seed: int, seconds: float = 8.0, size: tuple[int, int] = (320, 240), fps: int = 10
) -> Path:
    """A clip that pans over generated scenes, a cut every few seconds: MP4 (H.264) or WebM
    (VP8) by the suffix."""
    rng = random.Random(f"video-{seed}")
    w, h = size
    shots = [scene(rng.randint(0, 10**6), rng.choice(list(Subject)), (w * 2, h)) for _ in range(3)]
    frames = round(seconds * fps)
    raw = bytearray()
    for n in range(frames):
        shot = shots[min(n * len(shots) // frames, len(shots) - 1)]
        x = (n * 7) % w
        raw += shot.crop((x, 0, x + w, h)).tobytes()
    codec = (
        ["-c:v", "libvpx", "-deadline", "realtime", "-b:v", "400k"]
        if path.suffix == ".webm"
        else ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
    )
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{w}x{h}",
            "-r",
            str(fps),
            "-i",
            "-",
            *codec,
            str(path),
        ],
        input=bytes(raw),
        check=True,
        timeout=FFMPEG_TIMEOUT_S,
        capture_output=True,
    )
    return path


def reencoded(
    source: Path,
    path: Path,
    *,
    scale: tuple[int, int] | None = None,
    start_s: float = 0.0,
    crf: int = 32,
) -> Path:
    """Another encoding of `source`: lower quality, another size, the first seconds cut."""
    trim = ["-ss", str(start_s)] if start_s else []
    sized = ["-vf", f"scale={scale[0]}:{scale[1]}"] if scale else []
    _ffmpeg(
        *trim,
        "-i",
        str(source),
        *sized,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        str(crf),
        "-an",
        str(path),
    )
    return path


def voice(path: Path, seed: int, seconds: float = 12.0, rate: int = 16000) -> Path:
    """A voice-like clip (a wandering pitch with its harmonics, syllables, pauses, a little
    noise) as WAV; `encoded` turns it into the other formats."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    syllables = np.repeat(rng.uniform(110, 260, size=int(seconds * 5) + 1), rate // 5)[: t.size]
    pitch = np.convolve(syllables, np.ones(400) / 400, mode="same")
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    sound = sum(np.sin(k * phase) * rng.uniform(0.2, 1.0) / k for k in range(1, 8))
    envelope = np.repeat(rng.uniform(0, 1, size=int(seconds * 5) + 1) > 0.25, rate // 5)[: t.size]
    sound = sound * np.convolve(
        envelope.astype(float), np.ones(200) / 200, mode="same"
    ) + rng.normal(0, 0.02, t.size)
    pcm = (sound / np.max(np.abs(sound)) * 0.8 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


AUDIO_CODECS = {
    ".mp3": ["-c:a", "libmp3lame", "-b:a", "64k"],
    ".ogg": ["-c:a", "libopus", "-b:a", "24k"],
    ".oga": ["-c:a", "libvorbis", "-f", "ogg"],
    ".m4a": ["-c:a", "aac", "-b:a", "64k"],
    ".wav": [],
}


def encoded(source: Path, path: Path, start_s: float = 0.0) -> Path:
    """`source` audio in the format of `path`'s suffix: .mp3, .ogg (Opus, as a WhatsApp voice
    note), .oga (Ogg Vorbis), .m4a (AAC in MP4), .wav."""
    trim = ["-ss", str(start_s)] if start_s else []
    _ffmpeg(*trim, "-i", str(source), *AUDIO_CODECS[path.suffix], "-vn", str(path))
    return path


# --- hostile files -------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header declares `width` x `height` pixels (its rows would be zeros)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compressobj(9)
    body = rows.compress(bytes(width + 1) * 64) + rows.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def jpeg_bytes(picture: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def truncated_jpeg(seed: int = 1) -> bytes:
    """A JPEG cut in half."""
    whole = jpeg_bytes(scene(seed))
    return whole[: len(whole) // 2]


HTML_PAGE = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def jpeg_zip_polyglot(seed: int = 1) -> bytes:
    """A real JPEG with a ZIP archive after its end: it opens as a photo and unzips too."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", HTML_PAGE)
    return jpeg_bytes(scene(seed)) + archive.getvalue()
