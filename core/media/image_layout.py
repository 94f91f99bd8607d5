"""Where an image's own bytes end and what size its header declares, read by walking the
format's structure (JPEG segments, PNG chunks, GIF blocks, the WebP RIFF length) without
decoding a pixel. The end is how truncation and polyglots are told: a file that stops before
its end marker was cut off; bytes after it belong to something else."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from core.media.sniff import Container

# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other tables.
SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class Layout:
    end: int | None  # offset just past the image's end marker; None: the file stops before it
    width: int | None  # as the header declares, None when the header was not reached
    height: int | None


def layout(data: bytes, container: Container) -> Layout:
    try:
        return {
            Container.JPEG: _jpeg,
            Container.PNG: _png,
            Container.GIF: _gif,
            Container.WEBP: _webp,
        }[container](data)
    except (IndexError, struct.error):  # a length pointing past the end of the file
        return Layout(None, None, None)


def _jpeg(data: bytes) -> Layout:
    pos, width, height = 2, None, None
    while pos < len(data):
        if data[pos] != 0xFF:
            return Layout(None, width, height)  # garbage where a marker must be: corrupt
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return Layout(pos, width, height)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if marker in SOF_MARKERS:
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
        pos += length
        if marker == 0xDA:
            pos = _after_scan(data, pos)
    return Layout(None, width, height)


def _after_scan(data: bytes, pos: int) -> int:
    """The offset of the marker that ends entropy-coded data starting at `pos` (FF 00 is a
    stuffed byte and FF D0..D7 a restart marker, both inside the scan)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos == -1 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7 and following != 0xFF:
            return pos
        pos += 1 if following == 0xFF else 2


def _png(data: bytes) -> Layout:
    width, height = struct.unpack(">II", data[16:24])
    pos = 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if pos > len(data):
            break
        if kind == b"IEND":
            return Layout(pos, width, height)
    return Layout(None, width, height)


def _gif(data: bytes) -> Layout:
    width, height = struct.unpack("<HH", data[6:10])
    pos = 13 + _colour_table(data[10])
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return Layout(pos + 1, width, height)
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            pos = _sub_blocks(data, pos + 10 + _colour_table(data[pos + 9]) + 1)
        else:
            break
    return Layout(None, width, height)


def _colour_table(packed: int) -> int:
    return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0


def _sub_blocks(data: bytes, pos: int) -> int:
    while True:
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


def _webp(data: bytes) -> Layout:
    (size,) = struct.unpack("<I", data[4:8])
    end = 8 + size + (size & 1)
    chunk = data[12:16]
    width = height = None
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif chunk == b"VP8L":
        (bits,) = struct.unpack("<I", data[21:25])
        width, height = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    elif chunk == b"VP8 ":
        w, h = struct.unpack("<HH", data[26:30])
        width, height = w & 0x3FFF, h & 0x3FFF
    return Layout(end if end <= len(data) else None, width, height)
