"""Video files and caption tracks, checked by what they contain rather than by their names.

A video is accepted as MP4 when it is an ISO base media file whose first box is `ftyp`
(with a video brand, not an audio-only or image one) and which holds a `moov` box, and as
WebM when it starts with an EBML header whose DocType is "webm". Nothing is decoded: the
browser plays the file, Parvis only makes sure it is the container it claims to be. Its
duration is read from the container (`mvhd` in MP4, the Segment's Info in WebM) by the
worker, never in the request.

A caption track must be WebVTT: UTF-8, starting with "WEBVTT", and each cue's timings must
parse, the end after the start; at least one cue.
"""

from __future__ import annotations

import re
import struct
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MP4 = "video/mp4"
WEBM = "video/webm"
EXTENSIONS = {MP4: "mp4", WEBM: "webm"}

#: Brands of ISO files that are not videos: audio books and music, HEIF/AVIF images, QuickTime.
_NOT_VIDEO_BRANDS = {
    b"M4A ",
    b"M4B ",
    b"M4P ",
    b"heic",
    b"heix",
    b"mif1",
    b"msf1",
    b"avif",
    b"qt  ",
}
#: How far the WebM check reads for the header and the Segment's Info: they come first.
_WEBM_HEAD = 256 * 1024
#: The most top-level MP4 boxes walked (a real file has a handful).
_MAX_BOXES = 10_000

#: The largest caption file accepted: a feature film's captions are about 100 kB.
MAX_CAPTIONS_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CheckedVideo:
    mime_type: str
    extension: str


def _not_a_video() -> ValidationError:
    return ValidationError(
        _("This file is not a video we can publish: send an MP4 or a WebM file."),
        code="not_a_video",
    )


def _read_exactly(handle: IO[bytes], size: int) -> bytes:
    data = handle.read(size)
    return data if len(data) == size else b""


def _mp4_boxes(handle: IO[bytes], total: int) -> list[tuple[bytes, int, int]]:
    """The top-level boxes of an ISO file: (type, offset of the content, content size)."""
    boxes: list[tuple[bytes, int, int]] = []
    offset = 0
    while offset < total and len(boxes) < _MAX_BOXES:
        handle.seek(offset)
        header = _read_exactly(handle, 8)
        if not header:
            raise _not_a_video()
        size, kind = struct.unpack(">I4s", header)
        start = offset + 8
        if size == 1:
            large = _read_exactly(handle, 8)
            if not large:
                raise _not_a_video()
            size = struct.unpack(">Q", large)[0]
            start += 8
        elif size == 0:
            size = total - offset
        if size < start - offset or offset + size > total:
            raise _not_a_video()
        boxes.append((kind, start, offset + size - start))
        offset += size
    return boxes


def _check_mp4(handle: IO[bytes], total: int) -> None:
    boxes = _mp4_boxes(handle, total)
    if not boxes or boxes[0][0] != b"ftyp" or boxes[0][2] < 8:
        raise _not_a_video()
    handle.seek(boxes[0][1])
    brand = handle.read(4)
    if brand in _NOT_VIDEO_BRANDS or not any(kind == b"moov" for kind, _s, _n in boxes):
        raise _not_a_video()


def _vint(data: bytes, at: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at `at`: (value, position after it). With
    `keep_marker` (element IDs) the length bits stay in the value. A size whose bits are all
    ones ("unknown", a live stream's Segment) comes back as -1."""
    if at >= len(data):
        raise ValueError("truncated")
    first = data[at]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8 or at + length > len(data):
        raise ValueError("bad variable-length integer")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return -1, at + length
    return value, at + length


def _ebml_children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """The elements between `start` and `end`: (ID, content start, content end); an element
    cut by the end of `data` stops the list."""
    children = []
    at = start
    while at < end:
        try:
            element, at = _vint(data, at, keep_marker=True)
            size, at = _vint(data, at, keep_marker=False)
        except ValueError:
            break
        content_end = len(data) if size < 0 else at + size
        children.append((element, at, min(content_end, len(data))))
        if size < 0 or content_end > len(data):
            break
        at = content_end
    return children


_EBML = 0x1A45DFA3
_DOCTYPE = 0x4282
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMECODE_SCALE = 0x2AD7B1
_DURATION = 0x4489


def _check_webm(head: bytes) -> None:
    try:
        header = _ebml_children(head, 0, len(head))
    except ValueError:
        raise _not_a_video() from None
    if not header or header[0][0] != _EBML:
        raise _not_a_video()
    _id, start, end = header[0]
    doctype = next(
        (head[s:e] for element, s, e in _ebml_children(head, start, end) if element == _DOCTYPE),
        b"",
    )
    if doctype.rstrip(b"\x00") != b"webm":
        raise _not_a_video()


def check_video(upload: Any) -> CheckedVideo:
    """The container of an uploaded video (MP4 or WebM), or ValidationError saying why not.
    Bounded by VIDEO_MAX_UPLOAD; only headers and top-level boxes are read."""
    size = upload.size
    if size > settings.VIDEO_MAX_UPLOAD:
        raise ValidationError(
            _("This video is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.VIDEO_MAX_UPLOAD),
            },
        )
    upload.seek(0)
    head = upload.read(_WEBM_HEAD)
    if head[4:8] == b"ftyp":
        _check_mp4(upload, size)
        mime_type = MP4
    elif head[:4] == b"\x1a\x45\xdf\xa3":
        _check_webm(head)
        mime_type = WEBM
    else:
        raise _not_a_video()
    upload.seek(0)
    return CheckedVideo(mime_type=mime_type, extension=EXTENSIONS[mime_type])


class CheckedVideoFormField(forms.FileField):
    """A video form field: the file checked by content, renamed to a random name with the
    extension of its real container; its type in `.checked_mime_type`."""

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        checked = check_video(upload)
        upload.name = f"{uuid.uuid4().hex}.{checked.extension}"
        setattr(upload, "checked_mime_type", checked.mime_type)  # noqa: B010 (read by the service)
        return upload

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "video/mp4,video/webm"
        return attrs


# --- durations, read by the worker ----------------------------------------------------------


def _mp4_duration(handle: IO[bytes], total: int) -> float | None:
    for kind, start, size in _mp4_boxes(handle, total):
        if kind != b"moov":
            continue
        handle.seek(start)
        moov = handle.read(min(size, 16 * 1024 * 1024))
        at = 0
        while at + 8 <= len(moov):
            box_size, box_kind = struct.unpack(">I4s", moov[at : at + 8])
            if box_size < 8:
                return None
            if box_kind == b"mvhd":
                body = moov[at + 8 : at + box_size]
                if body[:1] == b"\x01":
                    timescale, duration = struct.unpack(">IQ", body[20:32])
                else:
                    timescale, duration = struct.unpack(">II", body[12:20])
                return duration / timescale if timescale else None
            at += box_size
    return None


def _webm_duration(head: bytes) -> float | None:
    for element, start, end in _ebml_children(head, 0, len(head)):
        if element != _SEGMENT:
            continue
        for child, child_start, child_end in _ebml_children(head, start, end):
            if child != _INFO:
                continue
            scale = 1_000_000
            duration: float | None = None
            for item, s, e in _ebml_children(head, child_start, child_end):
                if item == _TIMECODE_SCALE:
                    scale = int.from_bytes(head[s:e], "big")
                elif item == _DURATION and e - s in (4, 8):
                    duration = struct.unpack(">f" if e - s == 4 else ">d", head[s:e])[0]
            return duration * scale / 1e9 if duration is not None else None
    return None


def video_duration(handle: IO[bytes], *, mime_type: str, size: int) -> int | None:
    """The duration in whole seconds the container declares, or None when it says none."""
    handle.seek(0)
    if mime_type == MP4:
        seconds = _mp4_duration(handle, size)
    else:
        try:
            seconds = _webm_duration(handle.read(_WEBM_HEAD))
        except ValueError:
            seconds = None
    if seconds is None or seconds != seconds or seconds < 0:  # NaN or negative
        return None
    return round(seconds)


# --- captions -------------------------------------------------------------------------------

_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _not_webvtt(detail: str = "") -> ValidationError:
    if detail:
        return ValidationError(
            _("This file is not a WebVTT caption file: %(detail)s"),
            code="not_webvtt",
            params={"detail": detail},
        )
    return ValidationError(
        _("This file is not a WebVTT caption file (it must start with “WEBVTT”)."),
        code="not_webvtt",
    )


def check_webvtt(upload: Any) -> ContentFile:
    """A WebVTT caption file, checked, under a random name; or ValidationError."""
    if upload.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            _("This caption file is larger than %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(MAX_CAPTIONS_BYTES)},
        )
    upload.seek(0)
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _not_webvtt() from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0]
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise _not_webvtt()
    cues = 0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        match = _TIMING.match(line.strip())
        if match is None:
            raise _not_webvtt(
                str(_("the cue timing on line %(line)d cannot be read.")) % {"line": number}
            )
        start = _seconds(*match.groups()[:4])
        end = _seconds(*match.groups()[4:8])
        if end <= start:
            raise _not_webvtt(
                str(_("the cue on line %(line)d ends before it starts.")) % {"line": number}
            )
        cues += 1
    if cues == 0:
        raise _not_webvtt(str(_("it holds no cue.")))
    return ContentFile(data, name=f"{uuid.uuid4().hex}.vtt")


class CheckedCaptionsFormField(forms.FileField):
    """A WebVTT caption file, checked by content; the cleaned value is the checked copy."""

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_webvtt(upload)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "text/vtt,.vtt"
        return attrs
