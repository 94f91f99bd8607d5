"""Whether image bytes are a whole, honest picture: not a decompression bomb, not cut off, not
a polyglot, and decodable from first byte to last.

The polyglot rule: an image is refused when, after its own end (JPEG EOI, PNG IEND, GIF
trailer, the WebP RIFF length), more than `TRAILING_TOLERANCE` bytes follow that are not
padding (zeros, 0xFF, whitespace) — an archive, a page or a program riding along; or when
anywhere in it there is an HTML/script/PHP opening, a PDF header in the first KiB (where PDF
readers look) or a ZIP end record that closes the file (where unzip looks). Phone "motion
photos" (a video appended to a JPEG) are refused by this rule too: WhatsApp strips them, and
an appended file is exactly what cannot be told apart from a hidden payload.
"""

from __future__ import annotations

import io
import re
import struct
import warnings

from PIL import Image, ImageFile, UnidentifiedImageError

from core.media.image_layout import layout
from core.media.sniff import Container, article, sniff
from core.media.types import MediaFacts, MediaKind, MediaRefused

# Pillow's own bomb limit (about 89 Mpx, a 12,000 x 7,500 photo): beyond it Pillow warns, and
# twice beyond it refuses. Tangkal refuses from the first.
MAX_PIXELS = 89_478_485
TRAILING_TOLERANCE = 16
PADDING = b"\x00\xff \t\r\n"
MIMES = {
    Container.JPEG: "image/jpeg",
    Container.PNG: "image/png",
    Container.WEBP: "image/webp",
    Container.GIF: "image/gif",
}
PILLOW_FORMATS = {
    Container.JPEG: "JPEG",
    Container.PNG: "PNG",
    Container.WEBP: "WEBP",
    Container.GIF: "GIF",
}
SCRIPT = re.compile(rb"<(script|html|iframe|body|\?php)\b", re.I)

# A partly loaded image would pass for a whole one; nothing in Tangkal wants that.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def examine_image(data: bytes, container: Container) -> MediaFacts:
    name = container.value
    shape = layout(data, container)
    if shape.width is not None and shape.height is not None:
        _refuse_bomb(name, shape.width, shape.height)
    if shape.end is None:
        raise MediaRefused(
            422, "media_truncated", f"{article(name)} cut off after {len(data):,} bytes"
        )
    _refuse_polyglot(data, name, shape.end)
    width, height = _decode(data, container)
    return MediaFacts(MediaKind.IMAGE, MIMES[container], width=width, height=height)


def _refuse_bomb(name: str, width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise MediaRefused(
            422, "media_bomb", f"{article(name)} declaring {width} x {height} pixels"
        )


def _refuse_polyglot(data: bytes, name: str, end: int) -> None:
    trailing = data[end:]
    if len(trailing) > TRAILING_TOLERANCE and trailing.strip(PADDING):
        rider = sniff(trailing.lstrip(PADDING)[:4096]).found
        carried = f"{len(trailing):,} bytes" + (
            "" if rider.startswith("an unknown") else f" of {rider}"
        )
        raise MediaRefused(422, "media_polyglot", f"{article(name)} with {carried} after its end")
    script = SCRIPT.search(data)
    if script is not None:
        raise MediaRefused(422, "media_polyglot", f"{article(name)} that also holds HTML or script")
    if b"%PDF-" in data[:1024]:
        raise MediaRefused(422, "media_polyglot", f"{article(name)} that is also a PDF")
    record = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if record != -1 and len(data) >= record + 22:
        (comment,) = struct.unpack("<H", data[record + 20 : record + 22])
        if record + 22 + comment == len(data):
            raise MediaRefused(422, "media_polyglot", f"{article(name)} that is also a ZIP archive")


def _decode(data: bytes, container: Container) -> tuple[int, int]:
    """Every pixel decoded (the first frame of a GIF or animated WebP), checksums verified."""
    name = container.value
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[container]]) as checked:
                checked.verify()
            with Image.open(io.BytesIO(data), formats=[PILLOW_FORMATS[container]]) as picture:
                _refuse_bomb(name, *picture.size)
                picture.load()
                return picture.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise MediaRefused(
            422, "media_bomb", f"{article(name)} too large to decode ({bomb})"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as broken:
        raise MediaRefused(422, "media_truncated", f"a corrupt {name} ({broken})") from None
