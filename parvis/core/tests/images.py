"""Real image files for the upload tests, made with Pillow (and by hand where Pillow won't)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

#: Where the photo was "taken": 48°51'24" N, 2°21'3" E.
GPS_LATITUDE = (48.0, 51.0, 24.0)
GPS_LONGITUDE = (2.0, 21.0, 3.0)
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(*, width: int = 64, height: int = 48) -> bytes:
    """A JPEG as a phone makes it: EXIF with camera, GPS position, rotation and a comment."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[ORIENTATION] = 6  # taken sideways: to be shown rotated by 90°
    exif[GPS_IFD] = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: GPS_LONGITUDE}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"Home, 3 rue des Lilas")
    return out.getvalue()


def image_bytes(image_format: str, *, size: tuple[int, int] = (30, 20), **options: object) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def noisy_jpeg(*, side: int = 200) -> bytes:
    """A JPEG that does not compress well, so its size is predictable enough to exceed limits."""
    image = Image.frombytes(
        "RGB", (side, side), bytes((i * 7919) % 251 for i in range(side * side * 3))
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A small, structurally valid PNG whose header declares `width` by `height` pixels.

    This is how a decompression bomb looks: a few bytes that would need gigabytes once
    decoded. Pillow cannot write one, so it is assembled chunk by chunk.
    """
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + _chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)
