"""What a video or sound file holds, asked of Debian's `ffprobe` (the ffmpeg package) in a
subprocess with a deadline; its container must be the one the magic number said, and its
structure must reach the end it declares (`av_layout`)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from core.media.av_layout import whole
from core.media.sniff import Container, article
from core.media.types import MediaFacts, MediaKind, MediaRefused

FFPROBE = "ffprobe"
FORMAT_NAMES = {
    Container.MP4: "mp4",
    Container.WEBM: "webm",
    Container.MP3: "mp3",
    Container.OGG: "ogg",
    Container.WAV: "wav",
}
OGG_CODECS = {"opus", "vorbis", "flac"}


def examine_av(path: Path, container: Container, timeout_s: float) -> MediaFacts:
    name = container.value
    report = _ffprobe(path, name, timeout_s)
    formats = str(report.get("format", {}).get("format_name", "")).split(",")
    if FORMAT_NAMES[container] not in formats:
        found = f"a file that begins as {name} but reads as {','.join(formats)}"
        raise MediaRefused(422, "media_polyglot", found)
    streams = report.get("streams", [])
    pictures = [s for s in streams if s.get("codec_type") == "video" and not _cover(s)]
    sounds = [s for s in streams if s.get("codec_type") == "audio"]
    if not pictures and not sounds:
        raise MediaRefused(
            422, "media_truncated", f"{article(name)} with neither picture nor sound"
        )
    if not whole(path, container):
        raise MediaRefused(
            422, "media_truncated", f"{article(name)} cut off after {path.stat().st_size:,} bytes"
        )
    duration = _duration(report, pictures or sounds)
    if duration is None:
        raise MediaRefused(422, "media_truncated", f"{article(name)} without a readable duration")
    kind, mime = _kind(container, pictures, sounds)
    width = int(pictures[0]["width"]) if pictures and "width" in pictures[0] else None
    height = int(pictures[0]["height"]) if pictures and "height" in pictures[0] else None
    return MediaFacts(kind, mime, width=width, height=height, duration_s=duration)


def _ffprobe(path: Path, name: str, timeout_s: float) -> dict[str, Any]:
    command = [FFPROBE, "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:  # run() has killed it
        raise MediaRefused(
            422, "media_unreadable", f"{article(name)} ffprobe could not read in {timeout_s:g} s"
        ) from None
    except FileNotFoundError:
        raise RuntimeError("ffprobe is missing: apt-get install ffmpeg") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise MediaRefused(
            422, "media_truncated", f"{article(name)} ffprobe cannot read ({problem[0][-120:]})"
        )
    report: dict[str, Any] = json.loads(done.stdout or b"{}")
    return report


def _cover(stream: dict[str, Any]) -> bool:
    """An MP3's or M4A's cover art shows up as a one-picture video stream."""
    return bool(stream.get("disposition", {}).get("attached_pic"))


def _kind(container: Container, pictures: list[Any], sounds: list[Any]) -> tuple[MediaKind, str]:
    if container is Container.MP4:
        return (MediaKind.VIDEO, "video/mp4") if pictures else (MediaKind.AUDIO, "audio/mp4")
    if container is Container.WEBM:
        return (MediaKind.VIDEO, "video/webm") if pictures else (MediaKind.AUDIO, "audio/webm")
    if pictures:
        raise MediaRefused(415, "unsupported_media_type", f"{container.value} video")
    if container is Container.OGG and sounds[0].get("codec_name") not in OGG_CODECS:
        raise MediaRefused(
            415, "unsupported_media_type", f"Ogg {sounds[0].get('codec_name')} audio"
        )
    mime = {Container.MP3: "audio/mpeg", Container.OGG: "audio/ogg", Container.WAV: "audio/wav"}
    return MediaKind.AUDIO, mime[container]


def _duration(report: dict[str, Any], streams: list[Any]) -> float | None:
    for value in (report.get("format", {}).get("duration"), streams[0].get("duration")):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if seconds > 0:
            return round(seconds, 3)
    return None
