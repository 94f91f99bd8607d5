"""What a file is, from its first bytes (magic numbers): the name and the uploader's content
type are never asked. `sniff` answers with the format Tangkal takes, or the name of what the
bytes are instead, so a refusal can say "HTML" rather than "not an image"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Container(StrEnum):
    """The formats Tangkal takes, by how their bytes begin."""

    JPEG = "JPEG"
    PNG = "PNG"
    WEBP = "WebP"
    GIF = "GIF"
    MP4 = "MP4"  # video/mp4, or audio/mp4 (M4A) when it holds only sound
    WEBM = "WebM"
    MP3 = "MP3"
    OGG = "Ogg"
    WAV = "WAV"


IMAGES = {Container.JPEG, Container.PNG, Container.WEBP, Container.GIF}

HEAD_BYTES = 4096  # enough for every signature below, the WebM doctype included

# ISO base media brands of MP4 and M4A files (phones, WhatsApp, ffmpeg, browsers).
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"M4A ",
    b"M4B ",
    b"MSNV",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"mmp4",
}
OTHER_BRANDS = {
    b"qt  ": "QuickTime (MOV) video",
    b"heic": "HEIC image",
    b"heix": "HEIC image",
    b"mif1": "HEIF image",
    b"msf1": "HEIF image",
    b"avif": "AVIF image",
    b"crx ": "Canon raw photo",
    b"jp2 ": "JPEG 2000 image",
}

# Formats we refuse but can name. Checked in order; the first match wins.
NAMED = [
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\x7fELF", "a Linux program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"fLaC", "FLAC audio"),
    (b"\x00\x00\x01\x00", "an icon (ICO)"),
    (b"8BPS", "a Photoshop document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"FWS", "Flash"),
    (b"CWS", "Flash"),
]
MARKUP = [
    (re.compile(rb"^\s*(<!--.*?-->\s*)*<!doctype\s+html", re.I | re.S), "HTML"),
    (
        re.compile(
            rb"^\s*(<!--.*?-->\s*)*<(html|head|body|script|iframe|meta|div|a)\b", re.I | re.S
        ),
        "HTML",
    ),
    (
        re.compile(
            rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg\b", re.I | re.S
        ),
        "SVG",
    ),
    (re.compile(rb"^\s*<\?php", re.I), "PHP"),
    (re.compile(rb"^\s*<\?xml", re.I), "XML"),
    (re.compile(rb"^\s*[\[{]"), "JSON or text"),
]


@dataclass(frozen=True)
class Sniffed:
    container: Container | None  # None: not a format Tangkal takes
    found: str  # what the bytes are, for a refusal's message


def sniff(head: bytes) -> Sniffed:
    """The format `head` (the file's first `HEAD_BYTES` bytes) begins as."""
    body = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(Container.JPEG, "JPEG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(Container.PNG, "PNG")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed(Container.GIF, "GIF")
    if head[:4] == b"RIFF":
        return _riff(head[8:12])
    if head[4:8] == b"ftyp":
        return _ftyp(head[8:12])
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _ebml(head)
    if head.startswith(b"OggS"):
        return Sniffed(Container.OGG, "Ogg")
    if head.startswith(b"ID3") or _mp3_frame(head):
        return Sniffed(Container.MP3, "MP3")
    for signature, name in NAMED:
        if head.startswith(signature):
            return Sniffed(None, name)
    for pattern, name in MARKUP:
        if pattern.match(body):
            return Sniffed(None, name)
    if head and _is_text(body):
        return Sniffed(None, "plain text")
    if not head:
        return Sniffed(None, "an empty file")
    return Sniffed(None, f"an unknown format starting with {head[:4].hex(' ')}")


def _riff(form: bytes) -> Sniffed:
    if form == b"WEBP":
        return Sniffed(Container.WEBP, "WebP")
    if form == b"WAVE":
        return Sniffed(Container.WAV, "WAV")
    named = {b"AVI ": "AVI video", b"CDXA": "a video CD track"}
    return Sniffed(None, named.get(form, f"a RIFF file of type {form.decode('latin-1')!r}"))


def _ftyp(brand: bytes) -> Sniffed:
    if brand in MP4_BRANDS:
        return Sniffed(Container.MP4, "MP4")
    return Sniffed(
        None, OTHER_BRANDS.get(brand, f"an ISO media file of brand {brand.decode('latin-1')!r}")
    )


def _ebml(head: bytes) -> Sniffed:
    # The EBML header's DocType element (id 42 82) says webm or matroska.
    at = head.find(b"\x42\x82")
    if at != -1 and b"webm" in head[at : at + 12]:
        return Sniffed(Container.WEBM, "WebM")
    return Sniffed(None, "Matroska (MKV) video")


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio layer III frame header: 11 sync bits, then a layer field of 01."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and (head[1] >> 1) & 3 == 1


def _is_text(head: bytes) -> bool:
    try:
        text = head[:512].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 508:  # not a character cut in two at the end of the sample
            return False
        text = head[: error.start].decode("utf-8")
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def article(name: str) -> str:
    """`name` with "a" or "an" as it is read out: an MP4, an Ogg, a PNG, a WebM."""
    return f"an {name}" if name[0] in "AEFHILMNORSX" else f"a {name}"
