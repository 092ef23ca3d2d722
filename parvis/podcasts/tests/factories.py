"""Shows, episodes and audio files for tests, made through the services as staff would."""

from __future__ import annotations

import io
import struct
import wave
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from mutagen.ogg import OggPage
from PIL import Image

from parvis.podcasts import services
from parvis.podcasts.audio import check_audio, silent_mp3
from parvis.podcasts.models import Episode, Show

MAX = 10 * 1024 * 1024


def png_bytes(size: tuple[int, int] = (1400, 1400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name: str = "episode.mp3") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="audio/mpeg")


def ogg_opus(seconds: int) -> bytes:
    """An Ogg Opus file of `seconds` of silence: the identification and comment headers,
    then pages of 20 ms packets (a TOC byte each: CELT, fullband, one empty frame; at most
    250 a page, a page holding 255 segments) whose last granule position (48 kHz samples,
    after a pre-skip of 312) gives the length."""
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 6) + b"parvis" + struct.pack("<I", 0)
    packets = seconds * 50
    plan = [([head], 0), ([tags], 0)]
    for done in range(0, packets, 250):
        count = min(250, packets - done)
        plan.append(([b"\xf8"] * count, 312 + (done + count) * 960))
    pages = []
    for sequence, (contents, position) in enumerate(plan):
        page = OggPage()
        page.serial = 7
        page.sequence = sequence
        page.position = position
        page.packets = contents
        page.first = sequence == 0
        page.last = sequence == len(plan) - 1
        pages.append(page.write())
    return b"".join(pages)


def ogg_vorbis(seconds: int) -> bytes:
    """An Ogg Vorbis stream's headers (identification: mono, 44.1 kHz; comments) and one page
    whose granule position gives `seconds`: what mutagen reads of such a file."""
    ident = (
        b"\x01vorbis"
        + struct.pack("<IBIiii", 0, 1, 44100, 0, 64000, 0)
        + bytes([0xB8, 0x01])  # block sizes 256 and 2048, framing bit
    )
    comments = b"\x03vorbis" + struct.pack("<I", 6) + b"parvis" + struct.pack("<I", 0) + b"\x01"
    plan = [([ident], 0), ([comments], 0), ([b"\x00" * 40] * 10, seconds * 44100)]
    pages = []
    for sequence, (contents, position) in enumerate(plan):
        page = OggPage()
        page.serial = 9
        page.sequence = sequence
        page.position = position
        page.packets = contents
        page.first = sequence == 0
        page.last = sequence == len(plan) - 1
        pages.append(page.write())
    return b"".join(pages)


def wav_bytes(seconds: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(bytes(2 * 8000 * seconds))
    return out.getvalue()


def flac_bytes() -> bytes:
    """A FLAC header (the "fLaC" marker and its STREAMINFO block: 44.1 kHz, mono, 16 bits,
    441,000 samples), enough for mutagen to say it is FLAC lasting 10 s."""
    info = struct.pack(">HH", 4096, 4096) + bytes(6)
    # 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits samples
    packed = (44100 << 44) | (0 << 41) | (15 << 36) | 441000
    info += packed.to_bytes(8, "big") + bytes(16)
    return b"fLaC" + bytes([0x80]) + len(info).to_bytes(3, "big") + info


def make_show(slug: str = "la-voix-du-bourg", *, publish: bool = True, **fields: Any) -> Show:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    fields.setdefault("description", f"The **show** {slug}.")
    fields.setdefault("author", "Mairie de Villeneuve")
    fields.setdefault("owner_name", "Service communication")
    fields.setdefault("owner_email", "podcast@mairie.example")
    show = Show(slug=slug, is_published=publish, **fields)
    show.cover.save(f"{slug}.png", ContentFile(png_bytes((64, 64))), save=False)
    show.cover_alt = show.cover_alt or f"Cover of {slug}"
    return services.show_save(show=show, actor=None)


def make_episode(
    show: Show,
    slug: str = "episode-1",
    *,
    seconds: int = 12,
    audio: bytes | None = None,
    name: str = "episode.mp3",
    process: bool = True,
    publish: bool = True,
    published_at: datetime | None = None,
    **fields: Any,
) -> Episode:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    fields.setdefault("description", f"Notes of *{slug}*.")
    episode = Episode(show=show, slug=slug, is_published=publish, **fields)
    if published_at is not None:
        episode.published_at = published_at
    checked = check_audio(upload(audio or silent_mp3(seconds), name), max_bytes=MAX)
    episode = services.episode_save(episode=episode, actor=None, new_audio=checked)
    if process:
        services.episode_process(episode_id=episode.pk)
        episode.refresh_from_db()
    return episode
