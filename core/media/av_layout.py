"""Whether a recording's container reaches the end it declares: an MP4's top-level boxes
must end with the file, a WAV's RIFF length must fit in it, an Ogg stream's last page must
close the stream. A file cut off in transfer fails; ffprobe alone reads such files happily.
WebM and MP3 declare no end that can be checked cheaply: ffprobe's reading stands."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

from core.media.sniff import Container

_OGG_TAIL = 65_536 + 282  # a page is at most this long


def whole(path: Path, container: Container) -> bool:
    size = path.stat().st_size
    with path.open("rb") as f:
        if container is Container.MP4:
            return _mp4_boxes_end_at(f, size)
        if container is Container.WAV:
            head = f.read(8)
            return len(head) == 8 and struct.unpack("<I", head[4:8])[0] + 8 <= size
        if container is Container.OGG:
            f.seek(max(0, size - _OGG_TAIL))
            tail = f.read()
            last = tail.rfind(b"OggS")
            return last >= 0 and len(tail) > last + 5 and bool(tail[last + 5] & 0x04)
    return True


def _mp4_boxes_end_at(stream: BinaryIO, size: int) -> bool:
    position = 0
    while position < size:
        stream.seek(position)
        head = stream.read(16)
        if len(head) < 8:
            return False
        length = struct.unpack(">I", head[:4])[0]
        if length == 1:  # a 64-bit length follows the type
            if len(head) < 16:
                return False
            length = struct.unpack(">Q", head[8:16])[0]
        elif length == 0:  # this box runs to the end of the file
            return True
        if length < 8:
            return False
        position += length
    return position == size
