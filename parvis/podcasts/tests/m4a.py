"""Audio files built by hand for the tests, no encoder needed."""

from __future__ import annotations

import struct


def _box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _full(kind: bytes, *parts: bytes, flags: int = 0) -> bytes:
    return _box(kind, struct.pack(">I", flags), *parts)


def _descriptor(tag: int, payload: bytes) -> bytes:
    return bytes([tag, len(payload)]) + payload


def m4a(seconds: int) -> bytes:
    """A small M4A by hand: AAC-LC, 44.1 kHz stereo, in an MP4 container whose sample
    table points at `seconds` of silent AAC frames (1,024 samples each)."""
    rate, frame = 44_100, bytes([0x21, 0x00, 0x49, 0x90, 0x02, 0x19, 0x00, 0x23, 0x80])
    count = seconds * rate // 1024
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    ftyp = _box(b"ftyp", b"M4A ", struct.pack(">I", 0), b"M4A mp42isom")
    esds = _full(
        b"esds",
        _descriptor(
            0x03,
            struct.pack(">HB", 1, 0)
            + _descriptor(
                0x04,
                bytes([0x40, 0x15])
                + bytes(3)
                + struct.pack(">II", 128_000, 128_000)
                + _descriptor(0x05, bytes([0x12, 0x10])),
            )
            + _descriptor(0x06, b"\x02"),
        ),
    )
    mp4a = _box(
        b"mp4a",
        bytes(6),
        struct.pack(">H", 1),
        bytes(8),
        struct.pack(">HHHHI", 2, 16, 0, 0, rate << 16),
        esds,
    )

    def moov(offset: int) -> bytes:
        stbl = _box(
            b"stbl",
            _full(b"stsd", struct.pack(">I", 1), mp4a),
            _full(b"stts", struct.pack(">III", 1, count, 1024)),
            _full(b"stsc", struct.pack(">IIII", 1, 1, count, 1)),
            _full(b"stsz", struct.pack(">II", len(frame), count)),
            _full(b"stco", struct.pack(">II", 1, offset)),
        )
        minf = _box(
            b"minf",
            _full(b"smhd", bytes(4)),
            _box(b"dinf", _full(b"dref", struct.pack(">I", 1), _full(b"url ", flags=1))),
            stbl,
        )
        mdia = _box(
            b"mdia",
            _full(b"mdhd", struct.pack(">IIIIHH", 0, 0, rate, count * 1024, 0x55C4, 0)),
            _full(b"hdlr", bytes(4), b"soun", bytes(12), b"SoundHandler\x00"),
            minf,
        )
        millis = count * 1024 * 1000 // rate
        tkhd = _full(
            b"tkhd",
            struct.pack(">IIIII", 0, 0, 1, 0, millis),
            bytes(8),
            struct.pack(">hhhH", 0, 0, 0x0100, 0),
            matrix,
            struct.pack(">II", 0, 0),
            flags=7,
        )
        mvhd = _full(
            b"mvhd",
            struct.pack(">IIIIIH", 0, 0, 1000, millis, 0x10000, 0x0100),
            bytes(10),
            matrix,
            bytes(24),
            struct.pack(">I", 2),
        )
        return _box(b"moov", mvhd, _box(b"trak", tkhd, mdia))

    head = len(ftyp) + len(moov(0)) + 8
    return ftyp + moov(head) + _box(b"mdat", frame * count)
