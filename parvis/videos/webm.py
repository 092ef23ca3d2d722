"""A small, real WebM video made without any encoder but Pillow's: each frame is a picture
encoded as lossy WebP, whose "VP8 " chunk is a VP8 key frame, put in a Matroska (WebM)
container with the VP8 codec. Browsers play it. Used by the demo town and the tests, which
have no ffmpeg: a few seconds of coloured frames, one a second.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable

from PIL import Image, ImageDraw


def _size(value: int) -> bytes:
    """An EBML size on 8 bytes (simple, always valid)."""
    return bytes([0x01]) + value.to_bytes(7, "big")


def _element(element_id: int, payload: bytes) -> bytes:
    identifier = element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
    return identifier + _size(len(payload)) + payload


def _uint(element_id: int, value: int) -> bytes:
    return _element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _vp8_frame(image: Image.Image) -> bytes:
    """The VP8 key frame of `image` encoded as lossy WebP."""
    out = io.BytesIO()
    image.save(out, "WEBP", quality=60, method=0)
    data = out.getvalue()
    at = 12
    while at + 8 <= len(data):
        kind, length = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        if kind == b"VP8 ":
            return data[at + 8 : at + 8 + length]
        at += 8 + length + (length & 1)
    raise ValueError("Pillow did not write a lossy WebP.")


def frames(count: int, *, size: tuple[int, int] = (160, 90), label: str = "") -> list[Image.Image]:
    """`count` pictures of changing colours, numbered."""
    pictures = []
    for number in range(count):
        shade = (40 + 50 * number) % 256
        image = Image.new("RGB", size, (shade, 90, 200 - shade // 2))
        ImageDraw.Draw(image).text((8, 8), f"{label} {number + 1}".strip(), fill=(255, 255, 255))
        pictures.append(image)
    return pictures


def webm_bytes(pictures: Iterable[Image.Image], *, seconds_per_frame: float = 1.0) -> bytes:
    """A WebM file showing each picture in turn for `seconds_per_frame`."""
    pictures = list(pictures)
    width, height = pictures[0].size
    header = _element(
        0x1A45DFA3,
        _uint(0x4286, 1)  # EBMLVersion
        + _uint(0x42F7, 1)  # EBMLReadVersion
        + _uint(0x42F2, 4)  # EBMLMaxIDLength
        + _uint(0x42F3, 8)  # EBMLMaxSizeLength
        + _element(0x4282, b"webm")  # DocType
        + _uint(0x4287, 2)  # DocTypeVersion
        + _uint(0x4285, 2),  # DocTypeReadVersion
    )
    step_ms = round(seconds_per_frame * 1000)
    duration_ms = step_ms * len(pictures)
    info = _element(
        0x1549A966,
        _uint(0x2AD7B1, 1_000_000)  # TimecodeScale: milliseconds
        + _element(0x4489, struct.pack(">d", float(duration_ms)))  # Duration
        + _element(0x4D80, b"Parvis")  # MuxingApp
        + _element(0x5741, b"Parvis"),  # WritingApp
    )
    tracks = _element(
        0x1654AE6B,
        _element(
            0xAE,  # TrackEntry
            _uint(0xD7, 1)  # TrackNumber
            + _uint(0x73C5, 1)  # TrackUID
            + _uint(0x83, 1)  # TrackType: video
            + _element(0x86, b"V_VP8")  # CodecID
            + _uint(0x23E383, step_ms * 1_000_000)  # DefaultDuration (ns)
            + _element(0xE0, _uint(0xB0, width) + _uint(0xBA, height)),  # Video
        ),
    )
    blocks = b""
    for number, picture in enumerate(pictures):
        frame = _vp8_frame(picture)
        # SimpleBlock: track 1 (as a 1-byte vint), timecode relative to the cluster, key frame.
        blocks += _element(0xA3, b"\x81" + struct.pack(">h", number * step_ms) + b"\x80" + frame)
    cluster = _element(0x1F43B675, _uint(0xE7, 0) + blocks)  # Cluster with Timecode 0
    return header + _element(0x18538067, info + tracks + cluster)
