"""Audio files judged by their content, with mutagen (which reads, never plays, the formats).

An episode's upload is accepted only when its bytes are one of three open or common
formats, whatever its name says: MP3 (MPEG-1/2 Layer III), M4A (AAC in an MP4 container) or
Ogg (Vorbis or Opus). The file must *start* as that format (an ID3 tag then an MPEG frame,
`ftyp` then an audio brand, `OggS`): mutagen alone looks for an MPEG frame anywhere, which
would let an image, an HTML page or an archive with a few frames inside pass as an MP3. A
file carrying markup (a page or a script a browser could be tricked into running) or a ZIP
directory (an archive to unpack) besides its audio is a polyglot, and refused too.

`check_audio()` runs in the request, reading only the headers (mutagen stops there);
`read_audio()` runs in the worker on the stored file and gives the duration.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

#: What is looked at for a polyglot: the beginning (where tags hold text) and the end
#: (where a ZIP keeps its directory).
SNIFF_BYTES = 256 * 1024
_MARKUP = re.compile(rb"<\s*(?:script|html|body|svg|iframe|object|embed|\?php|!doctype)", re.I)
_ZIP_DIRECTORY = b"PK\x05\x06"
_M4A_BRANDS = {b"M4A ", b"M4B ", b"mp42", b"isom", b"mp41", b"iso2", b"dash"}


@dataclass(frozen=True)
class AudioKind:
    extension: str
    mime_type: str


MP3 = AudioKind("mp3", "audio/mpeg")
M4A = AudioKind("m4a", "audio/mp4")
OGG_VORBIS = AudioKind("ogg", "audio/ogg")
OGG_OPUS = AudioKind("opus", "audio/ogg")


@dataclass(frozen=True)
class AudioInfo:
    kind: AudioKind
    #: Seconds, rounded to the nearest (a podcast app shows no less).
    duration: int


def _not_audio() -> ValidationError:
    return ValidationError(
        _(
            "This file is not audio we accept: send an MP3, an M4A (AAC) or an Ogg (Vorbis or Opus) file."
        ),
        code="not_audio",
    )


def _polyglot() -> ValidationError:
    return ValidationError(
        _(
            "This audio file also holds a web page, a script or an archive: export the audio again, without it."
        ),
        code="polyglot",
    )


def _signature(head: bytes) -> str:
    """The container the first bytes announce: "mp3", "mp4", "ogg" or ""."""
    if head.startswith(b"OggS"):
        return "ogg"
    if head[4:8] == b"ftyp":
        return "mp4" if head[8:12] in _M4A_BRANDS else ""
    offset = 0
    if head.startswith(b"ID3") and len(head) >= 10:
        # The tag's size: four 7-bit bytes (synchsafe), then a footer if flagged.
        size = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]
        offset = 10 + size + (10 if head[5] & 0x10 else 0)
        while offset < len(head) and head[offset] == 0:  # padding some tools add
            offset += 1
    frame = head[offset : offset + 2]
    if len(frame) == 2 and frame[0] == 0xFF and frame[1] & 0xE0 == 0xE0 and frame[1] & 0x06 == 0x02:
        return "mp3"  # a frame sync, layer III
    return ""


def _mutagen_kind(fileobj: IO[bytes], container: str) -> AudioInfo:
    """Parse `fileobj` as `container`'s audio with mutagen; ValidationError if it cannot."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3 as MutagenMP3
    from mutagen.mp4 import MP4
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    fileobj.seek(0)
    try:
        if container == "mp3":
            parsed: Any = MutagenMP3(fileobj)
            kind = MP3
            if parsed.info.layer != 3:
                raise _not_audio()
        elif container == "mp4":
            parsed = MP4(fileobj)
            kind = M4A
            if not str(getattr(parsed.info, "codec", "")).startswith("mp4a"):
                raise _not_audio()
        else:
            try:
                parsed, kind = OggVorbis(fileobj), OGG_VORBIS
            except MutagenError:
                fileobj.seek(0)
                parsed, kind = OggOpus(fileobj), OGG_OPUS
    except ValidationError:
        raise
    # mutagen raises its own errors on damaged files, and a few others on absurd values.
    except (MutagenError, ValueError, OSError, EOFError, IndexError, KeyError, TypeError) as exc:
        raise _not_audio() from exc
    length = float(getattr(parsed.info, "length", 0) or 0)
    return AudioInfo(kind=kind, duration=round(length))


def _sniff(fileobj: IO[bytes], size: int) -> str:
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    if size > SNIFF_BYTES:
        fileobj.seek(max(size - SNIFF_BYTES, 0))
        tail = fileobj.read(SNIFF_BYTES)
    else:
        tail = head
    if _MARKUP.search(head) or _MARKUP.search(tail) or _ZIP_DIRECTORY in tail:
        raise _polyglot()
    container = _signature(head)
    if not container:
        raise _not_audio()
    return container


@dataclass(frozen=True)
class CheckedAudio:
    """An accepted upload: the file under a random name with its real format's extension."""

    file: Any
    kind: AudioKind
    size: int


def check_audio(upload: Any, *, max_bytes: int) -> CheckedAudio:
    """The uploaded audio, checked, or ValidationError saying what is wrong: too large
    (refused before a byte is read), not one of the accepted formats by its content, damaged
    (mutagen cannot read it), a polyglot, or without any sound."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if not size:
        raise _not_audio()
    container = _sniff(upload, size)
    info = _mutagen_kind(upload, container)
    if info.duration <= 0:
        raise ValidationError(_("This audio file holds no sound."), code="empty")
    upload.seek(0)
    upload.name = f"{uuid.uuid4().hex}.{info.kind.extension}"
    return CheckedAudio(file=upload, kind=info.kind, size=size)


def read_audio(fileobj: IO[bytes], size: int) -> AudioInfo:
    """Format and duration of a stored file (in the worker): checked again, as a file may
    have been replaced in the storage since."""
    container = _sniff(fileobj, size)
    return _mutagen_kind(fileobj, container)


# --- generated audio (the demo town, the tests) ----------------------------------------------

#: MPEG-1 Layer III, 32 kbit/s, 48 kHz, mono, no CRC: every frame is 144 * 32000 / 48000 =
#: 96 bytes and lasts 1152 / 48000 = 24 ms, so a file's length gives its duration exactly.
_SILENT_FRAME = bytes([0xFF, 0xFB, 0x14, 0xC0]) + bytes(92)
FRAME_SECONDS = 0.024


def silent_mp3(seconds: float) -> bytes:
    """A valid MP3 of silence lasting `seconds` (to the frame): frames whose side
    information says "no audio data", which every decoder plays as silence. Built by hand,
    so that the demo needs neither an encoder nor ffmpeg."""
    return _SILENT_FRAME * round(seconds / FRAME_SECONDS)


def audio_content_file(data: bytes, extension: str) -> ContentFile:
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")
